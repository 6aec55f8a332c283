import {Text} from 'ink';
import {type BrowseModel} from '../view-model/browse-model.js';
import {layerLineText} from '../view-model/pane-text.js';

export type LayerListProps = {model: BrowseModel; layer: number; offset: number; width: number; height: number; focused: boolean};

/** The layer list window; history steps that made no layer are dimmed. */
export function LayerList({model, layer, offset, width, height, focused}: LayerListProps) {
	const rows = model.layerRows.slice(offset, offset + height);
	return (
		<>
			{rows.map((row, index) => {
				const selected = row.kind === 'layer' && row.layer === layer;
				return (
					<Text key={offset + index} wrap="truncate" dimColor={row.kind === 'empty'} inverse={selected && focused} bold={selected}>
						{selected ? `›${layerLineText(row, width - 1)}`.padEnd(width) : ` ${layerLineText(row, width - 1)}`}
					</Text>
				);
			})}
		</>
	);
}
