import {formatBytes} from '../analysis/display.js';
import {compileGlob} from '../analysis/path-glob.js';
import {type Report} from '../analysis/report.js';
import {type Growth} from './rule-values.js';

export type RuleStatus = 'pass' | 'fail' | 'skip';

/** dive's three rules, computed on the dive-compatible figures. */
export const diveRuleKeys = ['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent'] as const;

/** layerscope's own rules, computed on the exact figures; in the order they are reported. */
export const ownRuleKeys = [
	'minEfficiency', 'maxRetainedBytes', 'maxRetainedPercent', 'maxMetadataOnlyBytes', 'maxDuplicateBytes',
	'maxImageBytes', 'maxLayers', 'maxLayerBytes', 'forbiddenPaths', 'maxSizeGrowth', 'maxRetainedGrowth',
] as const;

export type RuleKey = typeof diveRuleKeys[number] | typeof ownRuleKeys[number];

/**
 * The thresholds of a gate; a rule left out is disabled. Ratios run from 0 to 1, sizes are in bytes.
 * `forbiddenPaths` holds globs (see `compileGlob`).
 */
export type GateRules = {
	lowestEfficiency?: number;
	highestWastedBytes?: number;
	highestUserWastedPercent?: number;
	minEfficiency?: number;
	maxRetainedBytes?: number;
	maxRetainedPercent?: number;
	maxMetadataOnlyBytes?: number;
	maxDuplicateBytes?: number;
	maxImageBytes?: number;
	maxLayers?: number;
	maxLayerBytes?: number;
	forbiddenPaths?: string[];
	maxSizeGrowth?: Growth;
	maxRetainedGrowth?: Growth;
};

/** dive's defaults, which apply unless a config file or a flag says otherwise. */
export const diveDefaults: GateRules = {lowestEfficiency: 0.9, highestUserWastedPercent: 0.1};

/** The figures of an earlier report of the same image, to gate on growth. */
export type Baseline = {source: string; storedBytes: number; retainedBytes: number};

export type GateInputs = {
	report: Report;
	/** Every path of the final view, absolute and decoded (`/etc/passwd`); needed only for `forbiddenPaths`. */
	paths: Iterable<string>;
	baseline?: Baseline;
};

export type RuleVerdict = {
	rule: RuleKey;
	status: RuleStatus;
	/** What was measured and the threshold, as a person reads them (`32 kB (32025 B)`, `0.984421`, `disabled`). */
	measured: string;
	threshold: string;
	/** One sentence on the outcome, fit for an annotation or a JUnit failure. */
	message: string;
	/** The same as numbers, where the rule compares numbers. */
	value?: number;
	limit?: number;
};

/**
 * Every rule of the gate: dive's three always (skipped when disabled, as dive lists them), then each of
 * layerscope's that is configured. A rule fails only when the measured value is strictly beyond its threshold.
 */
export function evaluateGate(inputs: GateInputs, rules: GateRules): RuleVerdict[] {
	return [...diveVerdicts(inputs.report, rules), ...ownVerdicts(inputs, rules)];
}

function diveVerdicts(report: Report, rules: GateRules): RuleVerdict[] {
	const dive = report.metrics.dive;
	return [
		compare({rule: 'lowestEfficiency', what: 'dive-compatible efficiency', limit: rules.lowestEfficiency, value: dive.efficiency, below: true, format: formatRatio}),
		compare({rule: 'highestWastedBytes', what: 'dive-compatible wasted bytes', limit: rules.highestWastedBytes, value: dive.wastedBytes, format: formatSize}),
		compare({rule: 'highestUserWastedPercent', what: 'dive-compatible wasted share of the user layers', limit: rules.highestUserWastedPercent, value: dive.userWastedPercent, format: formatRatio}),
	];
}

function ownVerdicts(inputs: GateInputs, rules: GateRules): RuleVerdict[] {
	const own = inputs.report.metrics.layerscope;
	const verdicts: RuleVerdict[] = [];
	const compareIfSet = (request: Omit<Comparison, 'limit'> & {rule: ComparedOwnRule}) => {
		const limit = rules[request.rule];
		if (limit !== undefined) verdicts.push(compare({...request, limit}));
	};

	compareIfSet({rule: 'minEfficiency', what: 'efficiency (visible of stored bytes)', value: own.efficiency, below: true, format: formatShare});
	compareIfSet({rule: 'maxRetainedBytes', what: 'retained bytes', value: own.retainedBytes, format: formatSize});
	compareIfSet({rule: 'maxRetainedPercent', what: 'retained share of stored bytes', value: share(own.retainedBytes, own.storedBytes), format: formatShare});
	compareIfSet({rule: 'maxMetadataOnlyBytes', what: 'metadata-only bytes', value: own.metadataOnlyBytes, format: formatSize});
	compareIfSet({rule: 'maxDuplicateBytes', what: 'duplicate bytes', value: own.duplicateBytes, format: formatSize});
	compareIfSet({rule: 'maxImageBytes', what: 'stored bytes', value: own.storedBytes, format: formatSize});
	compareIfSet({rule: 'maxLayers', what: 'the layer count', value: inputs.report.layers.length, format: String});
	if (rules.maxLayerBytes !== undefined) verdicts.push(largestLayerVerdict(inputs.report, rules.maxLayerBytes));
	if (rules.forbiddenPaths !== undefined) verdicts.push(forbiddenPathsVerdict(inputs.paths, rules.forbiddenPaths));
	const {baseline} = inputs;
	const growthIfSet = (request: Omit<GrowthRequest, 'limit' | 'baseline'>) => {
		const limit = rules[request.rule];
		if (limit) verdicts.push(growthVerdict({...request, limit, baseline}));
	};

	growthIfSet({rule: 'maxSizeGrowth', what: 'stored bytes', now: own.storedBytes, before: baseline?.storedBytes});
	growthIfSet({rule: 'maxRetainedGrowth', what: 'retained bytes', now: own.retainedBytes, before: baseline?.retainedBytes});
	return verdicts;
}

type ComparedOwnRule = 'minEfficiency' | 'maxRetainedBytes' | 'maxRetainedPercent' | 'maxMetadataOnlyBytes' | 'maxDuplicateBytes' | 'maxImageBytes' | 'maxLayers';

type Comparison = {
	rule: RuleKey;
	/** What the value is, for the message: `retained bytes`. */
	what: string;
	limit: number | undefined;
	value: number;
	/** The rule sets a floor (efficiency) rather than a ceiling. */
	below?: boolean;
	format: (value: number) => string;
	/** Said after the value, such as which layer it is: `in layer 0`. */
	detail?: string;
};

function compare(comparison: Comparison): RuleVerdict {
	const {rule, what, limit, value, below, format, detail} = comparison;
	const measured = detail ? `${format(value)} ${detail}` : format(value);
	if (limit === undefined) return {rule, status: 'skip', measured, threshold: 'disabled', message: `${rule} is disabled`, value};
	const failed = below ? value < limit : value > limit;
	const relation = below ? (failed ? 'is below the lowest allowed' : 'is at or above') : (failed ? 'is above the highest allowed' : 'is within');
	return {
		rule, status: failed ? 'fail' : 'pass', measured, threshold: format(limit),
		message: `${what} ${measured} ${relation} ${format(limit)}`, value, limit,
	};
}

function largestLayerVerdict(report: Report, limit: number): RuleVerdict {
	const largest = report.layers.reduce<Report['layers'][number] | undefined>((top, layer) => (top && top.fileBytes >= layer.fileBytes ? top : layer), undefined);
	const value = largest?.fileBytes ?? 0;
	return compare({rule: 'maxLayerBytes', what: 'the largest layer', limit, value, format: formatSize, detail: largest ? `in layer ${largest.index}` : 'in no layer'});
}

/** Fails when any path of the final view matches one of the globs; lists the first few that do. */
function forbiddenPathsVerdict(paths: Iterable<string>, patterns: string[]): RuleVerdict {
	const globs = patterns.map(pattern => compileGlob(pattern));
	const found: string[] = [];
	for (const path of paths) if (globs.some(glob => glob.matches(path))) found.push(path);
	found.sort();
	const threshold = patterns.length === 0 ? 'none configured' : `none of ${patterns.join(', ')}`;
	const shown = found.slice(0, 5).join(', ') + (found.length > 5 ? `, … ${found.length - 5} more` : '');
	const measured = found.length === 0 ? 'no path matches' : `${found.length} path${found.length === 1 ? '' : 's'}: ${shown}`;
	return {
		rule: 'forbiddenPaths', status: found.length > 0 ? 'fail' : 'pass', measured, threshold, value: found.length, limit: 0,
		message: found.length === 0 ? `no path of the final view matches ${patterns.join(', ')}` : `forbidden paths in the final view: ${measured}`,
	};
}

type GrowthRequest = {
	rule: 'maxSizeGrowth' | 'maxRetainedGrowth';
	what: string;
	limit: Growth;
	now: number;
	/** The same figure in the baseline; undefined without one. */
	before: number | undefined;
	baseline: Baseline | undefined;
};

function growthVerdict(request: GrowthRequest): RuleVerdict {
	const {rule, what, limit, now, before, baseline} = request;
	const threshold = 'bytes' in limit ? `+${formatSize(limit.bytes)}` : `+${limit.percent} %`;
	if (!baseline || before === undefined) return {rule, status: 'skip', measured: 'no baseline report', threshold, message: `${rule} needs a baseline report (--baseline)`};
	const growth = now - before;
	const percent = before === 0 ? (growth > 0 ? Number.POSITIVE_INFINITY : 0) : (growth / before) * 100;
	const failed = 'bytes' in limit ? growth > limit.bytes : percent > limit.percent;
	const measured = `${growth < 0 ? '-' : '+'}${formatSize(Math.abs(growth))}, ${formatSignedPercent(percent)} (${formatBytes(before)} → ${formatBytes(now)})`;
	const verdict: RuleVerdict = {
		rule, status: failed ? 'fail' : 'pass', measured, threshold, limit: 'bytes' in limit ? limit.bytes : limit.percent,
		message: `${what} grew ${measured} over ${baseline.source}, ${failed ? 'more than' : 'within'} ${threshold}`,
	};
	const value = 'bytes' in limit ? growth : percent;
	// Growth from nothing is an infinite percent, which JSON cannot hold.
	if (Number.isFinite(value)) verdict.value = value;
	return verdict;
}

function share(part: number, whole: number): number {
	return whole === 0 ? 0 : part / whole;
}

/** dive's ratios, to six places: enough to tell 0.984421 from a 0.99 threshold. */
function formatRatio(value: number): string {
	return String(Math.round(value * 1e6) / 1e6);
}

function formatShare(value: number): string {
	return `${String(Math.round(value * 1e6) / 1e4)} %`;
}

/** Exact bytes, with the rounded figure beside them once they run to four digits. */
export function formatSize(bytes: number): string {
	return bytes < 1000 ? `${bytes} B` : `${formatBytes(bytes)} (${bytes} B)`;
}

function formatSignedPercent(percent: number): string {
	if (!Number.isFinite(percent)) return '+∞ %';
	return `${percent < 0 ? '-' : '+'}${String(Math.round(Math.abs(percent) * 100) / 100)} %`;
}
