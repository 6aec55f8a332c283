import {type DiveRules, diveDefaults, evaluateDiveRules, type RuleVerdict} from './analysis/ci-rules.js';
import {parseSize} from './analysis/size-units.js';
import {UserError} from './errors.js';
import {chooseImage, inspectImage, loadImage, openImageArchive} from './inspect.js';
import {textSummary} from './output/text-summary.js';
import {writeJsonReport} from './run-report.js';

export type GateOptions = {
	tar: string;
	image?: string;
	json?: string;
	baseLayers?: number;
	flags: Record<string, unknown>;
};

/** The efficiency gate: analyse, print the report and one line per rule, exit 1 when a rule fails. */
export async function runGate(options: GateOptions): Promise<number> {
	const rules = diveRulesFromFlags(options.flags);
	const opened = await openImageArchive(options.tar);
	try {
		const loaded = await loadImage(opened, chooseImage(opened, options.image));
		const {report} = await inspectImage(opened, loaded, {source: options.tar, baseLayers: options.baseLayers});
		const verdicts = evaluateDiveRules(report, rules);
		// With `--json -` the report owns stdout, and the gate's text goes to stderr.
		const out = options.json === '-' ? process.stderr : process.stdout;
		out.write(textSummary(report, {width: 100}));
		out.write(`\n${verdictLines(verdicts)}`);
		if (options.json !== undefined) writeJsonReport(report, options.json);
		return verdicts.some(verdict => verdict.status === 'fail') ? 1 : 0;
	} finally {
		opened.files.close();
	}
}

function verdictLines(verdicts: RuleVerdict[]): string {
	const lines = verdicts.map(verdict => `  ${verdict.status.toUpperCase().padEnd(4)}  ${verdict.rule}: ${verdict.measured} (threshold ${verdict.threshold})`);
	const failed = verdicts.filter(verdict => verdict.status === 'fail').length;
	lines.push(failed > 0 ? `Result: FAIL (${failed} of ${verdicts.length} rules failed)` : `Result: PASS (${verdicts.filter(verdict => verdict.status === 'pass').length} rules passed)`);
	return `Rules:\n${lines.join('\n')}\n`;
}

function diveRulesFromFlags(flags: Record<string, unknown>): DiveRules {
	const rules: DiveRules = {...diveDefaults};
	const ratio = (name: keyof DiveRules, value: unknown) => {
		if (value === undefined) return;
		if (String(value).toLowerCase() === 'disabled') {
			delete rules[name];
			return;
		}

		const number = Number(value);
		if (!Number.isFinite(number)) throw new UserError(`--${kebab(name)}: ${String(value)} is not a number`);
		rules[name] = number;
	};

	ratio('lowestEfficiency', flags['lowestEfficiency']);
	ratio('highestUserWastedPercent', flags['highestUserWastedPercent']);
	const wasted = flags['highestWastedBytes'];
	if (wasted !== undefined) {
		if (String(wasted).toLowerCase() === 'disabled') delete rules.highestWastedBytes;
		else {
			const bytes = parseSize(String(wasted));
			if (bytes === undefined) throw new UserError(`--highest-wasted-bytes: ${String(wasted)} is not a size`);
			rules.highestWastedBytes = bytes;
		}
	}

	return rules;
}

function kebab(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}
