import {Text} from 'ink';
import {type Report} from '../analysis/report.js';
import {findingRows, type FindingRow} from '../view-model/finding-rows.js';
import {summarySplit} from '../view-model/layout.js';
import {findingDetailText, findingLineText, groupDetailText, groupLineText, summaryFigureText} from '../view-model/pane-text.js';
import {type Viewport} from '../view-model/viewport.js';

export type ImageSummaryProps = {report: Report; finding: Viewport; openGroup: number | undefined; width: number; height: number; focused: boolean};

const classColors = {deleted: 'red', overwritten: 'yellow', metadataOnly: 'magenta', duplicate: 'blue'} as const;

/** Both families of figures, then the findings' groups largest first (the open one with its findings), then what the selected line is about. */
export function ImageSummary({report, finding, openGroup, width, height, focused}: ImageSummaryProps) {
	const split = summarySplit(height);
	const rows = findingRows(report, openGroup);
	const shown = rows.slice(finding.offset, finding.offset + split.findings);
	const figures = summaryFigureText(report, width);
	// A short pane keeps the list's title, the last figure line.
	const figureLines = split.figures === 0 ? [] : [...figures.slice(0, split.figures - 1), figures.at(-1)!];
	return (
		<>
			{figureLines.map((line, index) => (
				<Text key={`figure-${index}`} wrap="truncate" bold={index === figureLines.length - 1}>{line}</Text>
			))}
			{shown.map((row, index) => {
				const isCursor = finding.offset + index === finding.cursor;
				const text = rowText(report, row, width - 1);
				return (
					<Text key={`row-${finding.offset + index}`} wrap="truncate" color={classColors[report.findingGroups[row.group]!.class]} inverse={isCursor && focused}>
						{isCursor ? `›${text}`.padEnd(width) : ` ${text}`}
					</Text>
				);
			})}
			{Array.from({length: split.findings - shown.length}, (_, index) => <Text key={`blank-${index}`}> </Text>)}
			{detailText(report, rows[finding.cursor], width, split.details).map((line, index) => (
				<Text key={`detail-${index}`} wrap="truncate" dimColor={!focused}>{line}</Text>
			))}
		</>
	);
}

function rowText(report: Report, row: FindingRow, width: number): string {
	if (row.kind === 'group') return groupLineText(report.findingGroups[row.group]!, row.open, width);
	return `  ${findingLineText(report.findings[row.finding]!, width - 2)}`;
}

function detailText(report: Report, row: FindingRow | undefined, width: number, height: number): string[] {
	if (row?.kind === 'finding') return findingDetailText(report.findings[row.finding], width, height);
	return groupDetailText(row === undefined ? undefined : report.findingGroups[row.group], width, height);
}
