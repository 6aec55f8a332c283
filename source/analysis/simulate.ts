import {type LayerEntry} from './model.js';
import {finish, itemsPerStep, type Steps} from './steps.js';
import {type LayerOutcome, type StoredCopy, UnionView, type ViewNode} from './union.js';

/** The union of an image's layers, with what each layer changed. */
export type Simulation = {
	view: UnionView;
	outcomes: LayerOutcome[];
};

/** Applies layers 0..`upTo` (default: all) in order. */
export function simulate(layers: LayerEntry[][], upTo = layers.length - 1): Simulation {
	return finish(simulating(layers, upTo));
}

/** `simulate` as steps. */
export function * simulating(layers: LayerEntry[][], upTo = layers.length - 1): Steps<Simulation> {
	const view = new UnionView();
	const outcomes: LayerOutcome[] = [];
	for (let layer = 0; layer <= upTo && layer < layers.length; layer++) outcomes.push(yield * view.applyLayer(layer, layers[layer]!));
	return {view, outcomes};
}

export function visibleCopies(simulation: Simulation): StoredCopy[] {
	return simulation.view.copies.filter(copy => copy.fate === undefined);
}

/**
 * The entries whose content must be hashed to tell a metadata-only rewrite from new content and to find the same
 * content stored twice: copies replaced by a copy of equal size, and visible copies whose size is shared.
 * Everything else is told apart by its size alone, or by its first bytes where the reader kept them
 * (`LayerEntry.head`): contents whose heads differ are different without a hash.
 */
export function entriesNeedingDigest(simulation: Simulation): Set<LayerEntry> {
	return finish(choosingEntriesToHash(simulation));
}

/** `entriesNeedingDigest` as steps. */
export function * choosingEntriesToHash(simulation: Simulation): Steps<Set<LayerEntry>> {
	const wanted = new Set<LayerEntry>();
	const want = (copy: StoredCopy | undefined) => {
		if (copy && copy.entry.size > 0 && copy.entry.digest === undefined) wanted.add(copy.entry);
	};

	for (const outcome of simulation.outcomes) {
		for (const [index, change] of outcome.changes.entries()) {
			if (index % itemsPerStep === 0) yield;
			if (change.kind === 'modified' && sameSizedFiles(change.before, change.node) && !headsDiffer(change.before!.copy!, change.node.copy!)) {
				want(change.before!.copy);
				want(change.node.copy);
			}
		}
	}

	const bySize = new Map<number, StoredCopy[]>();
	yield;
	for (const [index, copy] of visibleCopies(simulation).entries()) {
		if (index % itemsPerStep === 0) yield;
		if (copy.entry.size === 0) continue;
		const group = bySize.get(copy.entry.size);
		if (group) group.push(copy);
		else bySize.set(copy.entry.size, [copy]);
	}

	yield;
	for (const group of bySize.values()) {
		if (group.length > 1) for (const copy of sharingHeads(group)) want(copy);
	}

	return wanted;
}

function headsDiffer(a: StoredCopy, b: StoredCopy): boolean {
	return a.entry.head !== undefined && b.entry.head !== undefined && a.entry.head !== b.entry.head;
}

/**
 * The copies of a same-size group that may share content: those whose head another one shares. A copy whose head
 * was not read (a streamed or stored-elsewhere layer) could match any of them, so then the whole group counts.
 */
function sharingHeads(group: StoredCopy[]): StoredCopy[] {
	if (group.some(copy => copy.entry.head === undefined)) return group;
	const byHead = new Map<number, StoredCopy[]>();
	for (const copy of group) {
		const same = byHead.get(copy.entry.head!);
		if (same) same.push(copy);
		else byHead.set(copy.entry.head!, [copy]);
	}

	return [...byHead.values()].filter(same => same.length > 1).flat();
}

function sameSizedFiles(before: ViewNode | undefined, after: ViewNode): boolean {
	return Boolean(before?.copy && after.copy && before.copy !== after.copy && before.copy.entry.size === after.copy.entry.size);
}

/** Whether two copies hold the same bytes (known only once both are hashed, unless both are empty). */
export function sameContent(a: StoredCopy | undefined, b: StoredCopy | undefined): boolean {
	if (!a || !b) return false;
	if (a === b) return true;
	if (a.entry.size !== b.entry.size) return false;
	if (a.entry.size === 0) return true;
	return a.entry.digest !== undefined && a.entry.digest === b.entry.digest;
}
