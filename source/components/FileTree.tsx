import {Text} from 'ink';
import {type BrowseModel} from '../view-model/browse-model.js';
import {type RowKind} from '../view-model/layer-state.js';
import {type BrowseState, treeRowsOf} from '../view-model/navigation.js';
import {attributesColumnWidth, cut, sizeColumnWidth, treeLine, type TreeLine, wasteMarkSymbols} from '../view-model/tree-line.js';

export type FileTreeProps = {model: BrowseModel; state: BrowseState; width: number; height: number; focused: boolean};

/** Change colours: added green, content modified yellow, metadata-only magenta, removed red. */
export const kindColors: Record<RowKind, string | undefined> = {
	added: 'green', modified: 'yellow', metadataOnly: 'magenta', removed: 'red', unchanged: undefined,
};

/** The file tree of the selected layer: only the rows in the window are formatted and drawn. */
export function FileTree({model, state, width, height, focused}: FileTreeProps) {
	const rows = treeRowsOf(state, model);
	const {cursor, offset} = state.tree;
	const ids = rows.ids.subarray(offset, offset + height);
	const options = {width, showAttributes: state.showAttributes, wasteMarks: state.wasteMarks};
	return (
		<>
			<FilterLine state={state} error={rows.filterError} count={rows.ids.length} width={width} />
			<Text wrap="truncate" dimColor>{cut(columnHeader(state.showAttributes), width)}</Text>
			{Array.from(ids, (id, index) => (
				<Row key={index} line={treeLine(model.table, rows, state, id, options)} width={width} selected={offset + index === cursor} focused={focused} />
			))}
			{rows.ids.length === 0 && <Text dimColor>{cut(emptyTreeText(state), width)}</Text>}
		</>
	);
}

function columnHeader(showAttributes: boolean): string {
	return `  ${showAttributes ? 'Permission UID:GID'.padEnd(attributesColumnWidth) : ''}${'Size'.padStart(sizeColumnWidth)} Name`;
}

function emptyTreeText(state: BrowseState): string {
	if (state.filter.text !== '') return 'no path matches the filter';
	if (state.hidden.size > 0) return 'every row is hidden (A M R U show them again)';
	return state.changesOnly ? 'this layer changes nothing' : 'nothing to show';
}

function FilterLine({state, error, count, width}: {state: BrowseState; error?: string; count: number; width: number}) {
	const {filter} = state;
	const mode = `${state.changesOnly ? 'layer changes' : 'aggregated'} · sort ${state.sort} · ${count} rows`;
	const hidden = state.hidden.size > 0 ? ` · hiding ${[...state.hidden].join(', ')}` : '';
	if (!filter.editing && filter.text === '') return <Text wrap="truncate" dimColor>{cut(mode + hidden, width)}</Text>;
	const cursorMark = filter.editing ? '▏' : '';
	return (
		<Text wrap="truncate">
			<Text color="cyan">{`${filter.syntax} /`}</Text>
			{cut(`${filter.text}${cursorMark}`, width - 20)}
			<Text color={error ? 'red' : undefined} dimColor={!error}>{cut(`  ${error ?? mode + hidden}`, Math.max(0, width - filter.text.length - 10))}</Text>
		</Text>
	);
}

function Row({line, width, selected, focused}: {line: TreeLine; width: number; selected: boolean; focused: boolean}) {
	const text = `${line.attributes ?? ''}${line.size.padStart(sizeColumnWidth)} ${line.name}`;
	// Only the cursor row is padded to the full width (for its highlight): every character costs Ink time per frame.
	const shown = selected ? text.padEnd(width - 2) : text;
	return (
		<Text wrap="truncate" inverse={selected && focused} bold={selected}>
			{selected ? '›' : ' '}
			{line.mark ? <Text color="red">{wasteMarkSymbols[line.mark]}</Text> : ' '}
			{kindColors[line.kind] ? <Text color={kindColors[line.kind]}>{shown}</Text> : shown}
		</Text>
	);
}
