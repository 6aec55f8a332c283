import {lstatSync, readdirSync, readlinkSync, type Stats} from 'node:fs';
import {type LayerEntry, type LayerListing} from '../../analysis/model.js';
import {buildEntry, type HeaderFields} from '../layers/layer-entry.js';

/** How a driver marks a deletion on disk: overlayfs a 0/0 character device, aufs a `.wh.` file as in the tar. */
export type WhiteoutStyle = 'overlay' | 'aufs';

// aufs keeps its own bookkeeping at the top of every branch (docs/formats.md §3.6); it is not layer content.
const aufsMetadata = new Set(['.wh..wh.plnk', '.wh..wh.aufs', '.wh..wh.orph']);

function deviceNumbers(rdev: number): {devMajor: number; devMinor: number} {
	return {devMajor: Math.floor(rdev / 256) & 0xfff, devMinor: (rdev & 0xff) | (Math.floor(rdev / 4096) & 0xfff00)};
}

function fieldsOf(name: string, stats: Stats, full: Buffer, hardLinkTarget: string | undefined, style: WhiteoutStyle): HeaderFields | undefined {
	const base = {size: 0, mode: stats.mode, uid: stats.uid, gid: stats.gid, linkname: '', mtime: Math.floor(stats.mtimeMs / 1000), devMajor: 0, devMinor: 0};
	if (hardLinkTarget !== undefined) return {...base, name, type: 'hardlink', linkname: hardLinkTarget};
	if (stats.isDirectory()) return {...base, name, type: 'dir'};
	if (stats.isFile()) return {...base, name, type: 'file', size: stats.size};
	if (stats.isSymbolicLink()) return {...base, name, type: 'symlink', linkname: readlinkSync(full, {encoding: 'buffer'}).toString('latin1')};
	if (stats.isCharacterDevice() && stats.rdev === 0 && style === 'overlay') {
		const slash = name.lastIndexOf('/');
		return {...base, name: `${name.slice(0, slash + 1)}.wh.${name.slice(slash + 1)}`, type: 'file', mode: 0o600};
	}

	if (stats.isCharacterDevice()) return {...base, name, type: 'char', ...deviceNumbers(stats.rdev)};
	if (stats.isBlockDevice()) return {...base, name, type: 'block', ...deviceNumbers(stats.rdev)};
	if (stats.isFIFO()) return {...base, name, type: 'fifo'};
	return undefined;
}

/**
 * A layer listed from its driver directory, for a layer without tar-split: parents before children, names in
 * byte order, a second name of an inode as a hard link, overlayfs whiteouts turned back into `.wh.` entries.
 * Opaque directories live in `trusted.*` xattrs that Node cannot read, so they are not seen (a warning says so).
 */
export function listLayerDirectory(directory: string, style: WhiteoutStyle): LayerListing {
	const entries: LayerEntry[] = [];
	const firstNames = new Map<number, string>();
	const pending: string[] = [''];
	while (pending.length > 0) {
		const relative = pending.shift()!;
		const names = readdirSync(Buffer.from(`${directory}/${relative}`, 'latin1'), {encoding: 'buffer'}).map(name => name.toString('latin1')).sort();
		for (const child of names) {
			if (relative === '' && style === 'aufs' && aufsMetadata.has(child)) continue;
			const name = `${relative}${child}`;
			const full = Buffer.from(`${directory}/${name}`, 'latin1');
			const stats = lstatSync(full);
			const linkTarget = stats.isFile() && stats.nlink > 1 ? firstNames.get(stats.ino) : undefined;
			if (stats.isFile() && stats.nlink > 1 && linkTarget === undefined) firstNames.set(stats.ino, name);
			const fields = fieldsOf(name, stats, full, linkTarget, style);
			const built = fields ? buildEntry(fields) : undefined;
			if (built && 'entry' in built) entries.push(built.entry);
			if (stats.isDirectory()) pending.push(`${name}/`);
		}
	}

	const warnings = style === 'overlay' ? [`${directory}: no tar-split; listed from the directory, where opaque directories cannot be seen`] : [];
	return {entries, tarBytes: 0, warnings};
}
