import {Box, Text} from 'ink';
import {type Binding, keymap} from '../view-model/keymap.js';
import {wasteMarkSymbols} from '../view-model/tree-line.js';
import {kindColors} from './FileTree.js';

const scopeTitles = {global: 'Everywhere', layers: 'Layers pane', tree: 'File tree pane', summary: 'Image summary pane'} as const;

/** Every key, grouped by where it works, with the colour and mark legend. */
export function HelpScreen({width, height}: {width: number; height: number}) {
	const lines: Array<{text: string; bold?: boolean; color?: string}> = [{text: 'layerscope keys (? or Esc closes this help)', bold: true}];
	for (const scope of ['global', 'layers', 'tree', 'summary'] as const) {
		lines.push({text: scopeTitles[scope], bold: true});
		for (const binding of keymap.filter(candidate => candidate.scope === scope)) lines.push({text: helpLine(binding)});
	}

	lines.push({text: 'Colours', bold: true});
	for (const [kind, color] of Object.entries(kindColors)) lines.push({text: `  ${kind}`, ...(color ? {color} : {})});
	lines.push({text: 'Marks (bytes a later layer wastes)', bold: true});
	for (const [mark, symbol] of Object.entries(wasteMarkSymbols)) lines.push({text: `  ${symbol}  ${mark}`});
	const columns = Math.ceil(lines.length / Math.max(1, height));
	const columnWidth = Math.floor(width / columns);
	return (
		<Box flexDirection="row" width={width} height={height}>
			{Array.from({length: columns}, (_, column) => (
				<Box key={column} flexDirection="column" width={columnWidth}>
					{lines.slice(column * height, (column + 1) * height).map((line, index) => (
						<Text key={index} wrap="truncate" bold={line.bold} color={line.color}>{line.text}</Text>
					))}
				</Box>
			))}
		</Box>
	);
}

function helpLine(binding: Binding): string {
	return `  ${binding.keys.map(key => (key === 'ctrl-c' ? 'Ctrl-C' : key)).join(' ').padEnd(16)} ${binding.label}`;
}
