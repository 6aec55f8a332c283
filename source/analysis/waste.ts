import {hintRowFor} from './hints.js';
import {type HistoryStep, type WasteClass} from './model.js';
import {displayPath} from './paths.js';
import {sameContent, type Simulation} from './simulate.js';
import {type StoredCopy, type ViewNode} from './union.js';

export type {WasteClass};

/** layerscope's exact figures (docs/figures.md). */
export type LayerscopeMetrics = {
	storedBytes: number;
	visibleBytes: number;
	retainedBytes: number;
	overwrittenBytes: number;
	metadataOnlyBytes: number;
	deletedBytes: number;
	duplicateBytes: number;
	efficiency: number;
	/** The same, leaving out the base image's layers. */
	userStoredBytes: number;
	userRetainedBytes: number;
};

/** Bytes the image carries for nothing, with where they came from and what made them useless. */
export type Finding = {
	class: WasteClass;
	/** Absolute path; for a removed directory, the directory; for a duplicate, the first path of the group. */
	path: string;
	bytes: number;
	/** Stored copies behind the finding. */
	files: number;
	storedInLayer?: number;
	hiddenInLayer?: number;
	storedBy?: string;
	hiddenBy?: string;
	/** Duplicates: every path holding the content, and the layers that stored it. */
	paths?: string[];
	layers?: number[];
	digest?: string;
	hint?: string;
};

/** The class of bytes that are stored but not visible; undefined for visible ones. */
export function wasteClassOf(copy: StoredCopy): Exclude<WasteClass, 'duplicate'> | undefined {
	const fate = copy.fate;
	if (!fate) return undefined;
	switch (fate.cause) {
		case 'replaced': {
			return sameContent(copy, fate.replacement?.copy) ? 'metadataOnly' : 'overwritten';
		}

		case 'repeated': {
			return 'overwritten';
		}

		default: {
			return 'deleted';
		}
	}
}

export function measureWaste(simulation: Simulation, baseLayers: number): LayerscopeMetrics {
	const metrics: LayerscopeMetrics = {
		storedBytes: 0, visibleBytes: 0, retainedBytes: 0, overwrittenBytes: 0, metadataOnlyBytes: 0, deletedBytes: 0,
		duplicateBytes: 0, efficiency: 1, userStoredBytes: 0, userRetainedBytes: 0,
	};
	for (const copy of simulation.view.copies) {
		const size = copy.entry.size;
		metrics.storedBytes += size;
		if (copy.layer >= baseLayers) metrics.userStoredBytes += size;
		const wasted = wasteClassOf(copy);
		if (wasted === undefined) {
			metrics.visibleBytes += size;
			continue;
		}

		metrics[`${wasted}Bytes`] += size;
		if (copy.layer >= baseLayers) metrics.userRetainedBytes += size;
	}

	metrics.retainedBytes = metrics.storedBytes - metrics.visibleBytes;
	metrics.efficiency = metrics.storedBytes === 0 ? 1 : metrics.visibleBytes / metrics.storedBytes;
	metrics.duplicateBytes = duplicateGroups(simulation).reduce((sum, group) => sum + group.bytes, 0);
	return metrics;
}

type DuplicateGroup = {digest: string; size: number; copies: StoredCopy[]; bytes: number};

const groupsOf = new WeakMap<Simulation, DuplicateGroup[]>();

/** Visible copies with the same content, computed once per simulation. */
function duplicateGroups(simulation: Simulation): DuplicateGroup[] {
	const known = groupsOf.get(simulation);
	if (known) return known;
	// Most contents are unique: remember the first copy of each, and make a group only for a second one.
	const firstOf = new Map<string, StoredCopy>();
	const sharedBy = new Map<string, StoredCopy[]>();
	for (const copy of simulation.view.copies) {
		const digest = copy.entry.digest;
		if (copy.fate || copy.entry.size === 0 || digest === undefined) continue;
		const first = firstOf.get(digest);
		if (first === undefined) {
			firstOf.set(digest, copy);
			continue;
		}

		const group = sharedBy.get(digest);
		if (group) group.push(copy);
		else sharedBy.set(digest, [first, copy]);
	}

	const groups = [...sharedBy].map(([digest, copies]) => {
		const size = copies[0]!.entry.size;
		return {digest, size, copies, bytes: size * (copies.length - 1)};
	});
	groupsOf.set(simulation, groups);
	return groups;
}

/** Every finding, largest first: retained bytes grouped by what hid them, then duplicate content. */
export function findWaste(simulation: Simulation, history: HistoryStep[]): Finding[] {
	const commandOf = (layer: number) => history.find(step => step.layerIndex === layer)?.createdBy;
	const grouped = new Map<string, Finding>();
	for (const copy of simulation.view.copies) {
		const wasted = wasteClassOf(copy);
		if (!wasted || copy.entry.size === 0) continue;
		const fate = copy.fate!;
		const key = `${wasted}\u0000${copy.layer}\u0000${fate.layer}\u0000${fate.root}`;
		const found = grouped.get(key);
		if (found) {
			found.bytes += copy.entry.size;
			found.files++;
			continue;
		}

		grouped.set(key, withCommands({
			class: wasted, path: displayPath(fate.root), bytes: copy.entry.size, files: 1,
			storedInLayer: copy.layer, hiddenInLayer: fate.layer,
		}, commandOf));
	}

	const findings = [...grouped.values(), ...duplicateFindings(simulation, commandOf)];
	for (const finding of findings) {
		const hint = hintFor(finding);
		if (hint) finding.hint = hint;
	}

	return findings.sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function withCommands(finding: Finding, commandOf: (layer: number) => string | undefined): Finding {
	const storedBy = commandOf(finding.storedInLayer!);
	const hiddenBy = commandOf(finding.hiddenInLayer!);
	if (storedBy !== undefined) finding.storedBy = storedBy;
	if (hiddenBy !== undefined) finding.hiddenBy = hiddenBy;
	return finding;
}

function duplicateFindings(simulation: Simulation, commandOf: (layer: number) => string | undefined): Finding[] {
	const groups = duplicateGroups(simulation);
	if (groups.length === 0) return [];
	const namesOf = namesOfCopies(simulation, groups.flatMap(group => group.copies));
	return groups.map(group => {
		const paths = group.copies.flatMap(copy => namesOf.get(copy)!).sort();
		const layers = [...new Set(group.copies.map(copy => copy.layer))].sort((a, b) => a - b);
		const finding: Finding = {
			class: 'duplicate', path: paths[0]!, bytes: group.bytes, files: group.copies.length, paths, layers, digest: `sha256:${group.digest}`,
		};
		const storedBy = commandOf(layers.at(-1)!);
		if (storedBy !== undefined) finding.storedBy = storedBy;
		return finding;
	});
}

/**
 * The names each copy has in the final view, as display paths. A copy with one name that still stands at the path
 * that stored it needs no search; only hard-linked or moved ones send us through the whole view.
 */
function namesOfCopies(simulation: Simulation, copies: StoredCopy[]): Map<StoredCopy, string[]> {
	const namesOf = new Map<StoredCopy, string[]>();
	let searchView = false;
	for (const copy of copies) {
		const direct = copy.names === 1 && simulation.view.get(copy.entry.path)?.copy === copy;
		namesOf.set(copy, direct ? [displayPath(copy.entry.path)] : []);
		searchView ||= !direct;
	}

	if (searchView) {
		for (const node of simulation.view.nodes()) {
			const names = node.copy ? namesOf.get(node.copy) : undefined;
			if (names && !(node.copy!.names === 1 && node.path === node.copy!.entry.path)) names.push(displayPath(node.path));
		}
	}

	return namesOf;
}

/** A short, concrete way to stop the waste: the hint table's row for the finding (analysis/hints.ts). */
export function hintFor(finding: Finding): string {
	return hintRowFor(finding).hint;
}

export type {ViewNode};
