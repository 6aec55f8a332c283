import {escapeControl, formatBytes, shortCommand} from '../analysis/display.js';
import {type Report} from '../analysis/report.js';
import {type Finding} from '../analysis/waste.js';
import {classNames} from '../output/text-summary.js';
import {type RuleVerdict} from './rules.js';

const findingsShown = 3;

/**
 * GitHub Actions workflow commands: `::error` for each failed rule; when the gate fails, `::warning` for the
 * largest findings, which say what to fix; and `::warning` for each problem found in the input.
 */
export function gateAnnotations(report: Report, verdicts: RuleVerdict[]): string[] {
	const failures = verdicts.filter(verdict => verdict.status === 'fail');
	const lines = failures.map(verdict => command('error', `layerscope: ${verdict.rule}`, escapeControl(verdict.message)));
	if (failures.length > 0) {
		for (const finding of report.findings.slice(0, findingsShown)) {
			lines.push(command('warning', `layerscope: ${formatBytes(finding.bytes)} ${classNames[finding.class]}`, findingMessage(finding)));
		}
	}

	for (const warning of report.warnings) lines.push(command('warning', 'layerscope: input', escapeControl(warning)));
	return lines;
}

function findingMessage(finding: Finding): string {
	const path = escapeControl(finding.path);
	if (finding.class === 'duplicate') return `${path}: the same content is stored at ${finding.paths!.map(escapeControl).join(', ')}`;
	const hidden = finding.class === 'deleted' ? 'removed' : 'replaced';
	return `${path}: stored in layer ${finding.storedInLayer} (${shortCommand(finding.storedBy, 80)}), ${hidden} in layer ${finding.hiddenInLayer} (${shortCommand(finding.hiddenBy, 80)})`
		+ (finding.hint ? `. ${finding.hint}` : '');
}

/** `::level title=…::message`, escaped as the runner expects (`%`, CR and LF in both; `:` and `,` in the title too). */
function command(level: 'error' | 'warning', title: string, message: string): string {
	const data = (text: string) => text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
	const property = (text: string) => data(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
	return `::${level} title=${property(title)}::${data(message)}`;
}
