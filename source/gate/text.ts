import {escapeControl} from '../analysis/display.js';
import {familiarReference} from '../analysis/reference.js';
import {type Report} from '../analysis/report.js';
import {type Paint, painter} from '../output/colour.js';
import {textSummary} from '../output/text-summary.js';
import {type RuleVerdict} from './rules.js';

/** The gate's account for a log: the report's summary, one line per rule, then the result; `paint` colours verdicts. */
export function gateText(report: Report, verdicts: RuleVerdict[], width: number, paint: Paint = painter(false)): string {
	return `${textSummary(report, {width})}\n${ruleLines(verdicts, paint).join('\n')}\n`;
}

const verdictColours = {pass: 'green', fail: 'red', skip: 'yellow'} as const;

export function ruleLines(verdicts: RuleVerdict[], paint: Paint): string[] {
	const nameWidth = Math.max(...verdicts.map(verdict => verdict.rule.length));
	const lines = verdicts.map(verdict => (
		`  ${paint(verdictColours[verdict.status], verdict.status.toUpperCase().padEnd(4))}  ${verdict.rule.padEnd(nameWidth)}  ${escapeControl(verdict.measured)}; threshold ${escapeControl(verdict.threshold)}`
	));
	return ['Rules:', ...lines, '', resultLine(verdicts, paint)];
}

/** `Result: FAIL: 1 of 3 rules failed (2 passed, 0 skipped)`, or `Result: PASS: …`. */
export function resultLine(verdicts: RuleVerdict[], paint: Paint = painter(false)): string {
	const {passed, failed, skipped} = tally(verdicts);
	return failed > 0
		? `Result: ${paint('red', 'FAIL')}: ${failed} of ${verdicts.length} rules failed (${passed} passed, ${skipped} skipped)`
		: `Result: ${paint('green', 'PASS')}: ${passed} of ${verdicts.length} rules passed (${skipped} skipped)`;
}

/** The image's first name (`layerscope/demo:latest`), or its short id when it has none. */
export function imageLabel(report: Report): string {
	const name = report.image.references[0];
	return name ? familiarReference(name) : report.image.id.slice(0, 19);
}

export function tally(verdicts: RuleVerdict[]): {passed: number; failed: number; skipped: number} {
	const count = (status: RuleVerdict['status']) => verdicts.filter(verdict => verdict.status === status).length;
	return {passed: count('pass'), failed: count('fail'), skipped: count('skip')};
}
