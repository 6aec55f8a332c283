import {accessSync, constants, readFileSync, statSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {type DockerSide} from '../containerd/records.js';
import {containerdBase} from '../containerd/store.js';
import {isDockerRoot} from '../docker/store.js';
import {StorageRoot} from './storage-root.js';

/** A setting of a config file, when the file exists and sets it: `data-root` in JSON, `graphroot` in TOML. */
function configured(file: string, pattern: RegExp): string | undefined {
	try {
		return pattern.exec(readFileSync(file, 'utf8'))?.[1];
	} catch {
		return undefined;
	}
}

/** Docker's data root: `LAYERSCOPE_DOCKER_ROOT`, else `data-root` of /etc/docker/daemon.json, else /var/lib/docker. */
export function dockerDataRoot(environment = process.env): string {
	return environment['LAYERSCOPE_DOCKER_ROOT'] || configured('/etc/docker/daemon.json', /"data-root"\s*:\s*"([^"]+)"/) || '/var/lib/docker';
}

/** The system containerd's root: `LAYERSCOPE_CONTAINERD_ROOT`, else `root` of /etc/containerd/config.toml, else /var/lib/containerd. */
export function systemContainerdCandidate(environment = process.env): string {
	return environment['LAYERSCOPE_CONTAINERD_ROOT'] || configured('/etc/containerd/config.toml', /^\s*root\s*=\s*"([^"]+)"/m) || '/var/lib/containerd';
}

/** The system containerd's root when it holds a metadata database this user may read. */
export function systemContainerdRoot(environment = process.env): StorageRoot | undefined {
	const candidate = systemContainerdCandidate(environment);
	if (!isDirectory(candidate)) return undefined;
	const root = new StorageRoot(candidate);
	return containerdBase(root) === '' ? root : undefined;
}

/**
 * Whether a Docker data root keeps (some of) its images in the system containerd: container mount points under
 * `rootfs/`, or Docker's own directories with neither a classic image store nor a containerd of its own.
 */
export function usesContainerdStore(root: StorageRoot): boolean {
	if (containerdBase(root) !== undefined) return false;
	if (root.directories('rootfs').length > 0) return true;
	const present = new Set(root.directories(''));
	return !present.has('image') && present.has('containers') && present.has('volumes');
}

/** The Docker data root that uses this (system) containerd root, for its containers and volumes. */
export function dockerRootUsing(containerd: StorageRoot, environment = process.env): DockerSide | undefined {
	const candidate = dockerDataRoot(environment);
	if (!isDirectory(candidate) || !isReadable(candidate)) return undefined;
	const docker = new StorageRoot(candidate);
	if (docker.path === containerd.path || !usesContainerdStore(docker)) return undefined;
	return {root: docker, volumes: !isDockerRoot(docker)};
}

/**
 * The storage roots layerscope looks in without `--root`, in this order: Docker's data root, the system
 * containerd's root (Docker 29 packages keep images there, namespace `moby`), containers/storage's for root and
 * for this user (`graphroot` of storage.conf, else the defaults). `LAYERSCOPE_ROOTS` (paths separated by `:`)
 * replaces the list.
 */
export function defaultRootCandidates(home = homedir(), environment = process.env): string[] {
	const override = environment['LAYERSCOPE_ROOTS'];
	if (override !== undefined) return override.split(':').filter(Boolean);
	const dataHome = environment['XDG_DATA_HOME'] || path.join(home, '.local/share');
	const configHome = environment['XDG_CONFIG_HOME'] || path.join(home, '.config');
	const graphRoot = /^\s*graphroot\s*=\s*"([^"]+)"/m;
	return [...new Set([
		dockerDataRoot(environment),
		systemContainerdCandidate(environment),
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
