import {type Pane} from './keymap.js';
import {type Layout, summarySplit} from './layout.js';

/**
 * The mouse, in xterm's SGR mode (1006) over button reporting (1000): a press arrives as `ESC [ < b ; x ; y M`, a
 * release with `m`. Ink hands such a report to the input handler as one key, without its ESC; it becomes a key name
 * here (`mouse press 11 4`, columns and rows from 0), so that mouse and keys go through one reducer in order.
 */
export const mouseOn = '\u001B[?1000h\u001B[?1006h';
export const mouseOff = '\u001B[?1006l\u001B[?1000l';

export type MouseKind = 'press' | 'wheelUp' | 'wheelDown';
export type MouseEvent = {kind: MouseKind; column: number; row: number};

const report = /^\u001B?\[<(\d+);(\d+);(\d+)([Mm])$/;
const wheelButton = 64;
const modifierFlags = 4 | 8 | 16;

/**
 * The key name of an SGR mouse report: a left press or a wheel turn. Anything else (a release, another button, a
 * drag, which sets the motion bit) is `mouse`, which does nothing, and never reaches the filter as text.
 */
export function mouseKeyName(input: string): string | undefined {
	const match = report.exec(input);
	if (!match) return undefined;
	const button = Number(match[1]) & ~modifierFlags;
	const column = Number(match[2]) - 1;
	const row = Number(match[3]) - 1;
	const pressed = match[4] === 'M';
	if (button === wheelButton) return `mouse wheelUp ${column} ${row}`;
	if (button === wheelButton + 1) return `mouse wheelDown ${column} ${row}`;
	if (button === 0 && pressed) return `mouse press ${column} ${row}`;
	return 'mouse';
}

export function isMouseKey(key: string): boolean {
	return key === 'mouse' || key.startsWith('mouse ');
}

export function parseMouseKey(key: string): MouseEvent | undefined {
	const [, kind, column, row] = key.split(' ');
	if (kind === undefined) return undefined;
	return {kind: kind as MouseKind, column: Number(column), row: Number(row)};
}

/** What is under a screen cell: a pane, and the line of its list there (from the window's top), if on one. */
export type MouseTarget = {pane: Pane; line?: number};

/** Rows above a list inside its pane: the title border, and in the tree the filter line and the column header. */
const treeListTop = 3;

/** The pane under a cell of the browser's layout (see `layoutFor`), and the list line under it. */
export function mouseTarget(layout: Extract<Layout, {tooSmall: false}>, column: number, row: number): MouseTarget | undefined {
	if (row >= layout.height - 1) return undefined; // the key bar
	if (column >= layout.leftWidth) return {pane: 'tree', ...lineWithin(row - treeListTop, layout.treeHeight)};
	const layersRows = layout.layersHeight + 2;
	if (row < layersRows) return {pane: 'layers', ...lineWithin(row - 1, layout.layersHeight)};
	const summaryTop = layersRows + layout.detailsHeight + 2;
	if (row < summaryTop || layout.summaryHeight === 0) return undefined;
	const split = summarySplit(layout.summaryHeight);
	return {pane: 'summary', ...lineWithin(row - summaryTop - 1 - split.figures, split.findings)};
}

function lineWithin(line: number, height: number): {line?: number} {
	return line >= 0 && line < height ? {line} : {};
}
