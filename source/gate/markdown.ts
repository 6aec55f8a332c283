import {escapeControl, formatBytes, formatPercent} from '../analysis/display.js';
import {describeGroup, type FindingGroup} from '../analysis/finding-groups.js';
import {type Report} from '../analysis/report.js';
import {classNames} from '../output/text-summary.js';
import {type RuleVerdict} from './rules.js';
import {imageLabel, resultLine, tally} from './text.js';

const statusCells: Record<RuleVerdict['status'], string> = {pass: '✅ PASS', fail: '❌ FAIL', skip: '⏭️ SKIP'};

/** The gate as Markdown, fit for `$GITHUB_STEP_SUMMARY` or a pull-request comment: the rules table first. */
export function gateMarkdown(report: Report, verdicts: RuleVerdict[]): string {
	const {failed} = tally(verdicts);
	const {layerscope: own, dive} = report.metrics;
	const lines = [
		`### layerscope gate: ${failed > 0 ? '❌ FAIL' : '✅ PASS'} for \`${code(imageLabel(report))}\``,
		'',
		`${report.layers.length} layers, ${formatBytes(own.storedBytes)} stored, efficiency ${formatPercent(own.efficiency)}, `
			+ `retained ${formatBytes(own.retainedBytes)}; dive-compatible efficiency ${formatPercent(dive.efficiency, 2)}, `
			+ `wasted ${formatBytes(dive.wastedBytes)}, user wasted ${formatPercent(dive.userWastedPercent, 2)}.`,
		'',
		'| Rule | Result | Measured | Threshold |',
		'| --- | --- | --- | --- |',
		...verdicts.map(verdict => `| \`${verdict.rule}\` | ${statusCells[verdict.status]} | ${cell(verdict.measured)} | ${cell(verdict.threshold)} |`),
		'',
		`**${resultLine(verdicts).replace(/^Result: /, '')}**`,
		...groupsTable(report.findingGroups.slice(0, 5), report.findingGroups.length),
		'',
	];
	return lines.join('\n');
}

function groupsTable(groups: FindingGroup[], total: number): string[] {
	if (groups.length === 0) return [];
	const rows = groups.map(group => `| ${formatBytes(group.bytes)} | ${classNames[group.class]} | ${tableText(describeGroup(group))} | ${tableText(group.hint)} |`);
	return [
		'',
		`<details><summary>Largest findings by cause (${groups.length} of ${total} groups)</summary>`,
		'',
		'| Bytes | Class | What happened | What to do |',
		'| --- | --- | --- | --- |',
		...rows,
		'',
		'</details>',
	];
}

/** A table cell: no control characters (so no line breaks), no column separators, no HTML. */
function cell(text: string): string {
	return tableText(escapeControl(text));
}

/** Text already free of control characters, made safe for a table cell. */
function tableText(text: string): string {
	return text.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Text for a code span in a table cell: HTML cannot start there, but a backtick would end the span. */
function code(text: string): string {
	return escapeControl(text).replaceAll('|', '\\|').replaceAll('`', "'");
}
