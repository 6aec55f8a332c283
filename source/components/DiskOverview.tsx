import {Box, Text} from 'ink';
import {type DiskReport} from '../analysis/disk-report.js';
import {overviewFilterKeymap, overviewKeymap, overviewKeymapFor} from '../view-model/disk-keymap.js';
import {overviewHeaderLines, overviewLayout, tableLines, tableTitle} from '../view-model/disk-overview-text.js';
import {type OverviewState} from '../view-model/disk-overview.js';
import {cut} from '../view-model/tree-line.js';
import {keepVisible} from '../view-model/viewport.js';
import {KeyBar} from './KeyBar.js';

export type DiskOverviewProps = {report: DiskReport; state: OverviewState; columns: number; rows: number; message?: string};

/** The disk overview: each root's df rows, prunes and orphans above, the images (or one image's layers) below. */
export function DiskOverview({report, state, columns, rows, message}: DiskOverviewProps) {
	const header = overviewHeaderLines(report, columns);
	const layout = overviewLayout(header.length, columns, rows);
	if (layout.tooSmall) return <Text wrap="wrap">{layout.message}</Text>;
	if (state.help) return <OverviewHelp height={layout.height} />;
	const table = tableLines(report, state);
	const view = state[state.table];
	// The window may have shrunk since the offset was set: keep the cursor in view.
	const offset = keepVisible(view.offset, view.cursor, table.rows.length, layout.tableHeight);
	return (
		<Box flexDirection="column" width={columns} height={layout.height}>
			{header.map((line, index) => <Text key={index} wrap="truncate">{line}</Text>)}
			<Text bold color="cyan" wrap="truncate">{cut(tableTitle(report, state), columns)}</Text>
			<Text bold wrap="truncate">{cut(`  ${table.header}`, columns)}</Text>
			<Box flexDirection="column" height={layout.tableHeight}>
				{table.rows.slice(offset, offset + layout.tableHeight).map((line, index) => (
					<Row key={offset + index} line={line} selected={offset + index === view.cursor} width={columns} />
				))}
			</Box>
			<KeyBar bindings={state.filter.editing ? overviewFilterKeymap : overviewKeymapFor(state.table)} pane="global" width={columns} {...(message === undefined ? {} : {message: cut(message, columns)})} />
		</Box>
	);
}

/** A table row; the selected one is marked with `›` as well as inverse, for terminals without colour. */
function Row({line, selected, width}: {line: string; selected: boolean; width: number}) {
	return <Text inverse={selected} wrap="truncate">{cut(`${selected ? '›' : ' '} ${line}`, width).padEnd(width)}</Text>;
}

function OverviewHelp({height}: {height: number}) {
	const lines = [
		'Disk overview keys (any key closes this help)',
		...overviewKeymap.map(binding => `  ${(binding.keys.includes('ctrl-c') ? `${binding.keyLabel}/Ctrl-C` : binding.keyLabel).padEnd(12)} ${binding.label}`),
		'In the image view, q returns to this overview.',
	];
	return (
		<Box flexDirection="column" height={height}>
			{lines.slice(0, height).map((line, index) => <Text key={index} bold={index === 0} wrap="truncate">{line}</Text>)}
		</Box>
	);
}
