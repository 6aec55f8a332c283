import {Text} from 'ink';
import {type Report} from '../analysis/report.js';
import {summarySplit} from '../view-model/layout.js';
import {findingDetailText, findingLineText, summaryFigureText} from '../view-model/pane-text.js';
import {type Viewport} from '../view-model/viewport.js';

export type ImageSummaryProps = {report: Report; finding: Viewport; width: number; height: number; focused: boolean};

const classColors = {deleted: 'red', overwritten: 'yellow', metadataOnly: 'magenta', duplicate: 'blue'} as const;

/** Both families of figures, then the findings largest first, then what the selected finding is about. */
export function ImageSummary({report, finding, width, height, focused}: ImageSummaryProps) {
	const split = summarySplit(height);
	const shown = report.findings.slice(finding.offset, finding.offset + split.findings);
	const selected = report.findings[finding.cursor];
	const figures = summaryFigureText(report, width);
	// A short pane keeps the list's title, the last figure line.
	const figureLines = split.figures === 0 ? [] : [...figures.slice(0, split.figures - 1), figures.at(-1)!];
	return (
		<>
			{figureLines.map((line, index) => (
				<Text key={`figure-${index}`} wrap="truncate" bold={index === figureLines.length - 1}>{line}</Text>
			))}
			{shown.map((item, index) => {
				const isCursor = finding.offset + index === finding.cursor;
				return (
					<Text key={`finding-${finding.offset + index}`} wrap="truncate" color={classColors[item.class]} inverse={isCursor && focused}>
						{isCursor ? `›${findingLineText(item, width - 1)}`.padEnd(width) : ` ${findingLineText(item, width - 1)}`}
					</Text>
				);
			})}
			{Array.from({length: split.findings - shown.length}, (_, index) => <Text key={`blank-${index}`}> </Text>)}
			{findingDetailText(selected, width, split.details).map((line, index) => (
				<Text key={`detail-${index}`} wrap="truncate" dimColor={!focused}>{line}</Text>
			))}
		</>
	);
}
