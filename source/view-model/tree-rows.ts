import {cachedLayerStates, type LayerState, layerStateCapacity, statusKinds} from './layer-state.js';
import {type PathTable} from './path-table.js';
import {compileFilter, type FilterMatches, type FilterSyntax, matchPaths, textNames, textPaths} from './tree-filter.js';

/** The change kinds a user can hide; `modified` covers content and metadata-only changes. */
export type HideableKind = 'added' | 'modified' | 'removed' | 'unchanged';
export type SortOrder = 'name' | 'size';

/** Everything that decides which rows the file tree shows, and in which order. */
export type TreeQuery = {
	layer: number;
	/** Only the paths the layer changed (with their directories as context), instead of the whole view. */
	changesOnly: boolean;
	hidden: ReadonlySet<HideableKind>;
	filter: {text: string; syntax: FilterSyntax};
	sort: SortOrder;
	/** Directories are collapsed by default when set; `toggled` holds the ids that differ from the default. */
	collapseAll: boolean;
	toggled: ReadonlySet<number>;
};

/** The rows to show, in order, as path ids; `shown` has bit 2 set for paths that have rows below them. */
export type TreeRows = {ids: Int32Array; state: LayerState; shown: Uint8Array; filterError?: string};

const shownBit = 1;
const hasShownChildBit = 2;

/** The file tree's rows for any query, cached at each stage so that a key press only redoes what it changed. */
export type TreeView = {
	table: PathTable;
	layerState: (layer: number) => LayerState;
	rows: (query: TreeQuery) => TreeRows;
	/**
	 * Work to do while the user reads the first screen, one step per `next()`: every layer's state and default rows,
	 * then the text paths filters match against. After it, a layer change or a first filter keystroke only reads caches.
	 */
	warmUp: (query: TreeQuery) => Generator<void>;
};

/** Whether a directory's rows are folded: the default (`collapseAll`) unless the user toggled that directory. */
export function isCollapsed(query: Pick<TreeQuery, 'collapseAll' | 'toggled'>, id: number): boolean {
	return query.collapseAll !== query.toggled.has(id);
}

/** The tree view of a path table, with empty caches. */
export function createTreeView(table: PathTable): TreeView {
	const layerState = cachedLayerStates(table);
	const shownCache = new Map<string, {shown: Uint8Array; filterError?: string}>();
	const sortedChildrenCache = new Map<number, Int32Array>();
	let names: string[] | undefined;
	let fullPaths: string[] | undefined;
	let lastMatches: FilterMatches | undefined;
	// A key press asks for the rows before and after it, and React may ask again: keep the last few answers.
	const recentRows: Array<{key: string; query: TreeQuery; rows: TreeRows}> = [];

	const matchesFor = (text: string, syntax: FilterSyntax): {matched?: Uint8Array; error?: string} => {
		const compiled = compileFilter(text, syntax);
		if (compiled === undefined) return {};
		if ('error' in compiled) return {error: compiled.error};
		if (lastMatches?.text !== text || lastMatches.syntax !== syntax) {
			names ??= textNames(table);
			if (compiled.matcher.literal === undefined) fullPaths ??= textPaths(table, names);
			lastMatches = matchPaths(table, {names, ...(fullPaths ? {full: fullPaths} : {})}, text, syntax, compiled.matcher, lastMatches);
		}

		return {matched: lastMatches.matched};
	};

	const shownFor = (query: TreeQuery, state: LayerState) => {
		const key = shownKey(query);
		let found = shownCache.get(key);
		if (!found) {
			const {matched, error} = matchesFor(query.filter.text, query.filter.syntax);
			found = {shown: markShown(table, state, query, error === undefined ? matched : new Uint8Array(table.count))};
			if (error !== undefined) found.filterError = error;
			shownCache.set(key, found);
			if (shownCache.size > 12) shownCache.delete(shownCache.keys().next().value!);
		}

		return found;
	};

	const rows = (query: TreeQuery): TreeRows => {
		const key = `${shownKey(query)}|${query.sort}|${query.collapseAll}`;
		const known = recentRows.find(recent => recent.key === key && recent.query.toggled === query.toggled);
		if (known) return known.rows;
		const state = layerState(query.layer);
		const {shown, filterError} = shownFor(query, state);
		const ids = query.sort === 'name'
			? flattenByName(table, shown, query)
			: flattenBySize(table, shown, query, childrenBySize(table, state, sortedChildrenCache));
		const result: TreeRows = {ids, state, shown};
		if (filterError !== undefined) result.filterError = filterError;
		recentRows.unshift({key, query, rows: result});
		if (recentRows.length > 4) recentRows.pop();
		return result;
	};

	function * warmUp(query: TreeQuery): Generator<void> {
		for (let layer = table.layerCount - 1; layer >= Math.max(0, table.layerCount - layerStateCapacity); layer--) {
			shownFor({...query, layer}, layerState(layer));
			yield;
		}

		names ??= textNames(table);
	}

	return {table, layerState, rows, warmUp};
}

function shownKey(query: TreeQuery): string {
	return `${query.layer}|${query.changesOnly}|${[...query.hidden].sort().join(',')}|${query.filter.syntax}:${query.filter.text}`;
}

function hiddenByKind(query: TreeQuery, status: number): boolean {
	const kind = statusKinds[status]!;
	if (kind === 'unchanged') return query.changesOnly || query.hidden.has('unchanged');
	return query.hidden.has(kind === 'metadataOnly' ? 'modified' : kind);
}

/** A path is shown when it passes the kind and filter tests itself, or when anything below it is shown. */
function markShown(table: PathTable, state: LayerState, query: TreeQuery, matched: Uint8Array | undefined): Uint8Array {
	const shown = new Uint8Array(table.count);
	for (let id = table.count - 1; id > 0; id--) {
		const status = state.status[id]!;
		if (status === 0) continue;
		const passes = !hiddenByKind(query, status) && (matched === undefined || matched[id] === 1);
		if (passes || shown[id]! & hasShownChildBit) {
			shown[id]! |= shownBit;
			shown[table.parent[id]!]! |= hasShownChildBit;
		}
	}

	return shown;
}

/** Ids are numbered depth-first by name, so name order is a forward scan that jumps over hidden or collapsed subtrees. */
function flattenByName(table: PathTable, shown: Uint8Array, query: TreeQuery): Int32Array {
	const out = new Int32Array(table.count);
	let length = 0;
	let id = 1;
	while (id < table.count) {
		const flags = shown[id]!;
		if ((flags & shownBit) === 0) {
			id = table.subtreeEnd[id]!;
			continue;
		}

		out[length++] = id;
		id = flags & hasShownChildBit && isCollapsed(query, id) ? table.subtreeEnd[id]! : id + 1;
	}

	return out.slice(0, length);
}

function flattenBySize(table: PathTable, shown: Uint8Array, query: TreeQuery, children: Int32Array): Int32Array {
	const out = new Int32Array(table.count);
	let length = 0;
	// Every path is pushed at most once, so a stack as long as the table never overflows.
	const pending = new Int32Array(table.count);
	let top = 0;
	const pushChildren = (parent: number) => {
		for (let at = table.childStart[parent + 1]! - 1; at >= table.childStart[parent]!; at--) {
			const child = children[at]!;
			if (shown[child]! & shownBit) pending[top++] = child;
		}
	};

	pushChildren(0);
	while (top > 0) {
		const id = pending[--top]!;
		out[length++] = id;
		if (shown[id]! & hasShownChildBit && !isCollapsed(query, id)) pushChildren(id);
	}

	return out.slice(0, length);
}

/** Each directory's children, largest first (directories by their total), ties by name; one array per layer. */
function childrenBySize(table: PathTable, state: LayerState, cache: Map<number, Int32Array>): Int32Array {
	const known = cache.get(state.layer);
	if (known) return known;
	const sorted = table.children.slice();
	const {bytes} = state;
	for (let parent = 0; parent < table.count; parent++) {
		const start = table.childStart[parent]!;
		const end = table.childStart[parent + 1]!;
		if (end - start > 1) sorted.subarray(start, end).sort((a, b) => bytes[b]! - bytes[a]! || a - b);
	}

	cache.set(state.layer, sorted);
	if (cache.size > 2) cache.delete(cache.keys().next().value!);
	return sorted;
}

/** Where a path's row is, or its nearest shown ancestor's; -1 when neither has a row. */
export function rowOf(rows: TreeRows, table: PathTable, id: number): number {
	for (let at = id; at > 0; at = table.parent[at]!) {
		const index = rows.ids.indexOf(at);
		if (index !== -1) return index;
	}

	return -1;
}
