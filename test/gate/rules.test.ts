import {describe, expect, it} from 'vitest';
import {type Baseline, diveDefaults, evaluateGate, type GateRules, type RuleVerdict} from '../../source/gate/rules.js';
import {runCliAsync} from '../helpers/cli.js';
import {diveFixtures, listedPaths, ownFixture, sourceArguments} from '../helpers/fixtures.js';
import {reportFor, spawnsTheCli} from '../helpers/report.js';

const diveImage = diveFixtures.find(image => image.label === 'test-docker-image.tar')!;
const demo = ownFixture('demo.docker-legacy.tar');

const diveReport = () => reportFor(sourceArguments(diveImage));
const demoReport = () => reportFor(sourceArguments(demo));
let demoPaths: Promise<string[]> | undefined;
/** The demo's final view as `--list` prints it: every path, absolute. */
const pathsOfDemo = () => (demoPaths ??= runCliAsync([...sourceArguments(demo), '--list']).then(result => listedPaths(result.stdoutBytes)));

const statuses = (verdicts: RuleVerdict[]) => Object.fromEntries(verdicts.map(verdict => [verdict.rule, verdict.status]));
const verdictOf = (verdicts: RuleVerdict[], rule: string) => verdicts.find(verdict => verdict.rule === rule)!;

async function gateOnDemo(rules: GateRules, baseline?: Baseline): Promise<RuleVerdict[]> {
	return evaluateGate({report: await demoReport(), paths: await pathsOfDemo(), baseline}, rules);
}

describe('dive\'s three rules on dive\'s own test image', spawnsTheCli, () => {
	const gate = async (rules: GateRules) => statuses(evaluateGate({report: await diveReport(), paths: []}, rules));

	it('are computed on figures equal to dive\'s', async () => {
		const {dive} = (await diveReport()).metrics;
		expect(dive.efficiency).toBe(0.9844212134184309);
		expect(dive.wastedBytes).toBe(32025);
		expect(dive.userWastedPercent).toBe(0.4834911001404049);
	});

	it('(0.99, 1 B, 0.01) fails all three', async () => {
		expect(await gate({lowestEfficiency: 0.99, highestWastedBytes: 1, highestUserWastedPercent: 0.01}))
			.toEqual({lowestEfficiency: 'fail', highestWastedBytes: 'fail', highestUserWastedPercent: 'fail'});
	});

	it('(0.9, 50 kB, 0.5) passes all three', async () => {
		expect(await gate({lowestEfficiency: 0.9, highestWastedBytes: 50_000, highestUserWastedPercent: 0.5}))
			.toEqual({lowestEfficiency: 'pass', highestWastedBytes: 'pass', highestUserWastedPercent: 'pass'});
	});

	it('(0.9, 1 B, 0.5) fails only highestWastedBytes', async () => {
		expect(await gate({lowestEfficiency: 0.9, highestWastedBytes: 1, highestUserWastedPercent: 0.5}))
			.toEqual({lowestEfficiency: 'pass', highestWastedBytes: 'fail', highestUserWastedPercent: 'pass'});
	});

	it('fail only strictly beyond the threshold: a value equal to it passes', async () => {
		const {dive} = (await diveReport()).metrics;
		expect(await gate({lowestEfficiency: dive.efficiency, highestWastedBytes: dive.wastedBytes, highestUserWastedPercent: dive.userWastedPercent}))
			.toEqual({lowestEfficiency: 'pass', highestWastedBytes: 'pass', highestUserWastedPercent: 'pass'});
		expect(await gate({highestWastedBytes: dive.wastedBytes - 1}))
			.toEqual({lowestEfficiency: 'skip', highestWastedBytes: 'fail', highestUserWastedPercent: 'skip'});
	});

	it('are listed as skipped when disabled, with the measured value still shown', async () => {
		const verdicts = evaluateGate({report: await diveReport(), paths: []}, diveDefaults);
		expect(verdictOf(verdicts, 'highestWastedBytes')).toMatchObject({status: 'skip', measured: '32 kB (32025 B)', threshold: 'disabled'});
		expect(verdicts).toHaveLength(3);
	});
});

/**
 * Each of layerscope's rules on the demo image, with a threshold on each side of the measured figure. The demo
 * stores 2,899,945 bytes in 10 layers (the largest, layer 0, 1,982,365), keeps 2,269,106 visible (efficiency
 * 0.78247), retains 630,839 (21.75 %), of which 368,640 metadata-only, and holds 122,880 duplicate bytes.
 */
describe('layerscope\'s rules on the demo image', spawnsTheCli, () => {
	const cases: Array<[keyof GateRules, passing: GateRules[keyof GateRules], failing: GateRules[keyof GateRules]]> = [
		['minEfficiency', 0.78, 0.79],
		['maxRetainedBytes', 630_839, 630_838],
		['maxRetainedPercent', 0.22, 0.21],
		['maxMetadataOnlyBytes', 368_640, 368_639],
		['maxDuplicateBytes', 122_880, 100_000],
		['maxImageBytes', 3_000_000, 2_899_944],
		['maxLayers', 10, 9],
		['maxLayerBytes', 1_982_365, 1_982_364],
	];

	for (const [rule, passing, failing] of cases) {
		it(`${rule}: ${JSON.stringify(passing)} passes, ${JSON.stringify(failing)} fails`, async () => {
			expect(verdictOf(await gateOnDemo({[rule]: passing}), rule).status).toBe('pass');
			const failed = verdictOf(await gateOnDemo({[rule]: failing}), rule);
			expect(failed.status).toBe('fail');
			expect(failed.message).toMatch(/below the lowest allowed|above the highest allowed/);
		});
	}

	it('only the rules that are set are listed, after dive\'s three', async () => {
		const verdicts = await gateOnDemo({maxLayers: 20, minEfficiency: 0.5});
		expect(verdicts.map(verdict => verdict.rule)).toEqual(['lowestEfficiency', 'highestWastedBytes', 'highestUserWastedPercent', 'minEfficiency', 'maxLayers']);
	});

	it('maxLayerBytes names the largest layer', async () => {
		expect(verdictOf(await gateOnDemo({maxLayerBytes: 1_000_000}), 'maxLayerBytes').measured).toBe('1.98 MB (1982365 B) in layer 0');
	});

	it('forbiddenPaths: **/*.pem passes (no such file); /app/** fails and lists what it found', async () => {
		expect(verdictOf(await gateOnDemo({forbiddenPaths: ['**/*.pem']}), 'forbiddenPaths')).toMatchObject({status: 'pass', value: 0});
		const found = verdictOf(await gateOnDemo({forbiddenPaths: ['**/*.pem', '/app/**']}), 'forbiddenPaths');
		expect(found.status).toBe('fail');
		expect(found.value).toBe((await pathsOfDemo()).filter(path => path === '/app' || path.startsWith('/app/')).length);
		expect(found.measured).toMatch(/^11 paths: \/app, \/app\/conf, /);
	});

	it('forbiddenPaths matches at any depth without a leading /, and only the final view', async () => {
		expect(verdictOf(await gateOnDemo({forbiddenPaths: ['tool.bin']}), 'forbiddenPaths').measured).toBe('1 path: /app/tool.bin');
		// /app/cache was written in layer 2 and removed in layer 3: it is not in the final view
		expect(verdictOf(await gateOnDemo({forbiddenPaths: ['/app/cache/**']}), 'forbiddenPaths').status).toBe('pass');
	});

	it('growth rules compare with a baseline, by size or by percent, and skip without one', async () => {
		const baseline: Baseline = {source: 'old.json', storedBytes: 2_800_000, retainedBytes: 630_839};
		const growth = (rules: GateRules) => gateOnDemo(rules, baseline).then(verdicts => statuses(verdicts.slice(3)));
		// stored bytes grew by 99,945 (3.57 %); retained bytes did not grow
		expect(await growth({maxSizeGrowth: {bytes: 99_945}, maxRetainedGrowth: {bytes: 0}})).toEqual({maxSizeGrowth: 'pass', maxRetainedGrowth: 'pass'});
		expect(await growth({maxSizeGrowth: {bytes: 99_944}})).toEqual({maxSizeGrowth: 'fail'});
		expect(await growth({maxSizeGrowth: {percent: 3.6}})).toEqual({maxSizeGrowth: 'pass'});
		expect(await growth({maxSizeGrowth: {percent: 3.5}})).toEqual({maxSizeGrowth: 'fail'});
		expect(await gateOnDemo({maxSizeGrowth: {percent: 1}}).then(verdicts => verdictOf(verdicts, 'maxSizeGrowth')))
			.toMatchObject({status: 'skip', measured: 'no baseline report'});
	});

	it('growth from nothing retained is an infinite percent: it fails any percent and is left out of the numbers', async () => {
		const verdicts = await gateOnDemo({maxRetainedGrowth: {percent: 1000}}, {source: 'old.json', storedBytes: 1, retainedBytes: 0});
		expect(verdictOf(verdicts, 'maxRetainedGrowth')).toMatchObject({status: 'fail'});
		expect(verdictOf(verdicts, 'maxRetainedGrowth').value).toBeUndefined();
	});
});
