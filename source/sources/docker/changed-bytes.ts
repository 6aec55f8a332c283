import {lstatSync, readdirSync, type Stats} from 'node:fs';
import path from 'node:path';
import {permissionDenied} from '../storage-root/storage-root.js';

function statOf(file: string): Stats | undefined {
	try {
		return lstatSync(file);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(file);
		return undefined;
	}
}

function namesIn(directory: string): string[] {
	try {
		return readdirSync(directory);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(directory);
		return [];
	}
}

/** Docker's test for a changed entry (`statDifferent`): mode, owner, device, and for non-directories size and mtime. */
function changed(now: Stats, before: Stats): boolean {
	if (now.mode !== before.mode || now.uid !== before.uid || now.gid !== before.gid || now.rdev !== before.rdev) return true;
	if (now.isDirectory()) return false;
	return now.size !== before.size || now.mtimeMs !== before.mtimeMs;
}

/**
 * The bytes a full-copy layer (vfs) adds over its parent, as Docker's naive diff counts a container's SizeRw
 * (`archive.ChangesSize`, docs/formats.md §3.9): the sizes of added or changed non-directories, each inode once.
 */
export function changedBytes(layer: string | undefined, parent: string | undefined): number {
	if (layer === undefined || parent === undefined) return -1;
	const inodes = new Set<number>();
	let bytes = 0;
	const pending = [''];
	while (pending.length > 0) {
		const relative = pending.pop()!;
		for (const name of namesIn(path.join(layer, relative))) {
			const child = path.join(relative, name);
			const now = statOf(path.join(layer, child));
			if (!now) continue;
			const before = statOf(path.join(parent, child));
			if (now.isDirectory()) pending.push(child);
			if (now.isDirectory() || (before && !changed(now, before)) || inodes.has(now.ino)) continue;
			inodes.add(now.ino);
			bytes += now.size;
		}
	}

	return bytes;
}
