import {type EntryType} from '../analysis/model.js';
import {type UnionView, type ViewNode} from '../analysis/union.js';

const typeLetters: Record<EntryType, string> = {
	file: 'f', hardlink: 'f', dir: 'd', symlink: 'l', char: 'c', block: 'b', fifo: 'p',
};

export const listHeader = '#path\ttype\tsize\tmode\tuid\tgid\tnlink\ttarget';

/** Bytes below 0x20, 0x7f and the backslash as `\xHH`; every other byte as it is. */
export function escapeListField(binary: string): string {
	// eslint-disable-next-line no-control-regex
	return binary.replace(/[\u0000-\u001f\u007f\\]/g, character => `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Permission bits with setuid/setgid/sticky, octal, with a leading 0: `0755`, `04755`, `01777`. */
export function formatMode(mode: number): string {
	return `0${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}

/** The union view as TSV lines (binary strings, one char per byte), sorted bytewise by path. */
export function unionListLines(view: UnionView): string[] {
	const names = new Map<unknown, number>();
	const nodes = [...view.nodes()];
	for (const node of nodes) if (node.copy) names.set(node.copy, (names.get(node.copy) ?? 0) + 1);
	nodes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
	return [listHeader, ...nodes.map(node => listLine(node, node.copy ? names.get(node.copy)! : 1))];
}

function listLine(node: ViewNode, nlink: number): string {
	const attributes = node.copy?.entry ?? node.entry;
	const isFile = node.type === 'file';
	return [
		escapeListField(`/${node.path}`),
		typeLetters[node.type],
		isFile ? String(node.copy?.entry.size ?? 0) : '0',
		formatMode(attributes.mode),
		String(attributes.uid),
		String(attributes.gid),
		isFile ? String(nlink) : '1',
		node.type === 'symlink' ? escapeListField(node.entry.linkTarget ?? '') : '',
	].join('\t');
}
