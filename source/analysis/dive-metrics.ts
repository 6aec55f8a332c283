import {type LayerEntry} from './model.js';
import {baseName, displayPath, isChildPath, joinPath, parentOf} from './paths.js';
import {finish, itemsPerStep, type Steps} from './steps.js';
import {type LayerOutcome} from './union.js';

/** dive's figures, with dive's arithmetic and its quirks, so that a `.dive-ci` threshold gives dive's verdict. */
export type DiveMetrics = {
	efficiency: number;
	sizeBytes: number;
	userSizeBytes: number;
	wastedBytes: number;
	userWastedPercent: number;
	/** Paths seen in two or more layers, largest cumulative size first. */
	inefficiencies: Array<{path: string; copies: number; cumulativeBytes: number}>;
};

/**
 * What dive adds up for each path: `cumulative` over every layer that has it as a leaf, the smallest copy of the
 * layers before the latest one (`smallestBefore`), and the latest layer's own copy, which a repeated entry of that
 * same layer replaces rather than adds to (dive's tree holds a path once per layer). Kept in columns indexed by a
 * path number, not in an object per path: there is one path per entry of a large image, and objects that live
 * through the whole pass cost the young-generation collector a copy each.
 */
class PathTallies {
	readonly indexOf = new Map<string, number>();
	readonly copies: Int32Array;
	readonly cumulative: Float64Array;
	readonly smallestBefore: Float64Array;
	readonly layer: Int32Array;
	readonly size: Float64Array;

	constructor(capacity: number) {
		this.copies = new Int32Array(capacity);
		this.cumulative = new Float64Array(capacity);
		this.smallestBefore = new Float64Array(capacity);
		this.layer = new Int32Array(capacity);
		this.size = new Float64Array(capacity);
	}

	add(path: string, layer: number, size: number): void {
		const at = this.indexOf.get(path);
		if (at === undefined) {
			const index = this.indexOf.size;
			this.indexOf.set(path, index);
			this.copies[index] = 1;
			this.cumulative[index] = size;
			this.smallestBefore[index] = Number.POSITIVE_INFINITY;
			this.layer[index] = layer;
			this.size[index] = size;
		} else if (this.layer[at] === layer) {
			this.cumulative[at]! += size - this.size[at]!;
			this.size[at] = size;
		} else {
			this.smallestBefore[at] = Math.min(this.smallestBefore[at]!, this.size[at]!);
			this.copies[at]!++;
			this.cumulative[at]! += size;
			this.layer[at] = layer;
			this.size[at] = size;
		}
	}
}

export function diveMetrics(layers: LayerEntry[][], outcomes: LayerOutcome[]): DiveMetrics {
	return finish(measuringAsDive(layers, outcomes));
}

/** `diveMetrics` as steps. */
export function * measuringAsDive(layers: LayerEntry[][], outcomes: LayerOutcome[]): Steps<DiveMetrics> {
	const tallies = new PathTallies(layers.reduce((sum, entries) => sum + entries.length, 0));
	let sizeBytes = 0;
	let userSizeBytes = 0;
	for (const [layer, entries] of layers.entries()) {
		let layerBytes = 0;
		for (const entry of entries) layerBytes += entry.size;
		sizeBytes += layerBytes;
		if (layer > 0) userSizeBytes += layerBytes;
		yield * tallyLayerLeaves(tallies, layer, entries, outcomes[layer]!);
	}

	let smallest = 0;
	let cumulative = 0;
	let wastedBytes = 0;
	const inefficiencies: DiveMetrics['inefficiencies'] = [];
	for (const [path, at] of tallies.indexOf) {
		if (at % itemsPerStep === 0) yield;
		smallest += Math.min(tallies.smallestBefore[at]!, tallies.size[at]!);
		cumulative += tallies.cumulative[at]!;
		if (tallies.copies[at]! > 1) {
			wastedBytes += tallies.cumulative[at]!;
			inefficiencies.push({path: displayPath(path), copies: tallies.copies[at]!, cumulativeBytes: tallies.cumulative[at]!});
		}
	}

	inefficiencies.sort((a, b) => b.cumulativeBytes - a.cumulativeBytes || (a.path < b.path ? -1 : 1));
	return {
		efficiency: cumulative === 0 ? 1 : smallest / cumulative,
		sizeBytes,
		userSizeBytes,
		wastedBytes,
		userWastedPercent: userSizeBytes === 0 ? 0 : wastedBytes / userSizeBytes,
		inefficiencies,
	};
}

/**
 * Tallies the leaves of one layer's own tree (paths nothing else in the layer sits under), with the size dive gives
 * each: a whiteout stands at the path it removes, sized as what it removes; opaque markers and AUFS metadata count
 * for nothing.
 */
function * tallyLayerLeaves(tallies: PathTallies, layer: number, entries: LayerEntry[], outcome: LayerOutcome): Steps<void> {
	const parents = new Set<string>();
	const leafPathOf = (entry: LayerEntry): string | undefined => {
		if (!entry.path.includes('.wh.')) return entry.path;
		const name = baseName(entry.path);
		if (name.startsWith('.wh..wh.')) return undefined;
		return name.startsWith('.wh.') ? joinPath(parentOf(entry.path), name.slice(4)) : entry.path;
	};

	let lastParent = '';
	for (const [index, entry] of entries.entries()) {
		if (index % itemsPerStep === 0) yield;
		const path = leafPathOf(entry);
		// Siblings come together in a tar: their shared parent needs adding once.
		if (path === undefined || (lastParent !== '' && isChildPath(path, lastParent))) continue;
		lastParent = parentOf(path);
		for (let parent = lastParent; parent !== '' && !parents.has(parent); parent = parentOf(parent)) parents.add(parent);
	}

	for (const [index, entry] of entries.entries()) {
		if (index % itemsPerStep === 0) yield;
		const path = leafPathOf(entry);
		if (path === undefined || parents.has(path)) continue;
		tallies.add(path, layer, path === entry.path ? entry.size : outcome.whiteoutSizes.get(path) ?? 0);
	}
}
