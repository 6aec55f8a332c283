import {spawnSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {decompress} from 'fzstd';
import {fixture} from './cli.js';

/** A file of the engine's own figures for a fixture root, recorded while it ran (see test/fixtures/roots/README.md). */
export const containerdTruth = (file: string, root = 'docker26-c8d') => fixture('roots', `${root}.truth`, file);

export function truthJson<T = unknown>(file: string, root = 'docker26-c8d'): T {
	return JSON.parse(readFileSync(containerdTruth(file, root), 'utf8')) as T;
}

/**
 * Unpacks a committed containerd-store root (Docker 26's unless named) into a new temporary directory and returns its path. As a
 * user other than root, tar cannot make the whiteout devices or set `trusted.` xattrs and says so; layerscope reads
 * layers from the content store, so the root is still whole for it.
 */
export function unpackContainerdRoot(root = 'docker26-c8d'): string {
	const directory = mkdtempSync(path.join(tmpdir(), 'layerscope-c8d-'));
	const tar = Buffer.from(decompress(readFileSync(fixture('roots', `${root}.tar.zst`))));
	const result = spawnSync('tar', ['-x', '--xattrs', '--xattrs-include=*', '--no-same-owner', '-C', directory], {input: tar, maxBuffer: 64 * 1024 * 1024});
	if (!existsSync(path.join(directory, 'containerd/daemon/io.containerd.metadata.v1.bolt/meta.db'))) {
		throw new Error(`unpacking the containerd fixture root failed: ${result.stderr.toString()}`);
	}

	return directory;
}
