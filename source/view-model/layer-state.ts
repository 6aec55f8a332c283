import {wasteClassOf} from '../analysis/waste.js';
import {type PathTable, type PathVersion} from './path-table.js';

/** How a path stands in the view after a layer, seen from that layer. */
export type RowKind = 'unchanged' | 'added' | 'modified' | 'metadataOnly' | 'removed';

/** Status codes in `LayerState.status`: 0 is "not in the view and not removed by this layer". */
export const statusKinds: ReadonlyArray<RowKind | undefined> = [undefined, 'unchanged', 'added', 'modified', 'metadataOnly', 'removed'];
const statusCode: Record<RowKind, number> = {unchanged: 1, added: 2, modified: 3, metadataOnly: 4, removed: 5};
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
	/** Index into `table.versions`, or -1 when the path is not in the view after this layer. */
	version: Int32Array;
	status: Uint8Array;
	bytes: Float64Array;
	waste: Uint8Array;
};

/** Computes one layer's state in two linear passes over the table. */
export function computeLayerState(table: PathTable, layer: number): LayerState {
	const state: LayerState = {
		layer, version: new Int32Array(table.count).fill(-1), status: new Uint8Array(table.count),
		bytes: new Float64Array(table.count), waste: new Uint8Array(table.count),
	};
	state.status[0] = statusCode.unchanged;
	for (let id = 1; id < table.count; id++) placeVersion(table, state, id);
	for (let id = table.count - 1; id > 0; id--) addToParent(table, state, id);
	return state;
}

function placeVersion(table: PathTable, state: LayerState, id: number): void {
	const {layer} = state;
	const end = table.versionStart[id + 1]!;
	for (let at = table.versionStart[id]!; at < end; at++) {
		const version = table.versions[at]!;
		if (version.from <= layer && layer < version.until) {
			setVersion(state, id, at, version, version.from === layer ? statusCode[version.kind] : statusCode.unchanged);
			return;
		}

		if (version.until === layer) setVersion(state, id, at, version, statusCode.removed);
	}
}

function setVersion(state: LayerState, id: number, at: number, version: PathVersion, status: number): void {
	state.version[id] = at;
	state.status[id] = status;
	if (version.copy) {
		state.bytes[id] = version.copy.entry.size;
		const wasted = status === statusCode.removed ? undefined : wasteClassOf(version.copy);
		if (wasted) state.waste[id] = wasteCode[wasted];
	}
}

/** Present paths count toward present directories, removed ones toward the removed directory they were in. */
function addToParent(table: PathTable, state: LayerState, id: number): void {
	const status = state.status[id]!;
	if (status === 0) return;
	const parent = table.parent[id]!;
	const parentRemoved = state.status[parent] === statusCode.removed;
	if ((status === statusCode.removed) !== parentRemoved) return;
	state.bytes[parent]! += state.bytes[id]!;
	if (state.waste[id] !== 0 && !parentRemoved) state.waste[parent] = wasteCode.wastedBelow;
}

/** Layer states computed on first use and kept for the most recent `capacity` layers. */
export function cachedLayerStates(table: PathTable, capacity = 16): (layer: number) => LayerState {
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
