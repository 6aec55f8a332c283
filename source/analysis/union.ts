import {type EntryType, type LayerEntry} from './model.js';
import {baseName, isChildPath, joinPath, parentOf} from './paths.js';
import {itemsPerStep, type Steps} from './steps.js';

/** One regular-file entry of one layer tar: bytes the image stores. Hard links share a copy. */
export type StoredCopy = {
	layer: number;
	entry: LayerEntry;
	/** How many names in the current view lead to these bytes. */
	names: number;
	/** Set when the last name goes: the copy is stored but no longer visible. */
	fate?: Fate;
};

export type HideCause =
	| 'whiteout' // removed by a `.wh.` entry
	| 'opaque' // hidden by an opaque directory marker
	| 'ancestor' // a directory above it was removed or replaced by a non-directory
	| 'replaced' // another entry was put at its path in a later layer
	| 'repeated'; // the same layer holds its path twice (bad input): the earlier entry loses

export type Fate = {
	layer: number;
	cause: HideCause;
	/** The path whose removal or replacement hid it (the whiteout target, the opaque directory, the path itself). */
	root: string;
	/** For `replaced`: what now stands at the path, to tell a metadata-only rewrite from new content. */
	replacement?: ViewNode;
};

/** A name in the union view. */
export type ViewNode = {
	path: string;
	type: EntryType;
	/** The entry that put this name here (for a hard link, the link entry itself). */
	entry: LayerEntry;
	/** Regular files (hard links included): the bytes behind the name. */
	copy?: StoredCopy;
	/** Directories: the names directly inside, keyed by their whole path (the entry's own string: no copy per name). */
	children?: Map<string, ViewNode>;
	/** The layer that last put this name here; -1 for a directory only implied by a deeper path. */
	layer: number;
	implied?: boolean;
};

export type ChangeKind = 'added' | 'modified' | 'removed';

/** A change a layer makes to the view below it. Content comparison waits for hashes: see `classifyChange`. */
export type LayerChange = {
	path: string;
	kind: ChangeKind;
	node: ViewNode;
	/** For `modified` and `removed`: what stood at the path before. */
	before?: ViewNode;
	/** For `removed`: how it went. */
	cause?: 'whiteout' | 'opaque';
};

export type LayerOutcome = {
	changes: LayerChange[];
	/** While the layer is applied: where each path's change sits in `changes`. */
	changeAt?: Map<string, number>;
	/** For dive's arithmetic: for each whiteout in this layer, the bytes under the directory it removes (0 for a file). */
	whiteoutSizes: Map<string, number>;
	warnings: string[];
};

const whiteoutPrefix = '.wh.';
const opaqueMarker = '.wh..wh..opq';
const impliedDirectory: LayerEntry = {
	path: '', type: 'dir', size: 0, mode: 0o755, uid: 0, gid: 0, linkTarget: undefined, devMajor: undefined, devMinor: undefined,
	mtime: undefined, dataOffset: undefined, digest: undefined, head: undefined,
};

/**
 * The union of layers applied in order with OCI semantics. Apply layers one by one with `applyLayer`; read the
 * view at any point with `nodes()`; every stored copy keeps its fate.
 */
export class UnionView {
	readonly copies: StoredCopy[] = [];
	private readonly root: ViewNode = viewNode({path: '', type: 'dir', entry: impliedDirectory, children: new Map(), layer: -1});
	private readonly byPath = new Map<string, ViewNode>([['', this.root]]);
	/** The directory the last entry went into: tar order keeps siblings together, so most lookups stop here. */
	private lastDirectory: ViewNode = this.root;

	get(path: string): ViewNode | undefined {
		return this.byPath.get(path);
	}

	/** Every name in the view except the root, in no particular order. */
	nodes(): IterableIterator<ViewNode> {
		const all = this.byPath.values();
		all.next();
		return all;
	}

	get size(): number {
		return this.byPath.size - 1;
	}

	/**
	 * Applies one layer: first its whiteouts and opaque markers to the view below (whatever their place in the tar),
	 * then its other entries in tar order. A generator of steps (see `steps.ts`).
	 */
	* applyLayer(layer: number, entries: LayerEntry[]): Steps<LayerOutcome> {
		const outcome: LayerOutcome = {changes: [], changeAt: new Map(), whiteoutSizes: new Map(), warnings: []};
		for (const [index, entry] of entries.entries()) {
			if (isWhiteoutName(entry.path)) this.applyWhiteout(layer, entry, outcome);
			if (index % itemsPerStep === 0) yield;
		}

		for (const [index, entry] of entries.entries()) {
			if (!isWhiteoutName(entry.path) && !isAufsMetadata(entry.path)) this.applyEntry(layer, entry, outcome);
			if (index % itemsPerStep === 0) yield;
		}

		delete outcome.changeAt;
		return outcome;
	}

	private applyWhiteout(layer: number, entry: LayerEntry, outcome: LayerOutcome): void {
		const name = baseName(entry.path);
		const directory = parentOf(entry.path);
		if (name === opaqueMarker) {
			const opaque = this.byPath.get(directory);
			if (opaque?.children) {
				for (const child of [...opaque.children.values()]) {
					recordChange(outcome, layerChange(child.path, 'removed', child, child, 'opaque'));
					this.remove(child, {layer, cause: 'opaque', root: directory});
				}
			}

			return;
		}

		if (name.startsWith(`${whiteoutPrefix}${whiteoutPrefix}`)) return; // AUFS metadata (.wh..wh.plnk and such)
		const target = name.slice(whiteoutPrefix.length);
		if (target === '' || target === '.' || target === '..') {
			outcome.warnings.push(`invalid whiteout ${entry.path} ignored`);
			return;
		}

		const path = joinPath(directory, target);
		const victim = this.byPath.get(path);
		outcome.whiteoutSizes.set(path, victim?.type === 'dir' ? subtreeTarBytes(victim) : 0);
		if (!victim) return;
		recordChange(outcome, layerChange(path, 'removed', victim, victim, 'whiteout'));
		this.remove(victim, {layer, cause: 'whiteout', root: path});
	}

	private applyEntry(layer: number, entry: LayerEntry, outcome: LayerOutcome): void {
		const parent = isChildPath(entry.path, this.lastDirectory.path) ? this.lastDirectory : this.ensureDirectory(parentOf(entry.path), layer, outcome);
		this.lastDirectory = parent;
		const existing = parent.children!.get(entry.path);
		// Only this layer's own entries (and directories it implies) carry its number.
		const repeated = existing !== undefined && existing.layer === layer && !existing.implied;
		if (repeated) outcome.warnings.push(`${entry.path} appears twice in one layer; the later entry wins`);
		if (entry.type === 'dir' && existing?.type === 'dir') {
			this.mergeDirectory(existing, entry, layer, outcome);
			return;
		}

		const node = this.makeNode(layer, entry, outcome);
		if (existing) this.remove(existing, {layer, cause: repeated ? 'repeated' : 'replaced', root: entry.path, replacement: node});
		this.attach(parent, node);
		recordChange(outcome, layerChange(entry.path, existing ? 'modified' : 'added', node, existing));
	}

	private mergeDirectory(existing: ViewNode, entry: LayerEntry, layer: number, outcome: LayerOutcome): void {
		const before: ViewNode = {...existing};
		existing.entry = entry;
		existing.layer = layer;
		existing.implied = false;
		if (before.implied || !sameAttributes(before.entry, entry)) {
			recordChange(outcome, layerChange(entry.path, before.implied ? 'added' : 'modified', existing, before));
		}
	}

	/** Makes sure a directory stands at `path`, replacing a non-directory there (as an overlay upper dir would). */
	private ensureDirectory(path: string, layer: number, outcome: LayerOutcome): ViewNode {
		const found = this.byPath.get(path);
		if (found?.type === 'dir') return found;
		const parent = this.ensureDirectory(parentOf(path), layer, outcome);
		const node = viewNode({path, type: 'dir', entry: {...impliedDirectory, path}, children: new Map(), layer, implied: true});
		if (found) this.remove(found, {layer, cause: 'replaced', root: path, replacement: node});
		this.attach(parent, node);
		recordChange(outcome, layerChange(path, found ? 'modified' : 'added', node, found));
		return node;
	}

	private makeNode(layer: number, entry: LayerEntry, outcome: LayerOutcome): ViewNode {
		const node = viewNode({path: entry.path, type: entry.type === 'hardlink' ? 'file' : entry.type, entry, layer});
		if (entry.type === 'dir') node.children = new Map();
		if (entry.type === 'file') {
			const copy: StoredCopy = {layer, entry, names: 1, fate: undefined};
			this.copies.push(copy);
			node.copy = copy;
		} else if (entry.type === 'hardlink') {
			const target = this.byPath.get(entry.linkTarget ?? '');
			if (target?.copy) {
				node.copy = target.copy;
				target.copy.names++;
			} else {
				outcome.warnings.push(`hard link ${entry.path} points at ${entry.linkTarget ?? '?'}, which is not a file here`);
			}
		}

		return node;
	}

	private attach(parent: ViewNode, node: ViewNode): void {
		parent.children!.set(node.path, node);
		this.byPath.set(node.path, node);
	}

	/** Takes a name and everything below it out of the view; bytes whose last name goes get their fate. */
	private remove(node: ViewNode, fate: Fate): void {
		this.lastDirectory = this.root;
		const parent = this.byPath.get(parentOf(node.path));
		parent?.children?.delete(node.path);
		this.detach(node, fate);
	}

	private detach(node: ViewNode, fate: Fate): void {
		this.byPath.delete(node.path);
		if (node.copy && --node.copy.names === 0) node.copy.fate = fate;
		if (!node.children) return;
		const below: Fate = fate.cause === 'replaced' || fate.cause === 'repeated'
			? {layer: fate.layer, cause: 'ancestor', root: fate.root}
			: fate;
		for (const child of node.children.values()) this.detach(child, below);
	}
}

/**
 * Records a layer's change to a path, once per path: a later entry for a path this layer already changed keeps the
 * first change's kind and the state before the layer, and takes the new node. A path removed by a whiteout and put
 * back by the same layer is a modification.
 */
function recordChange(outcome: LayerOutcome, change: LayerChange): void {
	const at = outcome.changeAt!.get(change.path);
	if (at === undefined) {
		outcome.changeAt!.set(change.path, outcome.changes.length);
		outcome.changes.push(change);
		return;
	}

	const first = outcome.changes[at]!;
	const kind = first.kind === 'removed' ? 'modified' : first.kind;
	outcome.changes[at] = layerChange(change.path, kind, change.node, first.before);
}

/**
 * Every node, copy and change is made with all its fields, in one order: the same hidden class for all of them keeps
 * the property accesses of the later passes (hundreds of thousands per image) monomorphic.
 */
function viewNode(fields: Pick<ViewNode, 'path' | 'type' | 'entry' | 'layer'> & Partial<ViewNode>): ViewNode {
	return {
		path: fields.path, type: fields.type, entry: fields.entry, copy: fields.copy, children: fields.children,
		layer: fields.layer, implied: fields.implied ?? false,
	};
}

function layerChange(
	path: string, kind: ChangeKind, node: ViewNode, before?: ViewNode, cause?: LayerChange['cause'],
): LayerChange {
	return {path, kind, node, before, cause};
}

function sameAttributes(a: LayerEntry, b: LayerEntry): boolean {
	return a.mode === b.mode && a.uid === b.uid && a.gid === b.gid;
}

/** AUFS keeps its own bookkeeping under `/.wh..wh.*` (hard-link targets in `.wh..wh.plnk`); Docker skips it all. */
function isAufsMetadata(path: string): boolean {
	return path.startsWith('.wh..wh.');
}

/** Whether the last component starts with `.wh.` (without slicing it out: this runs for every entry). */
export function isWhiteoutName(path: string): boolean {
	const at = path.lastIndexOf(`/${whiteoutPrefix}`);
	return at === -1 ? path.startsWith(whiteoutPrefix) : !path.includes('/', at + 1);
}

/** Sum of the tar sizes of the entries under a directory (hard-link entries count 0), as dive adds them up. */
function subtreeTarBytes(directory: ViewNode): number {
	let total = 0;
	const pending: ViewNode[] = [directory];
	while (pending.length > 0) {
		const node = pending.pop()!;
		total += node.entry.type === 'file' ? node.entry.size : 0;
		if (node.children) pending.push(...node.children.values());
	}

	return total;
}
