import {escapeControl, formatBytes, safePath} from '../analysis/display.js';
import {type EntryType} from '../analysis/model.js';
import {binaryToText} from '../analysis/paths.js';
import {type RowKind, statusKinds, versionAt, type WasteMark, wasteMarks} from './layer-state.js';
import {type PathTable, type PathVersion} from './path-table.js';
import {isCollapsed, type TreeQuery, type TreeRows} from './tree-rows.js';

/** One file-tree line, as columns of plain (escaped) text: the component only colours them. */
export type TreeLine = {
	kind: RowKind;
	mark?: WasteMark;
	attributes?: string;
	size: string;
	/** Indentation, the collapse arrow and the escaped name (with ` → target` for links), cut to fit. */
	name: string;
};

/** The one-column mark for each kind of waste. */
export const wasteMarkSymbols: Record<WasteMark, string> = {deleted: '✗', overwritten: '↻', metadataOnly: '±', wastedBelow: '•'};
/** Widths of the size and attribute columns, in terminal columns. */
export const sizeColumnWidth = 9;
export const attributesColumnWidth = 22;

const typeLetter: Record<EntryType, string> = {file: '-', dir: 'd', symlink: 'l', hardlink: '-', char: 'c', block: 'b', fifo: 'p'};

/** `ls -l` style permissions: `drwxr-xr-x`, with `s`/`t` for setuid, setgid and sticky. */
export function permissionText(type: EntryType, mode: number): string {
	const bit = (mask: number, letter: string) => (mode & mask ? letter : '-');
	const special = (execute: number, flag: number, on: string, off: string) =>
		mode & flag ? (mode & execute ? on : off) : bit(execute, 'x');
	return typeLetter[type] + bit(0o400, 'r') + bit(0o200, 'w') + special(0o100, 0o4000, 's', 'S')
		+ bit(0o40, 'r') + bit(0o20, 'w') + special(0o10, 0o2000, 's', 'S')
		+ bit(0o4, 'r') + bit(0o2, 'w') + special(0o1, 0o1000, 't', 'T');
}

export type LineOptions = {width: number; showAttributes: boolean; wasteMarks: boolean};

/** The line for path `id` in `rows`, to fit `width` columns in all. */
export function treeLine(table: PathTable, rows: TreeRows, query: Pick<TreeQuery, 'collapseAll' | 'toggled'>, id: number, options: LineOptions): TreeLine {
	const {state} = rows;
	const version = versionAt(table, state, id)!;
	const kind = statusKinds[state.status[id]!] ?? 'unchanged';
	const isDirectory = version.type === 'dir';
	const expandable = (rows.shown[id]! & 2) !== 0;
	const arrow = expandable ? (isCollapsed(query, id) ? '▸ ' : '▾ ') : '  ';
	const target = linkText(version.entry.type, version.entry.linkTarget);
	const indent = '  '.repeat(Math.max(0, table.depth[id]! - 1));
	const line: TreeLine = {
		kind,
		size: isDirectory || version.copy ? formatBytes(state.bytes[id]!) : '',
		name: '',
	};
	const mark = options.wasteMarks ? wasteMarks[state.waste[id]!] : undefined;
	if (mark) line.mark = mark;
	if (options.showAttributes) {
		line.attributes = `${attributesText(version)}`;
	}

	const used = 2 + sizeColumnWidth + 1 + (options.showAttributes ? attributesColumnWidth : 0);
	line.name = cut(`${indent}${arrow}${escapeControl(binaryToText(table.names[id]!))}${isDirectory ? '/' : ''}${target}`, options.width - used);
	return line;
}

/** Mode and owner; a hard link shows the file it names (they share one inode). */
function attributesText(version: PathVersion): string {
	const {mode, uid, gid} = version.copy?.entry ?? version.entry;
	return `${permissionText(version.type, mode)} ${`${uid}:${gid}`.padEnd(11)}`;
}

function linkText(type: EntryType, target: string | undefined): string {
	if (target === undefined) return '';
	return type === 'hardlink' ? ` ⇒ ${safePath(target)}` : ` → ${escapeControl(binaryToText(target))}`;
}

/** The whole line as plain text, for tests, goldens and widths. */
export function treeLineText(line: TreeLine): string {
	const mark = line.mark ? wasteMarkSymbols[line.mark] : ' ';
	return `${mark}${line.attributes ?? ''}${line.size.padStart(sizeColumnWidth)} ${line.name}`;
}

/** Cuts text to `width` characters, ending with `…` when something was cut. */
export function cut(text: string, width: number): string {
	if (width <= 0) return '';
	return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
