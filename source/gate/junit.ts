import {escapeControl} from '../analysis/display.js';
import {type Report} from '../analysis/report.js';
import {diveRuleKeys, type RuleVerdict} from './rules.js';
import {imageLabel, tally} from './text.js';

/**
 * The gate as a JUnit XML report (GitLab's `artifacts:reports:junit`, Jenkins): one test case per rule, a
 * `<failure>` carrying the measured value for a failed rule, `<skipped>` for a disabled one.
 */
export function gateJunit(report: Report, verdicts: RuleVerdict[]): string {
	const {failed, skipped} = tally(verdicts);
	const counts = `tests="${verdicts.length}" failures="${failed}" errors="0" skipped="${skipped}"`;
	const image = imageLabel(report);
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		`<testsuites name="layerscope" ${counts}>`,
		`  <testsuite name="${xml(`layerscope gate: ${image}`)}" ${counts}>`,
		'    <properties>',
		...properties(report).map(([name, value]) => `      <property name="${xml(name)}" value="${xml(value)}"/>`),
		'    </properties>',
		...verdicts.map(verdict => testCase(verdict)),
		'  </testsuite>',
		'</testsuites>',
		'',
	].join('\n');
}

function testCase(verdict: RuleVerdict): string {
	const family = (diveRuleKeys as readonly string[]).includes(verdict.rule) ? 'dive' : 'layerscope';
	const open = `    <testcase classname="layerscope.${family}" name="${verdict.rule}" time="0"`;
	if (verdict.status === 'pass') return `${open}/>`;
	const body = verdict.status === 'fail'
		? `      <failure type="threshold" message="${xml(`${verdict.measured}; threshold ${verdict.threshold}`)}">${xml(verdict.message)}</failure>`
		: `      <skipped message="${xml(verdict.message)}"/>`;
	return `${open}>\n${body}\n    </testcase>`;
}

function properties(report: Report): Array<[string, string]> {
	const {layerscope: own, dive} = report.metrics;
	return [
		['image', imageLabel(report)],
		['image.id', report.image.id],
		['layers', String(report.layers.length)],
		['storedBytes', String(own.storedBytes)],
		['retainedBytes', String(own.retainedBytes)],
		['efficiency', String(own.efficiency)],
		['dive.efficiency', String(dive.efficiency)],
		['dive.wastedBytes', String(dive.wastedBytes)],
		['dive.userWastedPercent', String(dive.userWastedPercent)],
	];
}

/** Text for an attribute or element: escaped for XML, and control characters (which XML 1.0 cannot hold) spelled out. */
function xml(text: string): string {
	return escapeControl(text)
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&apos;');
}
