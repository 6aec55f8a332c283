import {escapeControl, formatBytes} from '../analysis/display.js';
import {describeGroup} from '../analysis/finding-groups.js';
import {type Report} from '../analysis/report.js';
import {classNames} from '../output/text-summary.js';
import {type RuleVerdict} from './rules.js';

const groupsShown = 3;

/**
 * GitHub Actions workflow commands: `::error` for each failed rule; when the gate fails, `::warning` for the
 * largest groups of findings, which say what to fix; and `::warning` for each problem found in the input.
 */
export function gateAnnotations(report: Report, verdicts: RuleVerdict[]): string[] {
	const failures = verdicts.filter(verdict => verdict.status === 'fail');
	const lines = failures.map(verdict => command('error', `layerscope: ${verdict.rule}`, escapeControl(verdict.message)));
	if (failures.length > 0) {
		for (const group of report.findingGroups.slice(0, groupsShown)) {
			lines.push(command('warning', `layerscope: ${formatBytes(group.bytes)} ${classNames[group.class]}`, `${describeGroup(group, 80)}. ${group.hint}`));
		}
	}

	for (const warning of report.warnings) lines.push(command('warning', 'layerscope: input', escapeControl(warning)));
	return lines;
}


/** `::level title=…::message`, escaped as the runner expects (`%`, CR and LF in both; `:` and `,` in the title too). */
function command(level: 'error' | 'warning', title: string, message: string): string {
	const data = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
	const property = (text: string) => data(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
	return `::${level} title=${property(title)}::${data(message)}`;
}
