import {type LayerEntry} from './model.js';
import {baseName, displayPath, joinPath, parentOf} from './paths.js';
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

type PathTally = {copies: number; cumulative: number; smallest: number};

/**
 * Per path that is a leaf of some layer's own tree: every copy's size is added up and the smallest kept. A whiteout
 * counts as a copy at its target path, sized as the directory it removes (0 for a file); opaque markers are not
 * counted. efficiency = Σ smallest / Σ cumulative; wasted = Σ cumulative of paths seen in two or more layers.
 */
export function diveMetrics(layers: LayerEntry[][], outcomes: LayerOutcome[]): DiveMetrics {
	const tallies = new Map<string, PathTally>();
	let sizeBytes = 0;
	let userSizeBytes = 0;
	layers.forEach((entries, layer) => {
		const layerBytes = entries.reduce((sum, entry) => sum + entry.size, 0);
		sizeBytes += layerBytes;
		if (layer > 0) userSizeBytes += layerBytes;
		for (const [path, size] of layerLeaves(entries, outcomes[layer]!)) tally(tallies, path, size);
	});

	let smallest = 0;
	let cumulative = 0;
	let wastedBytes = 0;
	const inefficiencies: DiveMetrics['inefficiencies'] = [];
	for (const [path, entry] of tallies) {
		smallest += entry.smallest;
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

function tally(tallies: Map<string, PathTally>, path: string, size: number): void {
	const found = tallies.get(path);
	if (!found) {
		tallies.set(path, {copies: 1, cumulative: size, smallest: size});
		return;
	}

	found.copies++;
	found.cumulative += size;
	found.smallest = Math.min(found.smallest, size);
}

/** The leaves of one layer's own tree (paths nothing else in the layer sits under), with the size dive gives each. */
function layerLeaves(entries: LayerEntry[], outcome: LayerOutcome): Map<string, number> {
	const sizes = new Map<string, number>();
	for (const entry of entries) {
		const name = baseName(entry.path);
		if (name === '.wh..wh..opq' || name.startsWith('.wh..wh.')) continue;
		if (name.startsWith('.wh.')) {
			const target = joinPath(parentOf(entry.path), name.slice(4));
			sizes.set(target, outcome.whiteoutSizes.get(target) ?? 0);
		} else {
			sizes.set(entry.path, entry.size);
		}
	}

	const parents = new Set<string>();
	for (const path of sizes.keys()) {
		for (let parent = parentOf(path); parent !== '' && !parents.has(parent); parent = parentOf(parent)) parents.add(parent);
	}

	for (const parent of parents) sizes.delete(parent);
	return sizes;
}
