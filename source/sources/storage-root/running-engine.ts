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

/** containerd's root: `--root X`, else `root` of its `--config` file, else /var/lib/containerd. */
function containerdRootOf(commandLine: string[], pid: string): string {
	const valueOf = (flag: string) => {
		const index = commandLine.findIndex(argument => argument === flag || argument.startsWith(`${flag}=`));
		if (index < 0) return undefined;
		return commandLine[index]!.includes('=') ? commandLine[index]!.slice(flag.length + 1) : commandLine[index + 1];
	};

	const root = valueOf('--root');
	if (root) return root;
	const config = valueOf('--config') ?? valueOf('-c');
	try {
		const configured = config ? /^\s*root\s*=\s*"([^"]+)"/m.exec(readFileSync(`/proc/${pid}/root${config}`, 'utf8'))?.[1] : undefined;
		return configured ?? '/var/lib/containerd';
	} catch {
		return '/var/lib/containerd';
	}
}

/**
 * The pid of an engine working on this root (from /proc), when one runs on this machine: a dockerd on its data
 * root, or a containerd on its own root. Paths are resolved inside the process's root (an engine in a chroot).
 */
export function engineOn(root: string): {name: 'dockerd' | 'containerd'; pid: number} | undefined {
	let pids: string[];
	try {
		pids = readdirSync('/proc').filter(name => /^\d+$/.test(name));
	} catch {
		return undefined;
	}

	for (const pid of pids) {
		const commandLine = argumentsOf(pid);
		const name = path.basename(commandLine[0] ?? '');
		if (name !== 'dockerd' && name !== 'containerd') continue;
		const workingOn = name === 'dockerd' ? dataRootOf(commandLine) : containerdRootOf(commandLine, pid);
		if (realOrSame(`/proc/${pid}/root${workingOn}`) === root) return {name, pid: Number(pid)};
	}

	return undefined;
}

/** The pid of a dockerd working on this data root. */
export function dockerdOn(root: string): number | undefined {
	const engine = engineOn(root);
	return engine?.name === 'dockerd' ? engine.pid : undefined;
}
