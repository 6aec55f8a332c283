export type Column = {header: string; align?: 'left' | 'right'};

/** A plain-text table: columns padded to their widest cell, two spaces apart, a rule under the headers. */
export function textTable(columns: Column[], rows: string[][]): string {
	const widths = columns.map((column, index) => Math.max(column.header.length, ...rows.map(row => (row[index] ?? '').length)));
	const line = (cells: string[]) => columns
		.map((column, index) => (column.align === 'right' ? (cells[index] ?? '').padStart(widths[index]!) : (cells[index] ?? '').padEnd(widths[index]!)))
		.join('  ')
		.trimEnd();
	return [line(columns.map(column => column.header)), widths.map(width => '-'.repeat(width)).join('  '), ...rows.map(row => line(row))].join('\n');
}
