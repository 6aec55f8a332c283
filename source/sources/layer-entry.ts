import {type EntryType, type LayerEntry} from '../analysis/model.js';
import {normalizeEntryPath, normalizeLinkTarget} from '../analysis/paths.js';

/** The fields every tar reader extracts from a header (names as binary strings, PAX already applied). */
export type HeaderFields = {
	name: string;
	type: EntryType;
	size: number;
	mode: number;
	uid: number;
	gid: number;
	linkname: string;
	mtime: number;
	devMajor: number;
	devMinor: number;
	dataOffset?: number;
};

export type BuiltEntry = {entry: LayerEntry} | {skipped: 'root'} | {problem: string};

/** Turns decoded header fields into a layer entry, applying the name rules of Docker's layer applier. */
export function buildEntry(fields: HeaderFields): BuiltEntry {
	const normalized = normalizeEntryPath(fields.name);
	if (!normalized.ok) return {problem: normalized.problem};
	if (normalized.path === '') return {skipped: 'root'};
	const entry: LayerEntry = {
		path: normalized.path,
		type: fields.type,
		size: fields.type === 'file' ? fields.size : 0,
		mode: fields.mode & 0o7777,
		uid: fields.uid,
		gid: fields.gid,
		mtime: fields.mtime,
	};
	if (fields.type === 'symlink') entry.linkTarget = fields.linkname;
	if (fields.type === 'hardlink') {
		const target = normalizeLinkTarget(fields.linkname);
		if (target === undefined) return {problem: `hard link ${normalized.path} has an invalid target: ${fields.linkname}`};
		entry.linkTarget = target;
	}

	if (fields.type === 'char' || fields.type === 'block') {
		entry.devMajor = fields.devMajor;
		entry.devMinor = fields.devMinor;
	}

	if (fields.dataOffset !== undefined && fields.type === 'file') entry.dataOffset = fields.dataOffset;
	return {entry};
}
