import {type EntryType, type LayerEntry} from '../../source/analysis/model.js';
import {sha256} from './make-tar.js';

/** Layer entries written by hand for analysis tests: `file('etc/a', 'text')`, `dir('etc')`, `whiteout('etc/a')`. */
export function file(path: string, content = '', mode = 0o644): LayerEntry {
	const entry: LayerEntry = {path, type: 'file', size: Buffer.byteLength(content), mode, uid: 0, gid: 0};
	if (content !== '') entry.digest = sha256(content);
	return entry;
}

export function dir(path: string, mode = 0o755): LayerEntry {
	return {path, type: 'dir', size: 0, mode, uid: 0, gid: 0};
}

export function symlink(path: string, target: string): LayerEntry {
	return {path, type: 'symlink', size: 0, mode: 0o777, uid: 0, gid: 0, linkTarget: target};
}

export function hardlink(path: string, target: string): LayerEntry {
	return {path, type: 'hardlink', size: 0, mode: 0o644, uid: 0, gid: 0, linkTarget: target};
}

export function whiteout(path: string): LayerEntry {
	const slash = path.lastIndexOf('/');
	const name = slash === -1 ? `.wh.${path}` : `${path.slice(0, slash)}/.wh.${path.slice(slash + 1)}`;
	return {path: name, type: 'file', size: 0, mode: 0o600, uid: 0, gid: 0};
}

export function opaque(directory: string): LayerEntry {
	return {path: `${directory}/.wh..wh..opq`, type: 'file', size: 0, mode: 0o755, uid: 0, gid: 0};
}

export function node(path: string, type: EntryType): LayerEntry {
	return {path, type, size: 0, mode: 0o644, uid: 0, gid: 0, devMajor: 1, devMinor: 3};
}
