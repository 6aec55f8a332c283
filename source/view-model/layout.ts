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

export const minimumColumns = 80;
export const minimumRows = 20;
const detailsHeight = 6;
const borders = 2;

/** Splits the terminal: layers, details and summary on the left, the file tree on the right, the key bar below. */
export function layoutFor(columns: number, rows: number, layerRows: number): Layout {
	if (columns < minimumColumns || rows < minimumRows) {
		return {
			tooSmall: true, columns, rows,
			message: `The terminal is ${columns}×${rows}; layerscope needs at least ${minimumColumns}×${minimumRows}. Enlarge the window, or press q to quit.`,
		};
	}

	const height = rows - 1;
	const panes = height - 1;
	const leftWidth = Math.max(38, Math.min(72, Math.floor(columns * 0.42)));
	const layersHeight = Math.max(3, Math.min(layerRows, Math.floor(panes * 0.25)));
	const summaryHeight = panes - (layersHeight + borders) - (detailsHeight + borders) - borders;
	return {
		tooSmall: false, height, leftWidth, rightWidth: columns - leftWidth,
		layersHeight, detailsHeight, summaryHeight, treeHeight: panes - borders - 2,
	};
}

/** Findings rows in the summary pane: what the figures above and the selected finding's lines below leave. */
export const summaryFigureLines = 7;
export const findingDetailLines = 4;
export function findingsHeightOf(summaryHeight: number): number {
	return Math.max(1, summaryHeight - summaryFigureLines - findingDetailLines);
}
