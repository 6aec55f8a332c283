import {compileGlob, GlobTooLarge} from '../analysis/path-glob.js';
import {isDisabled, parseBytes, parseCount, type Parsed, parseDiveRatio, parseGrowth, parseShare} from './rule-values.js';
import {diveRuleKeys, type GateRules, ownRuleKeys, type RuleKey} from './rules.js';

/** How each rule's threshold is written. */
const thresholdReaders: {[Key in Exclude<RuleKey, 'forbiddenPaths'>]: (text: string) => Parsed<NonNullable<GateRules[Key]>>} = {
	lowestEfficiency: parseDiveRatio,
	highestWastedBytes: parseBytes,
	highestUserWastedPercent: parseDiveRatio,
	minEfficiency: parseShare,
	maxRetainedBytes: parseBytes,
	maxRetainedPercent: parseShare,
	maxMetadataOnlyBytes: parseBytes,
	maxDuplicateBytes: parseBytes,
	maxImageBytes: parseBytes,
	maxLayers: parseCount,
	maxLayerBytes: parseBytes,
	maxSizeGrowth: parseGrowth,
	maxRetainedGrowth: parseGrowth,
};

export const ruleKeys: readonly RuleKey[] = [...diveRuleKeys, ...ownRuleKeys];

export function isRuleKey(name: string): name is RuleKey {
	return (ruleKeys as readonly string[]).includes(name);
}

/** A rule's setting: its threshold, or `undefined` for a rule turned off (`disabled`, `off`, `false`, empty). */
export type RuleSetting = {key: RuleKey; threshold: GateRules[RuleKey]};

/**
 * Reads one rule's value as a YAML file or a flag gives it: a string, a number, a boolean (`false` turns a rule
 * off, as in dive), or for `forbiddenPaths` a list of globs (a single glob is a list of one).
 */
export function readRuleSetting(key: RuleKey, raw: unknown): Parsed<RuleSetting> {
	if (key === 'forbiddenPaths') return readGlobs(raw);
	if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
		return {ok: false, problem: raw === null ? 'has no value (write disabled to turn the rule off)' : 'must be a single value, not a list or a map'};
	}

	const text = String(raw);
	if (isDisabled(text)) return {ok: true, value: {key, threshold: undefined}};
	const parsed = thresholdReaders[key](text);
	return parsed.ok ? {ok: true, value: {key, threshold: parsed.value}} : parsed;
}

/** A list of globs; a lone `disabled` turns the rule off, so that a flag can undo a config file's list. */
function readGlobs(raw: unknown): Parsed<RuleSetting> {
	const globs = typeof raw === 'string' ? [raw] : raw;
	if (Array.isArray(globs) && globs.length === 1 && typeof globs[0] === 'string' && isDisabled(globs[0])) {
		return {ok: true, value: {key: 'forbiddenPaths', threshold: undefined}};
	}

	if (!Array.isArray(globs) || globs.some(glob => typeof glob !== 'string' || glob.trim() === '')) {
		return {ok: false, problem: 'must be a list of path globs, such as ["**/.git/**", "**/*.pem"]'};
	}

	for (const glob of globs as string[]) {
		try {
			compileGlob(glob);
		} catch (error) {
			if (error instanceof GlobTooLarge) return {ok: false, problem: error.message};
			throw error;
		}
	}

	return {ok: true, value: {key: 'forbiddenPaths', threshold: globs as string[]}};
}

/** `rules` with one setting applied: a threshold replaces the one before, `undefined` disables the rule. */
export function withSetting(rules: GateRules, setting: RuleSetting): GateRules {
	const {[setting.key]: _replaced, ...others} = rules;
	return setting.threshold === undefined ? others : {...others, [setting.key]: setting.threshold};
}
