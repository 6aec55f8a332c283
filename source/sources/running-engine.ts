import {readdirSync, readFileSync, realpathSync} from 'node:fs';
import path from 'node:path';

function argumentsOf(pid: string): string[] {
	try {
		return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').filter(Boolean);
	} catch {
		return [];
	}
}

/** The `--data-root` a dockerd command line names (`--data-root X` or `--data-root=X`), else the default. */
function dataRootOf(commandLine: string[]): string {
	for (const [index, argument] of commandLine.entries()) {
		if (argument === '--data-root' || argument === '-g' || argument === '--graph') return commandLine[index + 1] ?? '';
		if (argument.startsWith('--data-root=')) return argument.slice('--data-root='.length);
	}

	return '/var/lib/docker';
}

function realOrSame(directory: string): string {
	try {
		return realpathSync(directory);
	} catch {
		return directory;
	}
}

/** The pid of a dockerd working on this data root (from /proc), when one runs on this machine. */
export function dockerdOn(root: string): number | undefined {
	let pids: string[];
	try {
		pids = readdirSync('/proc').filter(name => /^\d+$/.test(name));
	} catch {
		return undefined;
	}

	for (const pid of pids) {
		const commandLine = argumentsOf(pid);
		if (path.basename(commandLine[0] ?? '') !== 'dockerd') continue;
		if (realOrSame(dataRootOf(commandLine)) === root) return Number(pid);
	}

	return undefined;
}
