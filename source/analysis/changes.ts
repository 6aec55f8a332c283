import {sameContent} from './simulate.js';
import {type LayerChange, type ViewNode} from './union.js';

export type ChangeClass = 'added' | 'modified' | 'metadataOnly' | 'removed';

/** What a change did: added, removed, content modified, or only metadata (mode, owner) modified. */
export function classifyChange(change: LayerChange): ChangeClass {
	if (change.kind !== 'modified') return change.kind;
	return contentChanged(change.before!, change.node) ? 'modified' : 'metadataOnly';
}

function contentChanged(before: ViewNode, after: ViewNode): boolean {
	if (before.type !== after.type) return true;
	switch (after.type) {
		case 'file': {
			return !sameContent(before.copy, after.copy);
		}

		case 'symlink': {
			return before.entry.linkTarget !== after.entry.linkTarget;
		}

		case 'char':
		case 'block': {
			return before.entry.devMajor !== after.entry.devMajor || before.entry.devMinor !== after.entry.devMinor;
		}

		default: {
			return false;
		}
	}
}

/** Names in the view a removal took away: the removed path and everything that was under it. */
export function removedNames(change: LayerChange): number {
	let count = 0;
	const pending: ViewNode[] = [change.node];
	while (pending.length > 0) {
		const node = pending.pop()!;
		count++;
		if (node.children) pending.push(...node.children.values());
	}

	return count;
}

export type ChangeCounts = {added: number; modified: number; metadataOnly: number; removed: number};

export function countChanges(changes: LayerChange[]): ChangeCounts {
	const counts: ChangeCounts = {added: 0, modified: 0, metadataOnly: 0, removed: 0};
	for (const change of changes) {
		const kind = classifyChange(change);
		counts[kind] += kind === 'removed' ? removedNames(change) : 1;
		// A directory replaced by a file or a symlink takes everything below it out of the view, with no whiteout.
		if (change.kind === 'modified' && change.before?.children && !change.node.children) {
			counts.removed += removedNames({...change, node: change.before}) - 1;
		}
	}

	return counts;
}
