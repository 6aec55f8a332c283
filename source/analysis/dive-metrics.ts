import {type LayerEntry} from './model.js';
import {baseName, displayPath, isChildPath, joinPath, parentOf} from './paths.js';
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
 * What dive adds up for one path: `cumulative` over every layer that has it as a leaf, the smallest copy of the
 * layers before the latest one (`smallestBefore`), and the latest layer's own copy, which a repeated entry of that
 * same layer replaces rather than adds to (dive's tree holds a path once per layer).
 */
type PathTally = {copies: number; cumulative: number; smallestBefore: number; layer: number; size: number};

export function diveMetrics(layers: LayerEntry[][], outcomes: LayerOutcome[]): DiveMetrics {
	const tallies = new Map<string, PathTally>();
	let sizeBytes = 0;
	let userSizeBytes = 0;
	layers.forEach((entries, layer) => {
		let layerBytes = 0;
		for (const entry of entries) layerBytes += entry.size;
		sizeBytes += layerBytes;
		if (layer > 0) userSizeBytes += layerBytes;
		tallyLayerLeaves(tallies, layer, entries, outcomes[layer]!);
	});

	let smallest = 0;
	let cumulative = 0;
	let wastedBytes = 0;
	const inefficiencies: DiveMetrics['inefficiencies'] = [];
	for (const [path, entry] of tallies) {
		smallest += Math.min(entry.smallestBefore, entry.size);
		cumulative += entry.cumulative;
		if (entry.copies > 1) {
			wastedBytes += entry.cumulative;
			inefficiencies.push({path: displayPath(path), copies: entry.copies, cumulativeBytes: entry.cumulative});
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

function tally(tallies: Map<string, PathTally>, path: string, layer: number, size: number): void {
	const found = tallies.get(path);
	if (!found) {
		tallies.set(path, {copies: 1, cumulative: size, smallestBefore: Number.POSITIVE_INFINITY, layer, size});
	} else if (found.layer === layer) {
		found.cumulative += size - found.size;
		found.size = size;
	} else {
		found.smallestBefore = Math.min(found.smallestBefore, found.size);
		found.copies++;
		found.cumulative += size;
		found.layer = layer;
		found.size = size;
	}
}

/**
 * Tallies the leaves of one layer's own tree (paths nothing else in the layer sits under), with the size dive gives
 * each: a whiteout stands at the path it removes, sized as what it removes; opaque markers and AUFS metadata count
 * for nothing.
 */
function tallyLayerLeaves(tallies: Map<string, PathTally>, layer: number, entries: LayerEntry[], outcome: LayerOutcome): void {
	const parents = new Set<string>();
	const leafPathOf = (entry: LayerEntry): string | undefined => {
		if (!entry.path.includes('.wh.')) return entry.path;
		const name = baseName(entry.path);
		if (name.startsWith('.wh..wh.')) return undefined;
		return name.startsWith('.wh.') ? joinPath(parentOf(entry.path), name.slice(4)) : entry.path;
	};

	let lastParent = '';
	for (const entry of entries) {
		const path = leafPathOf(entry);
		// Siblings come together in a tar: their shared parent needs adding once.
		if (path === undefined || (lastParent !== '' && isChildPath(path, lastParent))) continue;
		lastParent = parentOf(path);
		for (let parent = lastParent; parent !== '' && !parents.has(parent); parent = parentOf(parent)) parents.add(parent);
	}

	for (const entry of entries) {
		const path = leafPathOf(entry);
		if (path === undefined || parents.has(path)) continue;
		tally(tallies, path, layer, path === entry.path ? entry.size : outcome.whiteoutSizes.get(path) ?? 0);
	}
}
