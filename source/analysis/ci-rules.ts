import {type Report} from './report.js';

export type RuleStatus = 'pass' | 'fail' | 'skip';

export type RuleVerdict = {
	rule: string;
	status: RuleStatus;
	/** The measured value and the threshold, as a person reads them. */
	measured: string;
	threshold: string;
	message: string;
};

/** dive's three rules; `undefined` means disabled. Values: ratio, bytes, ratio. */
export type DiveRules = {
	lowestEfficiency?: number;
	highestWastedBytes?: number;
	highestUserWastedPercent?: number;
};

export const diveDefaults: DiveRules = {lowestEfficiency: 0.9, highestUserWastedPercent: 0.1};

/** dive's rules on the dive-compatible figures; a rule fails only when the value is strictly beyond its threshold. */
export function evaluateDiveRules(report: Report, rules: DiveRules): RuleVerdict[] {
	const dive = report.metrics.dive;
	return [
		check('lowestEfficiency', rules.lowestEfficiency, dive.efficiency, (value, limit) => value < limit, formatRatio),
		check('highestWastedBytes', rules.highestWastedBytes, dive.wastedBytes, (value, limit) => value > limit, formatCount),
		check('highestUserWastedPercent', rules.highestUserWastedPercent, dive.userWastedPercent, (value, limit) => value > limit, formatRatio),
	];
}

function check(
	rule: string, limit: number | undefined, value: number, fails: (value: number, limit: number) => boolean,
	format: (value: number) => string,
): RuleVerdict {
	if (limit === undefined) return {rule, status: 'skip', measured: format(value), threshold: 'disabled', message: 'rule disabled'};
	const failed = fails(value, limit);
	return {
		rule, status: failed ? 'fail' : 'pass', measured: format(value), threshold: format(limit),
		message: `${rule}: ${format(value)} ${failed ? 'is beyond' : 'is within'} ${format(limit)}`,
	};
}

function formatRatio(value: number): string {
	return String(Math.round(value * 1e6) / 1e6);
}

function formatCount(value: number): string {
	return `${value} B`;
}
