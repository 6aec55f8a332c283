/** Where each pane goes for a terminal of `columns` × `rows` characters. Heights are inner rows (no border). */
export type Layout =
	| {tooSmall: true; columns: number; rows: number; message: string}
	| {
		tooSmall: false;
		/** Rows the whole frame takes: one less than the terminal, so Ink never clears the screen per frame (P12). */
		height: number;
		leftWidth: number;
		rightWidth: number;
		layersHeight: number;
		detailsHeight: number;
		summaryHeight: number;
		/** File rows of the tree pane, below its title and column header. */
		treeHeight: number;
	};

/** The smallest terminal the browser lays out, in columns and rows; below it, a message instead. */
export const minimumColumns = 80;
export const minimumRows = 20;
const detailsHeight = 6;
const borders = 2;

/**
 * Splits the terminal: layers, details and summary on the left, the file tree on the right, the key bar below. With
 * `expandDetails`, the details take the summary's rows too (the summary's height is then 0: not shown).
 */
export function layoutFor(columns: number, rows: number, layerRows: number, expandDetails = false): Layout {
	if (columns < minimumColumns || rows < minimumRows) {
		return {
			tooSmall: true, columns, rows,
			message: `The terminal is ${columns}×${rows}; layerscope needs at least ${minimumColumns}×${minimumRows}. Enlarge the window, or press q to quit.`,
		};
	}

	const height = rows - 1;
	const panes = height - 1;
	const leftWidth = Math.max(38, Math.min(72, Math.floor(columns * 0.42)));
	// A quarter of the height; every row of the history when it fits and leaves the summary all its parts (not when the
	// details take the summary's place: they need the room for the whole build step).
	const roomForLayers = expandDetails ? 0 : panes - 3 * borders - detailsHeight - fullSummaryHeight;
	const layersHeight = Math.max(3, layerRows <= roomForLayers ? layerRows : Math.min(layerRows, Math.floor(panes * 0.25)));
	const summaryHeight = panes - (layersHeight + borders) - (detailsHeight + borders) - borders;
	return {
		tooSmall: false, height, leftWidth, rightWidth: columns - leftWidth, layersHeight,
		detailsHeight: expandDetails ? detailsHeight + summaryHeight + borders : detailsHeight,
		summaryHeight: expandDetails ? 0 : summaryHeight,
		treeHeight: panes - borders - 2,
	};
}

/** Lines of the summary pane above the findings (the figures and the list's title), and below (the selected one). */
export const summaryFigureLines = 7;
export const findingDetailLines = 4;
/** A summary pane this high shows its figures, one finding and that finding's details. */
const fullSummaryHeight = summaryFigureLines + 1 + findingDetailLines;

/** How a summary pane of `height` inner rows is shared: figures (the last is the list's title), findings, details. */
export type SummarySplit = {figures: number; findings: number; details: number};

/** In a short pane the selected finding's lines go first, then figures; one findings row always stays. */
export function summarySplit(height: number): SummarySplit {
	const details = height >= summaryFigureLines + 1 + findingDetailLines ? findingDetailLines : 0;
	const figures = Math.max(0, Math.min(summaryFigureLines, height - 1 - details));
	return {figures, findings: Math.max(1, height - figures - details), details};
}

/** Findings rows in a summary pane of `summaryHeight` inner rows. */
export function findingsHeightOf(summaryHeight: number): number {
	return summarySplit(summaryHeight).findings;
}
