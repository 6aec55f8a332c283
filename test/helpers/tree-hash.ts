import {createHash} from 'node:crypto';
import {lstatSync, readdirSync, readFileSync, readlinkSync} from 'node:fs';
import path from 'node:path';

/**
 * A fingerprint of everything under `root` that a reader must never change: every entry's path, type, mode, owner,
 * size and mtime (nanoseconds), each file's content and each symlink's target. Symlinks are not followed.
 */
export function treeFingerprint(root: string): {entries: number; digest: string} {
	const lines: string[] = [];
	const pending = [root];
	while (pending.length > 0) {
		const directory = pending.pop()!;
		for (const name of readdirSync(directory)) {
			const full = path.join(directory, name);
			const stats = lstatSync(full, {bigint: true});
			let content = '';
			if (stats.isDirectory()) pending.push(full);
			else if (stats.isSymbolicLink()) content = readlinkSync(full);
			else if (stats.isFile()) content = createHash('sha256').update(readFileSync(full)).digest('hex');
			lines.push([path.relative(root, full), stats.mode, stats.uid, stats.gid, stats.size, stats.mtimeNs, stats.rdev, content].join('\t'));
		}
	}

	lines.sort();
	return {entries: lines.length, digest: createHash('sha256').update(lines.join('\n')).digest('hex')};
}
