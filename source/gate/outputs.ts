import {appendFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {type Report} from '../analysis/report.js';
import {inFile, UserError} from '../errors.js';
import {type ColourChoice, colourFor, painter} from '../output/colour.js';
import {writeJsonReport} from '../output/json-report.js';
import {gateAnnotations} from './annotations.js';
import {type GateFlags, type GateSetup} from './config.js';
import {gateJunit} from './junit.js';
import {gateMarkdown} from './markdown.js';
import {type RuleVerdict} from './rules.js';
import {gateText, tally} from './text.js';

/** What `--json` writes when gating: the full report with the gate's verdicts beside it. */
export type GatedReport = Report & {gate: GateSection};

export type GateSection = {
	result: 'pass' | 'fail';
	passed: number;
	failed: number;
	skipped: number;
	config?: {path: string; dialect: 'layerscope' | 'dive'};
	baseline?: string;
	rules: RuleVerdict[];
};

/** Where each output goes; `-` is stdout. */
export type Destinations = {json?: string; junit?: string; markdown?: string};

/** Where `--json`, `--junit` and `--markdown` go; at most one of them may take stdout. */
export function outputDestinations(json: string | undefined, flags: GateFlags): Destinations {
	const destinations: Destinations = {};
	if (json !== undefined) destinations.json = json;
	for (const name of ['junit', 'markdown'] as const) {
		const value = flags[name];
		if (typeof value === 'string') destinations[name] = value;
	}

	if (Object.values(destinations).filter(destination => destination === '-').length > 1) {
		throw new UserError('only one of --json, --junit and --markdown can write to standard output (-)');
	}

	return destinations;
}

/**
 * The text report and verdicts (to stderr when an output owns stdout; coloured as `colour` says for that stream),
 * the files asked for, GitHub's annotations.
 */
export function writeOutputs(report: Report, verdicts: RuleVerdict[], setup: GateSetup, destinations: Destinations, colour: ColourChoice): void {
	if (destinations.json !== undefined) {
		const gated: GatedReport = {...report, gate: gateSection(verdicts, setup)};
		writeJsonReport(gated, destinations.json);
	}

	if (destinations.junit !== undefined) writeGateFile(destinations.junit, gateJunit(report, verdicts));
	if (destinations.markdown !== undefined) writeGateFile(destinations.markdown, gateMarkdown(report, verdicts));
	// An output written to stdout owns it, and the gate's text goes to stderr.
	const out = Object.values(destinations).includes('-') ? process.stderr : process.stdout;
	out.write(gateText(report, verdicts, out.columns ?? 100, painter(colourFor(colour, out, process.env))));
	if (/^true$/i.test(process.env['GITHUB_ACTIONS'] ?? '')) {
		for (const line of gateAnnotations(report, verdicts)) out.write(`${line}\n`);
	}
}

function gateSection(verdicts: RuleVerdict[], setup: GateSetup): GateSection {
	const {passed, failed, skipped} = tally(verdicts);
	const section: GateSection = {result: failed > 0 ? 'fail' : 'pass', passed, failed, skipped, rules: verdicts};
	if (setup.configFile) section.config = setup.configFile;
	if (setup.baseline) section.baseline = setup.baseline.source;
	return section;
}

/**
 * Writes one output, `-` to stdout. GitHub's step summary file collects what every tool of the step writes, so it
 * is added to rather than replaced.
 */
function writeGateFile(file: string, text: string): void {
	if (file === '-') {
		process.stdout.write(text);
		return;
	}

	const summary = process.env['GITHUB_STEP_SUMMARY'];
	const appends = summary !== undefined && summary !== '' && path.resolve(summary) === path.resolve(file);
	try {
		if (appends) appendFileSync(file, text);
		else writeFileSync(file, text);
	} catch (error) {
		throw inFile(file, `cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}
}
