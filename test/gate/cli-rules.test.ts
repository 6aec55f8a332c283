import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCliAsync} from '../helpers/cli.js';
import {ownFixture, sourceArguments} from '../helpers/fixtures.js';
import {ruleLine, ruleStatuses} from '../helpers/gate.js';
import {temporaryDirectory} from '../helpers/make-tar.js';
import {spawnsTheCli} from '../helpers/report.js';

const demo = ownFixture('demo.docker-legacy.tar');
const multi = ownFixture('multi.docker-legacy.tar.gz --image layerscope/app');

/**
 * Each of layerscope's rules through its flag, on the demo image (2,899,945 bytes stored in 10 layers, the largest
 * 1,982,365; efficiency 78.25 %; 630,839 retained, 21.75 %; 368,640 metadata-only; 122,880 duplicate), with a
 * threshold just on each side of the measured figure. The baseline is the report of a smaller image.
 */
const flags = {
	passing: [
		'--min-efficiency', '78%', '--max-retained-bytes', '630839', '--max-retained-percent', '22%', '--max-metadata-only-bytes', '368640',
		'--max-duplicate-bytes', '122880', '--max-image-bytes', '2.9MB', '--max-layers', '10', '--max-layer-bytes', '1982365',
		'--forbidden-paths', '**/*.pem', '--forbidden-paths', '/root/.ssh/**', '--max-size-growth', '1GB', '--max-retained-growth', '1GB',
	],
	failing: [
		'--min-efficiency', '0.79', '--max-retained-bytes', '630kB', '--max-retained-percent', '0.2', '--max-metadata-only-bytes', '359KiB',
		'--max-duplicate-bytes', '122879', '--max-image-bytes', '2899944', '--max-layers', '9', '--max-layer-bytes', '1.9MB',
		'--forbidden-paths', '/app/**', '--max-size-growth', '1B', '--max-retained-growth', '0%',
	],
};
const ownRules = ['minEfficiency', 'maxRetainedBytes', 'maxRetainedPercent', 'maxMetadataOnlyBytes', 'maxDuplicateBytes', 'maxImageBytes',
	'maxLayers', 'maxLayerBytes', 'forbiddenPaths', 'maxSizeGrowth', 'maxRetainedGrowth'];

async function gateWith(ruleFlags: string[]) {
	const directory = temporaryDirectory();
	const baseline = path.join(directory, 'app.json');
	const written = await runCliAsync([...sourceArguments(multi), '--json', baseline]);
	expect(written.code, written.stderr).toBe(0);
	return runCliAsync([...sourceArguments(demo), '--ci', '--lowest-efficiency', 'disabled', '--highest-user-wasted-percent', 'disabled', '--baseline', baseline, ...ruleFlags], {cwd: directory});
}

describe('layerscope\'s rules, set by their flags, on the demo image', spawnsTheCli, () => {
	it('each passes with a threshold at or beyond its figure: exit 0', async () => {
		const result = await gateWith(flags.passing);
		expect(result.code, result.stdout + result.stderr).toBe(0);
		const statuses = ruleStatuses(result.stdout);
		for (const rule of ownRules) expect(statuses[rule], rule).toBe('pass');
		expect(ruleLine(result.stdout, 'minEfficiency')).toBe('78.2465 %; threshold 78 %');
		expect(ruleLine(result.stdout, 'forbiddenPaths')).toBe('no path matches; threshold none of **/*.pem, /root/.ssh/**');
	});

	it('each fails with a threshold just short of its figure: exit 1, every measured value shown', async () => {
		const result = await gateWith(flags.failing);
		expect(result.code, result.stderr).toBe(1);
		const statuses = ruleStatuses(result.stdout);
		for (const rule of ownRules) expect(statuses[rule], rule).toBe('fail');
		expect(ruleLine(result.stdout, 'maxRetainedBytes')).toBe('631 kB (630839 B); threshold 630 kB (630000 B)');
		expect(ruleLine(result.stdout, 'maxMetadataOnlyBytes')).toBe('369 kB (368640 B); threshold 368 kB (367616 B)');
		expect(ruleLine(result.stdout, 'maxLayerBytes')).toBe('1.98 MB (1982365 B) in layer 0; threshold 1.9 MB (1900000 B)');
		expect(ruleLine(result.stdout, 'forbiddenPaths')).toMatch(/^11 paths: \/app, \/app\/conf, /);
		expect(ruleLine(result.stdout, 'maxSizeGrowth')).toMatch(/^\+\d.* B\), \+\d+(\.\d+)? % \(.* → 2\.9 MB\); threshold \+1 B$/);
		expect(result.stdout).toContain('Result: FAIL: 11 of 14 rules failed (0 passed, 3 skipped)');
	});
});
