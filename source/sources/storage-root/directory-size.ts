import {lstatSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {isBuildKitId, type LooseDirectory} from '../../analysis/disk-records.js';
import {type DriverLayout} from './driver-layout.js';
import {permissionDenied, type StorageRoot} from './storage-root.js';

export type SizeTally = {
	bytes: number;
	files: number;
	/** Paths that vanished while they were read (a running engine changes its root). */
	vanished: string[];
};

/**
 * Docker's `directory.Size`: the apparent size (`st_size`) of every non-directory under `directory`, each inode
 * counted once, directories themselves not counted, symlinks never followed (docs/formats.md §3.9). A directory
 * that does not exist (undefined: absent or reached through a symlink) is 0 bytes.
 */
export function directorySize(directory: string | undefined): SizeTally {
	const tally: SizeTally = {bytes: 0, files: 0, vanished: []};
	if (directory === undefined) return tally;
	const inodes = new Set<number>();
	const pending = [directory];
	while (pending.length > 0) {
		const current = pending.pop()!;
		for (const entry of listOrNothing(current, tally, current !== directory)) {
			const full = path.join(current, entry.name);
			if (entry.isDirectory()) {
				pending.push(full);
				continue;
			}

			const stats = statOrNothing(full, tally);
			if (!stats || inodes.has(stats.ino)) continue;
			inodes.add(stats.ino);
			tally.bytes += stats.size;
			tally.files++;
		}
	}

	return tally;
}

function listOrNothing(directory: string, tally: SizeTally, mayVanish: boolean) {
	try {
		return readdirSync(directory, {withFileTypes: true});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(directory);
		if (code === 'ENOENT' || code === 'ENOTDIR') {
			if (mayVanish) tally.vanished.push(directory);
			return [];
		}

		throw error;
	}
}

function statOrNothing(file: string, tally: SizeTally) {
	try {
		return lstatSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			tally.vanished.push(file);
			return undefined;
		}

		if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(file);
		throw error;
	}
}

/**
 * containerd's `fs.DiskUsage` (containerd/continuity), the usage of an active snapshot: allocated bytes
 * (`st_blocks` × 512) of every inode under `directory`, the directory itself and its subdirectories included, hard
 * links counted once, symlinks never followed.
 */
export function allocatedSize(directory: string | undefined): SizeTally {
	const tally: SizeTally = {bytes: 0, files: 0, vanished: []};
	if (directory === undefined) return tally;
	const inodes = new Set<number>();
	const count = (file: string) => {
		const stats = statOrNothing(file, tally);
		if (!stats || inodes.has(stats.ino)) return stats;
		inodes.add(stats.ino);
		tally.bytes += stats.blocks * 512;
		tally.files++;
		return stats;
	};

	count(directory);
	const pending = [directory];
	while (pending.length > 0) {
		const current = pending.pop()!;
		for (const entry of listOrNothing(current, tally, current !== directory)) {
			const full = path.join(current, entry.name);
			count(full);
			if (entry.isDirectory()) pending.push(full);
		}
	}

	return tally;
}

/** Sizes the driver directories nothing claims: BuildKit snapshots are build cache, the rest orphans. */
export function looseDirectories(root: StorageRoot, layout: DriverLayout, names: string[], warnings: string[]): LooseDirectory[] {
	return names.map(name => {
		const tally = directorySize(root.directory(layout.filesOf(name)));
		for (const path of tally.vanished) warnings.push(`${path} vanished while it was measured`);
		return {name, sizeBytes: tally.bytes, kind: isBuildKitId(name) ? 'build-cache' : 'orphan'};
	});
}
