import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {projectRoot, runCliAsync} from '../helpers/cli.js';
import {diveFixtures, ownFixture, sourceArguments} from '../helpers/fixtures.js';
import {ruleLine, ruleStatuses} from '../helpers/gate.js';
import {temporaryDirectory} from '../helpers/make-tar.js';
import {expectOneLineError, spawnsTheCli} from '../helpers/report.js';

const diveImage = diveFixtures.find(image => image.label === 'test-docker-image.tar')!;
const demo = ownFixture('demo.docker-legacy.tar');

/** A fresh working directory holding these files. */
function directoryWith(files: Record<string, string>): string {
	const directory = temporaryDirectory();
	for (const [name, text] of Object.entries(files)) {
		mkdirSync(path.dirname(path.join(directory, name)), {recursive: true});
		writeFileSync(path.join(directory, name), text);
	}

	return directory;
}

const gateIn = (directory: string, ...args: string[]) => runCliAsync([...sourceArguments(diveImage), '--ci', ...args], {cwd: directory});

describe('config errors: one line on stderr naming the file and the key, exit 2', spawnsTheCli, () => {
	const errorFor = async (config: string, ...args: string[]) => expectOneLineError(await gateIn(directoryWith({'.layerscope-ci.yml': config}), ...args));

	it('an unknown rule', async () => {
		expect(await errorFor('rules:\n  maxLayer: 3\n')).toMatch(/^layerscope: \.layerscope-ci\.yml: unknown key rules\.maxLayer \(known rules: lowestEfficiency, .*maxLayers/);
	});

	it('an unknown top-level key, and a dive key spelt in another case (a layerscope config is strict)', async () => {
		expect(await errorFor('colour: red\n')).toBe('layerscope: .layerscope-ci.yml: unknown key colour (the file has rules and baseline)');
		expect(await errorFor('rules:\n  LowestEfficiency: 0.9\n')).toMatch(/unknown key rules\.LowestEfficiency/);
	});

	it('a bad value, for each kind of threshold', async () => {
		expect(await errorFor('rules:\n  maxLayers: three\n')).toBe('layerscope: .layerscope-ci.yml: rules.maxLayers: "three" is not a whole number');
		expect(await errorFor('rules:\n  lowestEfficiency: 1.5\n')).toBe('layerscope: .layerscope-ci.yml: rules.lowestEfficiency: 1.5 is outside the allowed range 0 to 1');
		expect(await errorFor('rules:\n  maxRetainedBytes: 20QB\n')).toMatch(/rules\.maxRetainedBytes: "20QB" is not a size/);
		expect(await errorFor('rules:\n  maxRetainedPercent: 5\n')).toMatch(/rules\.maxRetainedPercent: 5 is not a ratio from 0 to 1 \(write 5% for a percent\)/);
		expect(await errorFor('rules:\n  maxSizeGrowth: lots\n')).toMatch(/rules\.maxSizeGrowth: "lots" is not a size \(5MB\) or a percent/);
		expect(await errorFor('rules:\n  forbiddenPaths: 3\n')).toMatch(/rules\.forbiddenPaths: must be a list of path globs/);
		expect(await errorFor('rules:\n  maxLayers:\n')).toMatch(/rules\.maxLayers: has no value \(write disabled to turn the rule off\)/);
		expect(await errorFor('rules:\n  maxLayers: [1, 2]\n')).toMatch(/rules\.maxLayers: must be a single value/);
		expect(await errorFor('rules: [maxLayers]\n')).toMatch(/\.layerscope-ci\.yml: rules must be a map/);
	});

	it('YAML that does not parse, with where', async () => {
		expect(await errorFor('rules:\n  maxLayers: [1\n')).toMatch(/^layerscope: \.layerscope-ci\.yml: not valid YAML: .* at line \d+, column \d+$/);
		expect(await errorFor('rules:\n  maxLayers: 1\n  maxLayers: 2\n')).toMatch(/not valid YAML: Map keys must be unique at line 3/);
	});

	it('a .dive-ci value that dive refuses too', async () => {
		const result = await gateIn(directoryWith({'.dive-ci': 'rules:\n  highestUserWastedPercent: 2\n'}));
		expect(expectOneLineError(result)).toBe('layerscope: .dive-ci: rules.highestUserWastedPercent: 2 is outside the allowed range 0 to 1');
	});

	it('a bad flag value names the flag', async () => {
		expect(expectOneLineError(await gateIn(temporaryDirectory(), '--max-layers', 'x'))).toBe('layerscope: --max-layers: "x" is not a whole number');
		expect(expectOneLineError(await gateIn(temporaryDirectory(), '--highestWastedBytes', '20QB'))).toMatch(/^layerscope: --highest-wasted-bytes: "20QB" is not a size/);
	});

	it('a missing --ci-config, a missing or foreign baseline', async () => {
		const directory = directoryWith({'not-a-report.json': '{"schemaVersion": 1}', 'broken.json': '{'});
		expect(expectOneLineError(await gateIn(directory, '--ci-config', 'gate.yml'))).toBe('layerscope: gate.yml: no such file (given with --ci-config)');
		expect(expectOneLineError(await gateIn(directory, '--baseline', 'old.json'))).toBe('layerscope: old.json: cannot read the baseline report (ENOENT)');
		expect(expectOneLineError(await gateIn(directory, '--baseline', 'broken.json'))).toBe('layerscope: broken.json: the baseline report is not valid JSON');
		expect(expectOneLineError(await gateIn(directory, '--baseline', 'not-a-report.json'))).toMatch(/not-a-report\.json: not a layerscope report/);
	});

	it('comes before the image is read', async () => {
		const result = await runCliAsync(['--tar', '/nonexistent/image.tar', '--ci'], {cwd: directoryWith({'.layerscope-ci.yml': 'rules:\n  maxLayer: 3\n'})});
		expect(expectOneLineError(result)).toMatch(/unknown key rules\.maxLayer/);
	});
});

describe('where the rules come from', spawnsTheCli, () => {
	it('dive\'s defaults, then the file, then the flags', async () => {
		const directory = directoryWith({'.layerscope-ci.yml': 'rules:\n  lowestEfficiency: 0.99\n  highestWastedBytes: 1B\n  maxLayers: 5\n  maxLayerBytes: 2MB\n  forbiddenPaths: [/root/**]\n'});
		const fromFile = await gateIn(directory);
		expect(ruleStatuses(fromFile.stdout)).toEqual({
			lowestEfficiency: 'fail', highestWastedBytes: 'fail', highestUserWastedPercent: 'fail', maxLayers: 'fail', maxLayerBytes: 'pass', forbiddenPaths: 'fail',
		});
		expect(ruleLine(fromFile.stdout, 'highestUserWastedPercent')).toBe('0.483491; threshold 0.1');

		const overridden = await gateIn(directory, '--lowest-efficiency', '0.9', '--maxLayers', '14', '--max-layer-bytes', 'disabled', '--highest-user-wasted-percent', '0.5', '--forbidden-paths', 'disabled');
		expect(ruleStatuses(overridden.stdout)).toEqual({
			lowestEfficiency: 'pass', highestWastedBytes: 'fail', highestUserWastedPercent: 'pass', maxLayers: 'pass',
		});
		expect(ruleLine(overridden.stdout, 'maxLayers')).toBe('14; threshold 14');
		expect(overridden.code).toBe(1);
	});

	it('.layerscope-ci.yml is read before .dive-ci, and strictly', async () => {
		const directory = directoryWith({'.layerscope-ci.yml': 'rules:\n  lowestEfficiency: 0.5\n', '.dive-ci': 'rules:\n  lowestEfficiency: 0.99\n'});
		expect(ruleLine((await gateIn(directory)).stdout, 'lowestEfficiency')).toBe('0.984421; threshold 0.5');
	});

	it('a .dive-ci is read as dive reads it: keys in any case, a key without a value keeps its default, the rest ignored', async () => {
		const diveCi = 'plugins:\n  - plugin1\nrules:\n  LOWESTEFFICIENCY: 0.99\n  highestWastedBytes: false\n  highestUserWastedPercent:\n  plugin1/rule1: error\n  maxLayers: 1\n';
		const result = await gateIn(directoryWith({'.dive-ci': diveCi}));
		expect(result.code, result.stderr).toBe(1);
		expect(ruleStatuses(result.stdout)).toEqual({lowestEfficiency: 'fail', highestWastedBytes: 'skip', highestUserWastedPercent: 'fail'});
		expect(ruleLine(result.stdout, 'highestUserWastedPercent')).toBe('0.483491; threshold 0.1');
	});

	it('--ci-config names the file; one called .dive-ci is read as dive reads it', async () => {
		const directory = directoryWith({'ci/gate.yml': 'rules:\n  highestWastedBytes: 50kB\n', 'ci/.dive-ci': 'rules:\n  highestWastedBytes: 1B\n  whatever: 1\n'});
		expect(ruleLine((await gateIn(directory, '--ci-config', 'ci/gate.yml')).stdout, 'highestWastedBytes')).toBe('32 kB (32025 B); threshold 50 kB (50000 B)');
		const dive = await gateIn(directory, '--ci-config', path.join(directory, 'ci', '.dive-ci'));
		expect(dive.stderr).toBe('');
		expect(ruleStatuses(dive.stdout)['highestWastedBytes']).toBe('fail');
	});

	it('every rule in one file, with a baseline named beside it: thresholds the demo meets all pass, the disabled one is skipped', async () => {
		const directory = directoryWith({
			'.layerscope-ci.yml': [
				'# the layerscope gate', 'rules:', '  lowestEfficiency: 0.8', '  highestWastedBytes: disabled', '  highestUserWastedPercent: 0.7',
				'  minEfficiency: 75%', '  maxRetainedBytes: 1MB', '  maxRetainedPercent: 0.25', '  maxMetadataOnlyBytes: 400kB',
				'  maxDuplicateBytes: 512KiB', '  maxImageBytes: 3MB', '  maxLayers: 10', '  maxLayerBytes: 2MB',
				'  forbiddenPaths:', '    - "**/.git/**"', '    - "**/*.pem"', '    - /root/.ssh/**',
				'  maxSizeGrowth: 1%', '  maxRetainedGrowth: 0', 'baseline: reports/main.json', '',
			].join('\n'),
		});
		mkdirSync(path.join(directory, 'reports'));
		const baseline = await runCliAsync([...sourceArguments(demo), '--json', path.join(directory, 'reports', 'main.json')]);
		expect(baseline.code, baseline.stderr).toBe(0);
		const result = await runCliAsync([...sourceArguments(demo), '--ci'], {cwd: directory});
		expect(result.code, result.stderr).toBe(0);
		const statuses = ruleStatuses(result.stdout);
		expect(Object.keys(statuses)).toHaveLength(14);
		expect(Object.entries(statuses).filter(([, status]) => status !== 'pass')).toEqual([['highestWastedBytes', 'skip']]);
		expect(ruleLine(result.stdout, 'maxSizeGrowth')).toBe('+0 B, +0 % (2.9 MB → 2.9 MB); threshold +1 %');
	});

	it('the example in the README is a valid config', async () => {
		const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
		const example = /```yaml\n(# \.layerscope-ci\.yml\n[^`]*)```/.exec(readme)?.[1];
		expect(example).toMatch(/^rules:$/m);
		const directory = directoryWith({'.layerscope-ci.yml': example!});
		mkdirSync(path.join(directory, 'reports'));
		expect((await runCliAsync([...sourceArguments(demo), '--json', path.join(directory, 'reports', 'main.json')])).code).toBe(0);
		const result = await runCliAsync([...sourceArguments(demo), '--ci'], {cwd: directory});
		expect(result.stderr).toBe('');
		expect(Object.keys(ruleStatuses(result.stdout))).toHaveLength(14);
	});
});
