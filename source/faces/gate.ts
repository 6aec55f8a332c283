import {appendFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {evaluateGate, type RuleVerdict} from '../gate/rules.js';
import {displayPath} from '../analysis/paths.js';
import {type Report} from '../analysis/report.js';
import {type Simulation} from '../analysis/simulate.js';
import {inFile, UserError} from '../errors.js';
import {type GateFlags, type GateSetup, gateSetup} from '../gate/config.js';
import {chooseImage, inspectImage, loadImage, type OpenedArchive, openImageArchive} from '../inspect-image.js';
import {gateAnnotations} from '../gate/annotations.js';
import {gateJunit} from '../gate/junit.js';
import {gateMarkdown} from '../gate/markdown.js';
import {gateText, tally} from '../gate/text.js';
import {progressLine} from '../progress-line.js';
import {writeJsonReport} from './report.js';

export type GateOptions = {
	tar: string;
	image?: string;
	/** `os/arch[/variant]`: which platform of a multi-platform archive. */
	platform?: string;
	json?: string;
	baseLayers?: number;
	flags: GateFlags;
	/** An image source opened already (a storage root); otherwise `tar` is opened. */
	opened?: OpenedArchive;
};

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

/**
 * The efficiency gate: read the rules (a config error stops here, before the image is read), analyse, then print
 * the report and one line per rule and write the files asked for. Exit code 1 when a rule fails.
 */
export async function runGate(options: GateOptions): Promise<number> {
	const destinations = outputDestinations(options);
	const setup = gateSetup(options.flags);
	const progress = progressLine();
	const opened = options.opened ?? await openImageArchive(options.tar, progress.update, options.platform);
	try {
		const loaded = await loadImage(opened, chooseImage(opened, options.image), progress.update);
		const {report, simulation} = await inspectImage(opened, loaded, {source: options.tar, baseLayers: options.baseLayers, onProgress: progress.update});
		progress.done();
		const verdicts = evaluateGate({report, paths: setup.rules.forbiddenPaths ? finalPaths(simulation) : [], baseline: setup.baseline}, setup.rules);
		writeOutputs(report, verdicts, setup, destinations);
		return verdicts.some(verdict => verdict.status === 'fail') ? 1 : 0;
	} finally {
		progress.done();
		opened.files.close();
	}
}

/** Where each output goes; `-` is stdout. */
type Destinations = {json?: string; junit?: string; markdown?: string};

function outputDestinations(options: GateOptions): Destinations {
	const destinations: Destinations = {};
	if (options.json !== undefined) destinations.json = options.json;
	for (const name of ['junit', 'markdown'] as const) {
		const value = options.flags[name];
		if (typeof value === 'string') destinations[name] = value;
	}

	if (Object.values(destinations).filter(destination => destination === '-').length > 1) {
		throw new UserError('only one of --json, --junit and --markdown can write to standard output (-)');
	}

	return destinations;
}

function writeOutputs(report: Report, verdicts: RuleVerdict[], setup: GateSetup, destinations: Destinations): void {
	if (destinations.json !== undefined) {
		const gated: GatedReport = {...report, gate: gateSection(verdicts, setup)};
		writeJsonReport(gated, destinations.json);
	}

	if (destinations.junit !== undefined) writeGateFile(destinations.junit, gateJunit(report, verdicts));
	if (destinations.markdown !== undefined) writeGateFile(destinations.markdown, gateMarkdown(report, verdicts));
	// An output written to stdout owns it, and the gate's text goes to stderr.
	const out = Object.values(destinations).includes('-') ? process.stderr : process.stdout;
	out.write(gateText(report, verdicts, out.columns ?? 100));
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

function finalPaths(simulation: Simulation): string[] {
	return Array.from(simulation.view.nodes(), node => displayPath(node.path));
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
