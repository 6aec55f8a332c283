import {Box, Text} from 'ink';
import {type Binding, keymap, viewerKeymap} from '../view-model/keymap.js';
import {wasteMarkSymbols} from '../view-model/tree-line.js';
import {kindColors} from './FileTree.js';

type HelpLine = {text: string; bold?: boolean; color?: string};

const scopeTitles = {global: 'Everywhere', layers: 'Layers', tree: 'File tree', summary: 'Image summary'} as const;
const kindLabels = {added: 'added by this layer', modified: 'content changed by this layer', metadataOnly: 'only mode or owner changed (whole file stored again)', removed: 'removed by this layer', unchanged: 'unchanged'} as const;
const markLabels = {deleted: 'a later layer deletes it (bytes retained)', overwritten: 'a later layer overwrites it', metadataOnly: 'a later layer copies it up for a chmod/chown', wastedBelow: 'holds bytes a later layer wastes'} as const;

/** Every key of the key map, grouped by where it works (each binding once), then the colour and mark legend. */
export function helpLines(): HelpLine[] {
	const lines: HelpLine[] = [{text: 'layerscope keys (? or Esc closes this help)', bold: true}];
	const seen = new Set<string>();
	for (const scope of ['global', 'layers', 'tree', 'summary'] as const) {
		const fresh = keymap.filter(binding => binding.scope === scope && !seen.has(`${binding.keyLabel} ${binding.label}`));
		if (fresh.length === 0) continue;
		lines.push({text: scope === 'layers' ? 'Moving (layers, tree and summary)' : scopeTitles[scope], bold: true});
		for (const binding of fresh) {
			seen.add(`${binding.keyLabel} ${binding.label}`);
			lines.push({text: helpLine(binding)});
		}
	}

	lines.push({text: 'File viewer (Enter or v on a file)', bold: true}, ...viewerHelpLines());
	lines.push(
		{text: 'Mouse', bold: true},
		{text: '  click        select the pane and the line'},
		{text: '  wheel        scroll the pane under the pointer'},
		{text: "dive's Ctrl keys work too (notes say where)", bold: true},
	);
	lines.push({text: 'Colours in the file tree', bold: true});
	for (const [kind, color] of Object.entries(kindColors)) lines.push({text: `  ${kindLabels[kind as keyof typeof kindLabels]}`, ...(color ? {color} : {})});
	lines.push({text: 'Marks in the file tree', bold: true});
	for (const [mark, symbol] of Object.entries(wasteMarkSymbols)) lines.push({text: `  ${symbol}  ${markLabels[mark as keyof typeof markLabels]}`});
	return lines;
}

const scrolling: ReadonlySet<string> = new Set(['up', 'down', 'pageUp', 'pageDown', 'home', 'end']);

/** The viewer's keys: its scrolling keys on one line, then the others. */
function viewerHelpLines(): HelpLine[] {
	const scroll = viewerKeymap.filter(binding => scrolling.has(binding.action)).map(binding => binding.keyLabel).join(' ');
	const others = viewerKeymap.filter(binding => !scrolling.has(binding.action) && binding.action !== 'quit');
	return [{text: `  ${scroll}  scroll`}, ...others.map(binding => ({text: helpLine(binding)}))];
}

function helpLine(binding: Binding): string {
	const keys = binding.keys.includes('ctrl-c') ? `${binding.keyLabel}/Ctrl-C` : binding.keyLabel;
	return `  ${keys.padEnd(12)} ${binding.label}${binding.note ? ` (${binding.note})` : ''}`;
}

/** The help, in as many columns as the height needs. */
export function HelpScreen({width, height}: {width: number; height: number}) {
	const lines = helpLines();
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
