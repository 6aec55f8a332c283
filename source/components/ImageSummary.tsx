import {Text} from 'ink';
import {type Report} from '../analysis/report.js';
import {findingDetailLines, findingsHeightOf} from '../view-model/layout.js';
import {findingDetailText, findingLineText, summaryFigureText} from '../view-model/pane-text.js';
import {type Viewport} from '../view-model/viewport.js';

export type ImageSummaryProps = {report: Report; finding: Viewport; width: number; height: number; focused: boolean};

const classColors = {deleted: 'red', overwritten: 'yellow', metadataOnly: 'magenta', duplicate: 'blue'} as const;

/** Both families of figures, then the findings largest first, then what the selected finding is about. */
export function ImageSummary({report, finding, width, height, focused}: ImageSummaryProps) {
	const listHeight = findingsHeightOf(height);
	const shown = report.findings.slice(finding.offset, finding.offset + listHeight);
	const selected = report.findings[finding.cursor];
	return (
		<>
			{summaryFigureText(report, width).map((line, index) => (
				<Text key={`figure-${index}`} wrap="truncate" bold={index === 6}>{line}</Text>
			))}
			{shown.map((item, index) => {
				const isCursor = finding.offset + index === finding.cursor;
				return (
					<Text key={`finding-${finding.offset + index}`} wrap="truncate" color={classColors[item.class]} inverse={isCursor && focused}>
						{findingLineText(item, width).padEnd(width)}
					</Text>
				);
			})}
			{Array.from({length: listHeight - shown.length}, (_, index) => <Text key={`blank-${index}`}> </Text>)}
			{findingDetailText(selected, width, findingDetailLines).map((line, index) => (
				<Text key={`detail-${index}`} wrap="truncate" dimColor={!focused}>{line}</Text>
			))}
		</>
	);
}
