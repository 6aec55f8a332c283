import {classifyChange} from '../analysis/changes.js';
import {type EntryType, type LayerEntry} from '../analysis/model.js';
import {baseName, parentOf} from '../analysis/paths.js';
import {itemsPerStep, type Steps} from '../analysis/steps.js';
import {type LayerChange, type LayerOutcome, type StoredCopy} from '../analysis/union.js';

/** What a layer did to a path that it put in the view. */
export type VersionKind = 'added' | 'modified' | 'metadataOnly';

/** One stretch of layers during which a path stood in the view with the same entry. */
export type PathVersion = {
	/** The layer that put this entry at the path. */
	from: number;
	/** The first layer where it is gone or replaced (exclusive); `Infinity` while it lasts to the end. */
	until: number;
	kind: VersionKind;
	/** The entry's attributes (type, mode, owner, link target). For a hard link, the link entry itself. */
	entry: LayerEntry;
	/** The type the view gives it: a hard link is a `file`. */
	type: EntryType;
	/** Regular files: the stored bytes behind the name (their `fate` tells whether a later layer wastes them). */
	copy?: StoredCopy;
};

/**
 * Every path that exists in any layer of an image, once, numbered in depth-first order with siblings sorted by
 * name (bytewise), and what each layer did to it. Path 0 is the root. Because numbering is depth-first, the subtree
 * of path `p` is exactly the ids from `p` to `subtreeEnd[p] - 1`, and a parent's id is below its children's.
 */
export type PathTable = {
	/** Number of paths, the root included. */
	count: number;
	layerCount: number;
	/** Binary (latin1) base name of each path; '' for the root. */
	names: string[];
	parent: Int32Array;
	depth: Int32Array;
	subtreeEnd: Int32Array;
	/** The children of `p` are `children[childStart[p] .. childStart[p + 1])`, sorted by name. */
	childStart: Int32Array;
	children: Int32Array;
	/** The versions of `p` are `versionStart[p] .. versionStart[p + 1]` in the columns below, oldest first. */
	versionStart: Int32Array;
	versions: VersionColumns;
};

/** Versions as columns rather than objects: a third of the memory for an image of a hundred thousand paths. */
export type VersionColumns = {
	from: Uint16Array;
	/** `lastsToTheEnd` for a version still standing after the last layer. */
	until: Uint16Array;
	kind: Uint8Array;
	entry: LayerEntry[];
	copy: Array<StoredCopy | undefined>;
};

/** The `until` of a version that stands after the last layer. */
export const lastsToTheEnd = 0xFF_FF;
const versionKinds: readonly VersionKind[] = ['added', 'modified', 'metadataOnly'];

/** One version as an object (for the few rows on screen). */
export function versionOf(table: PathTable, at: number): PathVersion {
	const columns = table.versions;
	const until = columns.until[at]!;
	const entry = columns.entry[at]!;
	const version: PathVersion = {
		from: columns.from[at]!, until: until === lastsToTheEnd ? Number.POSITIVE_INFINITY : until, kind: versionKinds[columns.kind[at]!]!,
		entry, type: entry.type === 'hardlink' ? 'file' : entry.type,
	};
	const copy = columns.copy[at];
	if (copy) version.copy = copy;
	return version;
}

type Draft = {name: string; parent: number; children: number[]; versions: PathVersion[]; open?: PathVersion};

/**
 * Replays every layer's changes once, giving each path its versions, as steps (see `steps.ts`). Needs hashed contents
 * (see `classifyChange`). Layers are counted in 16 bits: an image has at most 65,534 layers here (Docker stops at 127).
 */
export function * tabulatingPaths(outcomes: LayerOutcome[]): Steps<PathTable> {
	const drafts: Draft[] = [{name: '', parent: -1, children: [], versions: []}];
	const idOf = new Map<string, number>([['', 0]]);
	const draftFor = (path: string): Draft => drafts[ensurePath(path, drafts, idOf)]!;
	for (const [layer, outcome] of outcomes.entries()) {
		// Closings first, so that a path removed and put back by the same layer gets a fresh version.
		for (const [index, change] of outcome.changes.entries()) {
			closeBefore(change, layer, draftFor(change.path), drafts);
			if (index % itemsPerStep === 0) yield;
		}

		for (const [index, change] of outcome.changes.entries()) {
			openAfter(change, layer, draftFor(change.path));
			if (index % itemsPerStep === 0) yield;
		}
	}

	return yield * numberingDepthFirst(drafts, outcomes.length);
}

function ensurePath(path: string, drafts: Draft[], idOf: Map<string, number>): number {
	const known = idOf.get(path);
	if (known !== undefined) return known;
	const parent = ensurePath(parentOf(path), drafts, idOf);
	const id = drafts.length;
	drafts.push({name: baseName(path), parent, children: [], versions: []});
	drafts[parent]!.children.push(id);
	idOf.set(path, id);
	return id;
}

function closeBefore(change: LayerChange, layer: number, draft: Draft, drafts: Draft[]): void {
	if (change.kind === 'added') return;
	const before = change.before ?? change.node;
	if (draft.open) {
		// A directory merged in place keeps its node, so the entry it had until now is the snapshot in `before`.
		draft.open.entry = before.entry;
		close(draft, layer);
	}

	const subtreeGoes = change.kind === 'removed' || (before.children !== undefined && before.children !== change.node.children);
	if (subtreeGoes) closeDescendants(draft, layer, drafts);
}

function openAfter(change: LayerChange, layer: number, draft: Draft): void {
	if (change.kind === 'removed') return;
	const {node} = change;
	const version: PathVersion = {
		from: layer, until: Number.POSITIVE_INFINITY, kind: classifyChange(change) as VersionKind, entry: node.entry, type: node.type,
	};
	if (node.copy) version.copy = node.copy;
	draft.versions.push(version);
	draft.open = version;
}

function close(draft: Draft, layer: number): void {
	draft.open!.until = layer;
	delete draft.open;
}

function closeDescendants(draft: Draft, layer: number, drafts: Draft[]): void {
	const pending = [...draft.children];
	while (pending.length > 0) {
		const child = drafts[pending.pop()!]!;
		if (child.open) close(child, layer);
		pending.push(...child.children);
	}
}

const byName = (drafts: Draft[]) => (a: number, b: number) => {
	const left = drafts[a]!.name;
	const right = drafts[b]!.name;
	return left < right ? -1 : left > right ? 1 : 0;
};

function * numberingDepthFirst(drafts: Draft[], layerCount: number): Steps<PathTable> {
	const count = drafts.length;
	const table: PathTable = {
		count, layerCount, names: Array.from({length: count}, () => ''),
		parent: new Int32Array(count), depth: new Int32Array(count), subtreeEnd: new Int32Array(count),
		childStart: new Int32Array(count + 1), children: new Int32Array(Math.max(0, count - 1)),
		versionStart: new Int32Array(count + 1), versions: emptyColumns(drafts.reduce((sum, draft) => sum + draft.versions.length, 0)),
	};
	const order = byName(drafts);
	const newId = new Int32Array(count);
	let next = 0;
	// Iterative depth-first walk; a negative draft marks "subtree done" so its end can be recorded.
	const stack: number[] = [0];
	while (stack.length > 0) {
		const item = stack.pop()!;
		if (item < 0) {
			table.subtreeEnd[newId[~item]!] = next;
			continue;
		}

		const draft = drafts[item]!;
		const id = next++;
		if (id % itemsPerStep === 0) yield;
		newId[item] = id;
		table.names[id] = draft.name;
		table.parent[id] = draft.parent === -1 ? -1 : newId[draft.parent]!;
		table.depth[id] = draft.parent === -1 ? 0 : table.depth[table.parent[id]!]! + 1;
		stack.push(~item);
		const sorted = draft.children.sort(order);
		for (let index = sorted.length - 1; index >= 0; index--) stack.push(sorted[index]!);
	}

	yield * fillingChildrenAndVersions(table, drafts, newId);
	return table;
}

function * fillingChildrenAndVersions(table: PathTable, drafts: Draft[], newId: Int32Array): Steps<void> {
	const draftOf = new Int32Array(table.count);
	for (let draft = 0; draft < drafts.length; draft++) draftOf[newId[draft]!] = draft;
	let childAt = 0;
	let versionAt = 0;
	const columns = table.versions;
	for (let id = 0; id < table.count; id++) {
		if (id % itemsPerStep === 0) yield;
		const draft = drafts[draftOf[id]!]!;
		table.childStart[id] = childAt;
		for (const child of draft.children) table.children[childAt++] = newId[child]!;
		table.versionStart[id] = versionAt;
		for (const version of draft.versions) {
			columns.from[versionAt] = version.from;
			columns.until[versionAt] = Number.isFinite(version.until) ? version.until : lastsToTheEnd;
			columns.kind[versionAt] = versionKinds.indexOf(version.kind);
			columns.entry[versionAt] = version.entry;
			columns.copy[versionAt] = version.copy;
			versionAt++;
		}
	}

	table.childStart[table.count] = childAt;
	table.versionStart[table.count] = versionAt;
}

function emptyColumns(length: number): VersionColumns {
	return {
		from: new Uint16Array(length), until: new Uint16Array(length), kind: new Uint8Array(length),
		entry: Array.from({length}), copy: Array.from({length}),
	};
}

/** The path's full binary form (no leading `/`), built from its names. */
export function binaryPathOf(table: PathTable, id: number): string {
	const parts: string[] = [];
	for (let at = id; at > 0; at = table.parent[at]!) parts.push(table.names[at]!);
	return parts.reverse().join('/');
}

/** The id of a binary path (no leading `/`), found by name through the sorted children; undefined if never seen. */
export function findPath(table: PathTable, binaryPath: string): number | undefined {
	let at = 0;
	if (binaryPath === '') return at;
	for (const name of binaryPath.split('/')) {
		const found = findChild(table, at, name);
		if (found === undefined) return undefined;
		at = found;
	}

	return at;
}

function findChild(table: PathTable, parent: number, name: string): number | undefined {
	let low = table.childStart[parent]!;
	let high = table.childStart[parent + 1]! - 1;
	while (low <= high) {
		const middle = (low + high) >>> 1;
		const candidate = table.children[middle]!;
		const candidateName = table.names[candidate]!;
		if (candidateName === name) return candidate;
		if (candidateName < name) low = middle + 1;
		else high = middle - 1;
	}

	return undefined;
}
