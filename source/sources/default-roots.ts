import {accessSync, constants, readFileSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';

/** A setting of a config file, when the file exists and sets it: `data-root` in JSON, `graphroot` in TOML. */
function configured(file: string, pattern: RegExp): string | undefined {
	try {
		return pattern.exec(readFileSync(file, 'utf8'))?.[1];
	} catch {
		return undefined;
	}
}

/**
 * The storage roots layerscope looks in without `--root`, in this order: Docker's (`data-root` of
 * /etc/docker/daemon.json, else /var/lib/docker), containers/storage's for root and for this user (`graphroot` of
 * storage.conf, else the defaults). Docker's containerd image store (`/var/lib/containerd`) is not read yet.
 * `LAYERSCOPE_ROOTS` (paths separated by `:`) replaces the list.
 */
export function defaultRootCandidates(home = homedir(), environment = process.env): string[] {
	const override = environment['LAYERSCOPE_ROOTS'];
	if (override !== undefined) return override.split(':').filter(Boolean);
	const dataHome = environment['XDG_DATA_HOME'] || path.join(home, '.local/share');
	const configHome = environment['XDG_CONFIG_HOME'] || path.join(home, '.config');
	const graphRoot = /^\s*graphroot\s*=\s*"([^"]+)"/m;
	return [...new Set([
		configured('/etc/docker/daemon.json', /"data-root"\s*:\s*"([^"]+)"/) ?? '/var/lib/docker',
		configured('/etc/containers/storage.conf', graphRoot) ?? '/var/lib/containers/storage',
		configured(path.join(configHome, 'containers/storage.conf'), graphRoot) ?? path.join(dataHome, 'containers/storage'),
	])];
}

function isDirectory(candidate: string): boolean {
	try {
		return statSync(candidate).isDirectory();
	} catch {
		return false;
	}
}

function isReadable(candidate: string): boolean {
	try {
		accessSync(candidate, constants.R_OK | constants.X_OK);
		return true;
	} catch {
		return false;
	}
}

/** The default roots that exist and this user may read, or when there are none, those that exist. */
export function findDefaultRoots(): string[] | {denied: string[]} {
	const present = defaultRootCandidates().filter(candidate => isDirectory(candidate));
	const readable = present.filter(candidate => isReadable(candidate));
	return readable.length > 0 ? readable : {denied: present};
}
