import {type EntryType, type LayerEntry} from '../../analysis/model.js';
import {normalizeEntryPath, normalizeLinkTarget} from '../../analysis/paths.js';

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
	const isDevice = fields.type === 'char' || fields.type === 'block';
	// Every entry gets every field, in one order, so that all entries share one hidden class (see union.ts).
	const entry: LayerEntry = {
		path: normalized.path,
		type: fields.type,
		size: fields.type === 'file' ? fields.size : 0,
		mode: fields.mode & 0o7777,
		uid: fields.uid,
		gid: fields.gid,
		linkTarget: undefined,
		devMajor: isDevice ? fields.devMajor : undefined,
		devMinor: isDevice ? fields.devMinor : undefined,
		mtime: fields.mtime,
		dataOffset: fields.type === 'file' ? fields.dataOffset : undefined,
		digest: undefined,
		head: undefined,
	};
	if (fields.type === 'symlink') entry.linkTarget = fields.linkname;
	if (fields.type === 'hardlink') {
		const target = normalizeLinkTarget(fields.linkname);
		if (target === undefined) return {problem: `hard link ${normalized.path} has an invalid target: ${fields.linkname}`};
		entry.linkTarget = target;
	}

	return {entry};
}
