import {Text} from 'ink';
import {type Report} from '../analysis/report.js';
import {layerDetailLines} from '../view-model/pane-text.js';

/** Digest, diffId, media type, sizes, date and the whole build step of the selected layer. */
export function LayerDetails({report, layer, width, height, expanded}: {report: Report; layer: number; width: number; height: number; expanded: boolean}) {
	return (
		<>
			{layerDetailLines(report, layer, width, height, expanded).map((line, index) => (
				<Text key={index} wrap="truncate">{line}</Text>
			))}
		</>
	);
}
