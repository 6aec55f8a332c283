import {wasteClassOf} from '../analysis/waste.js';
import {lastsToTheEnd, type PathTable, type PathVersion, versionOf} from './path-table.js';

/** How a path stands in the view after a layer, seen from that layer. */
export type RowKind = 'unchanged' | 'added' | 'modified' | 'metadataOnly' | 'removed';

/** Status codes in `LayerState.status`: 0 is "not in the view and not removed by this layer". */
export const statusKinds: ReadonlyArray<RowKind | undefined> = [undefined, 'unchanged', 'added', 'modified', 'metadataOnly', 'removed'];
const statusCode: Record<RowKind, number> = {unchanged: 1, added: 2, modified: 3, metadataOnly: 4, removed: 5};
/** Status codes of the version kinds, in the order of `VersionColumns.kind`. */
const kindCodes = [statusCode.added, statusCode.modified, statusCode.metadataOnly];
export const removedStatus = statusCode.removed;

/** Why a file's bytes are wasted by a later layer; `wastedBelow` marks a directory holding such files. */
export type WasteMark = 'deleted' | 'overwritten' | 'metadataOnly' | 'wastedBelow';
export const wasteMarks: ReadonlyArray<WasteMark | undefined> = [undefined, 'deleted', 'overwritten', 'metadataOnly', 'wastedBelow'];
const wasteCode = {deleted: 1, overwritten: 2, metadataOnly: 3, wastedBelow: 4} as const;

/**
 * Every path as it stands after one layer: the version in force (or the one this layer removed), its status, its
 * bytes (for a directory, the regular-file bytes below it), and whether later layers waste its bytes.
 */
export type LayerState = {
	layer: number;
	status: Uint8Array;
	/** Float32 is plenty for display and sorting (7 significant digits) and halves the memory of each layer. */
	bytes: Float32Array;
	waste: Uint8Array;
};

/** Computes one layer's state in two linear passes over the table. */
export function computeLayerState(table: PathTable, layer: number): LayerState {
	const state: LayerState = {
		layer, status: new Uint8Array(table.count),
		bytes: new Float32Array(table.count), waste: new Uint8Array(table.count),
	};
	state.status[0] = statusCode.unchanged;
	// Sums are made in double precision, then stored in single.
	const sums = new Float64Array(table.count);
	for (let id = 1; id < table.count; id++) placeVersion(table, state, sums, id);
	for (let id = table.count - 1; id > 0; id--) addToParent(table, state, sums, id);
	state.bytes.set(sums);
	return state;
}

/** The version in force for path `id` after the state's layer, or the one that layer removed. */
export function versionAt(table: PathTable, state: LayerState, id: number): PathVersion | undefined {
	const at = versionIndexAt(table, state.layer, id);
	return at === -1 ? undefined : versionOf(table, at);
}

function versionIndexAt(table: PathTable, layer: number, id: number): number {
	const {from, until} = table.versions;
	let removed = -1;
	for (let at = table.versionStart[id]!; at < table.versionStart[id + 1]!; at++) {
		const end = until[at] === lastsToTheEnd ? Number.POSITIVE_INFINITY : until[at]!;
		if (from[at]! <= layer && layer < end) return at;
		if (end === layer) removed = at;
	}

	return removed;
}

function placeVersion(table: PathTable, state: LayerState, sums: Float64Array, id: number): void {
	const at = versionIndexAt(table, state.layer, id);
	if (at === -1) return;
	const {from, kind, until, copy} = table.versions;
	const removed = until[at] === state.layer;
	state.status[id] = removed ? statusCode.removed : from[at] === state.layer ? kindCodes[kind[at]!]! : statusCode.unchanged;
	const stored = copy[at];
	if (!stored) return;
	sums[id] = stored.entry.size;
	const wasted = removed ? undefined : wasteClassOf(stored);
	if (wasted) state.waste[id] = wasteCode[wasted];
}

/** Present paths count toward present directories, removed ones toward the removed directory they were in. */
function addToParent(table: PathTable, state: LayerState, sums: Float64Array, id: number): void {
	const status = state.status[id]!;
	if (status === 0) return;
	const parent = table.parent[id]!;
	const parentRemoved = state.status[parent] === statusCode.removed;
	if ((status === statusCode.removed) !== parentRemoved) return;
	sums[parent]! += sums[id]!;
	if (state.waste[id] !== 0 && !parentRemoved) state.waste[parent] = wasteCode.wastedBelow;
}

/** How many layer states are kept (each 6 bytes per path). */
export const layerStateCapacity = 16;

/** Layer states computed on first use and kept for the most recent `capacity` layers. */
export function cachedLayerStates(table: PathTable, capacity = layerStateCapacity): (layer: number) => LayerState {
	const cache = new Map<number, LayerState>();
	return layer => {
		const known = cache.get(layer);
		if (known) {
			cache.delete(layer);
			cache.set(layer, known);
			return known;
		}

		const state = computeLayerState(table, layer);
		cache.set(layer, state);
		if (cache.size > capacity) cache.delete(cache.keys().next().value!);
		return state;
	};
}
