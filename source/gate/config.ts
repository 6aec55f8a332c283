import {closeSync, constants, existsSync, fstatSync, openSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {parse as parseYaml} from 'yaml';
import {describeBytes, limits} from '../analysis/limits.js';
import {inFile, UserError} from '../errors.js';
import {type Baseline, diveDefaults, diveRuleKeys, type GateRules, type RuleKey} from './rules.js';
import {isRuleKey, readRuleSetting, ruleKeys, type RuleSetting, withSetting} from './settings.js';

/**
 * Where the rules came from. A layerscope config is strict: an unknown key is an error. A `.dive-ci` is read the
 * way dive reads it: its three rules under `rules:` (keys in any case), everything else ignored.
 */
export type GateConfigFile = {path: string; dialect: 'layerscope' | 'dive'};

export type GateSetup = {rules: GateRules; configFile?: GateConfigFile; baseline?: Baseline};

/** The command-line flags as meow gives them, camelCase keys whichever spelling was typed. */
export type GateFlags = Record<string, unknown>;

const layerscopeConfigNames = ['.layerscope-ci.yml', '.layerscope-ci.yaml'];
const diveConfigName = '.dive-ci';
const topLevelKeys = ['rules', 'baseline'];

/**
 * The gate's rules: dive's defaults, then the config file (`--ci-config`, else `.layerscope-ci.yml`, else
 * `.dive-ci`), then the flags; and the baseline report, when one is named.
 */
export function gateSetup(flags: GateFlags): GateSetup {
	const configFile = findConfigFile(stringFlag(flags, 'ciConfig'));
	let rules: GateRules = {...diveDefaults};
	let baselineFromFile: string | undefined;
	if (configFile) {
		const document = readYamlFile(configFile.path);
		const fromFile = configFile.dialect === 'dive' ? diveFileSettings(configFile.path, document) : layerscopeFileSettings(configFile.path, document);
		rules = fromFile.settings.reduce(withSetting, rules);
		baselineFromFile = fromFile.baseline;
	}

	rules = flagSettings(flags).reduce(withSetting, rules);
	const baselinePath = stringFlag(flags, 'baseline') ?? baselineFromFile;
	const setup: GateSetup = {rules};
	if (configFile) setup.configFile = configFile;
	if (baselinePath !== undefined) setup.baseline = readBaseline(baselinePath);
	return setup;
}

/** Found in the working directory, where CI jobs run and where dive looks for its `.dive-ci`. */
function findConfigFile(given: string | undefined): GateConfigFile | undefined {
	if (given !== undefined) {
		if (!existsSync(given)) throw inFile(given, 'no such file (given with --ci-config)');
		return {path: given, dialect: /^\.?dive-ci/.test(path.basename(given)) ? 'dive' : 'layerscope'};
	}

	const own = layerscopeConfigNames.find(name => existsSync(name));
	if (own) return {path: own, dialect: 'layerscope'};
	return existsSync(diveConfigName) ? {path: diveConfigName, dialect: 'dive'} : undefined;
}

/**
 * A file's text, or a one-line error naming the file and what it was to be. Only a regular file of a sane size is
 * read: a FIFO or a symlink to /dev/zero in the working directory must not hang or exhaust the gate.
 */
function readText(file: string, what: string): string {
	let fd: number | undefined;
	try {
		fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK);
		const stats = fstatSync(fd);
		if (!stats.isFile()) throw inFile(file, `${what} is not a regular file`);
		if (stats.size > limits.gateFileBytes) throw inFile(file, `${what} is ${stats.size} bytes, more than the ${describeBytes(limits.gateFileBytes)} layerscope reads`);
		return readFileSync(fd, 'utf8');
	} catch (error) {
		if (error instanceof UserError) throw error;
		throw inFile(file, `cannot read ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

function readYamlFile(file: string): unknown {
	const text = readText(file, 'the CI config');

	try {
		return parseYaml(text);
	} catch (error) {
		throw inFile(file, `not valid YAML: ${(error as Error).message.split('\n')[0]!.replace(/:$/, '')}`);
	}
}

type FileSettings = {settings: RuleSetting[]; baseline?: string};

function layerscopeFileSettings(file: string, document: unknown): FileSettings {
	if (document === null || document === undefined) return {settings: []};
	const top = asMap(file, document, 'the file');
	for (const key of Object.keys(top)) {
		if (!topLevelKeys.includes(key)) throw inFile(file, `unknown key ${key} (the file has ${topLevelKeys.join(' and ')})`);
	}

	const settings: RuleSetting[] = [];
	for (const [key, raw] of Object.entries(asMap(file, top['rules'] ?? {}, 'rules'))) {
		if (!isRuleKey(key)) throw inFile(file, `unknown key rules.${key} (known rules: ${ruleKeys.join(', ')})`);
		settings.push(settingOrThrow(key, raw, `${file}: rules.${key}`));
	}

	const baseline = top['baseline'];
	if (baseline === undefined || baseline === null) return {settings};
	if (typeof baseline !== 'string' || baseline.trim() === '') throw inFile(file, 'baseline: must be the path of an earlier layerscope --json report');
	return {settings, baseline: path.join(path.dirname(file), baseline)};
}

/** dive looks keys up without regard to case, and falls back to its default for a key with no value. */
function diveFileSettings(file: string, document: unknown): FileSettings {
	if (document === null || document === undefined) return {settings: []};
	const rules = entryIgnoringCase(asMap(file, document, 'the file'), 'rules');
	if (rules === null || typeof rules !== 'object' || Array.isArray(rules)) return {settings: []};
	const settings: RuleSetting[] = [];
	for (const key of diveRuleKeys) {
		const raw = entryIgnoringCase(rules as Record<string, unknown>, key);
		if (raw !== undefined && raw !== null) settings.push(settingOrThrow(key, raw, `${file}: rules.${key}`));
	}

	return {settings};
}

function entryIgnoringCase(map: Record<string, unknown>, wanted: string): unknown {
	const key = Object.keys(map).find(candidate => candidate.toLowerCase() === wanted.toLowerCase());
	return key === undefined ? undefined : map[key];
}

function asMap(file: string, value: unknown, what: string): Record<string, unknown> {
	if (value === null || typeof value !== 'object' || Array.isArray(value)) throw inFile(file, `${what} must be a map of keys to values`);
	return value as Record<string, unknown>;
}

/** One setting per rule flag that was given, in either spelling (`--max-layers` or `--maxLayers`). */
function flagSettings(flags: GateFlags): RuleSetting[] {
	const settings: RuleSetting[] = [];
	for (const key of ruleKeys) {
		const raw = flags[key];
		if (raw === undefined || (Array.isArray(raw) && raw.length === 0)) continue;
		settings.push(settingOrThrow(key, raw, `--${kebabCase(key)}`));
	}

	return settings;
}

function settingOrThrow(key: RuleKey, raw: unknown, where: string): RuleSetting {
	const read = readRuleSetting(key, raw);
	if (!read.ok) throw new UserError(`${where}: ${read.problem}`);
	return read.value;
}

/** The figures of an earlier `--json` report that the growth rules compare with. */
function readBaseline(file: string): Baseline {
	const text = readText(file, 'the baseline report');

	let report: unknown;
	try {
		report = JSON.parse(text);
	} catch {
		throw inFile(file, 'the baseline report is not valid JSON');
	}

	const figures = (report as {metrics?: {layerscope?: Record<string, unknown>}} | null)?.metrics?.layerscope;
	const storedBytes = figures?.['storedBytes'];
	const retainedBytes = figures?.['retainedBytes'];
	if (!isByteCount(storedBytes) || !isByteCount(retainedBytes)) {
		throw inFile(file, 'not a layerscope report (metrics.layerscope.storedBytes and retainedBytes are missing)');
	}

	return {source: file, storedBytes, retainedBytes};
}

function isByteCount(value: unknown): value is number {
	return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

function stringFlag(flags: GateFlags, name: string): string | undefined {
	const value = flags[name];
	return typeof value === 'string' ? value : undefined;
}

export function kebabCase(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}
