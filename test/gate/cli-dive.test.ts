import {spawnSync} from 'node:child_process';
import {copyFileSync} from 'node:fs';
import path from 'node:path';
import {stripVTControlCharacters} from 'node:util';
import {describe, expect, it} from 'vitest';
import {type CliOptions, fixture, projectRoot, runCliAsync} from '../helpers/cli.js';
import {diveFixtures, ownFixture, sourceArguments} from '../helpers/fixtures.js';
import {ruleStatuses} from '../helpers/gate.js';
import {temporaryDirectory} from '../helpers/make-tar.js';
import {spawnsTheCli} from '../helpers/report.js';

const diveImage = diveFixtures.find(image => image.label === 'test-docker-image.tar')!;
const demo = ownFixture('demo.docker-legacy.tar');

/** The gate on dive's test image, run from a directory without any config file unless the test gives one. */
function gate(args: string[], options: CliOptions = {}) {
	return runCliAsync([...sourceArguments(diveImage), ...args], {cwd: temporaryDirectory(), ...options});
}

describe('dive\'s rules, as dive\'s flags give them', spawnsTheCli, () => {
	it('(0.99, 1 B, 0.01) fails all three: exit 1', async () => {
		const result = await gate(['--ci', '--lowestEfficiency', '0.99', '--highestWastedBytes', '1B', '--highestUserWastedPercent', '0.01']);
		expect(result.code, result.stderr).toBe(1);
		expect(ruleStatuses(result.stdout)).toEqual({lowestEfficiency: 'fail', highestWastedBytes: 'fail', highestUserWastedPercent: 'fail'});
		expect(result.stdout).toMatch(/^ {2}FAIL {2}lowestEfficiency {10}0\.984421; threshold 0\.99$/m);
		expect(result.stdout).toMatch(/^ {2}FAIL {2}highestWastedBytes {8}32 kB \(32025 B\); threshold 1 B$/m);
		expect(result.stdout).toMatch(/^ {2}FAIL {2}highestUserWastedPercent {2}0\.483491; threshold 0\.01$/m);
		expect(result.stdout).toMatch(/\nResult: FAIL: 3 of 3 rules failed \(0 passed, 0 skipped\)\n$/);
	});

	it('(0.9, 50 kB, 0.5) passes all three: exit 0', async () => {
		const result = await gate(['--ci', '--lowestEfficiency', '0.9', '--highestWastedBytes', '50kB', '--highestUserWastedPercent', '0.5']);
		expect(result.code, result.stderr).toBe(0);
		expect(ruleStatuses(result.stdout)).toEqual({lowestEfficiency: 'pass', highestWastedBytes: 'pass', highestUserWastedPercent: 'pass'});
		expect(result.stdout).toContain('threshold 50 kB (50000 B)');
		expect(result.stdout).toMatch(/\nResult: PASS: 3 of 3 rules passed \(0 skipped\)\n$/);
	});

	it('(0.9, 1 B, 0.5) fails only highestWastedBytes, in kebab case too', async () => {
		const camel = await gate(['--ci', '--lowestEfficiency', '0.9', '--highestWastedBytes', '1B', '--highestUserWastedPercent', '0.5']);
		const kebab = await gate(['--ci', '--lowest-efficiency', '0.9', '--highest-wasted-bytes', '1B', '--highest-user-wasted-percent', '0.5']);
		for (const result of [camel, kebab]) {
			expect(result.code, result.stderr).toBe(1);
			expect(ruleStatuses(result.stdout)).toEqual({lowestEfficiency: 'pass', highestWastedBytes: 'fail', highestUserWastedPercent: 'pass'});
		}

		expect(kebab.stdout).toBe(camel.stdout);
	});

	it('with no config and no flags, dive\'s defaults: 0.9, disabled, 0.1', async () => {
		const result = await gate(['--ci']);
		expect(result.code).toBe(1);
		expect(ruleStatuses(result.stdout)).toEqual({lowestEfficiency: 'pass', highestWastedBytes: 'skip', highestUserWastedPercent: 'fail'});
		expect(result.stdout).toMatch(/^ {2}SKIP {2}highestWastedBytes {8}32 kB \(32025 B\); threshold disabled$/m);
		expect(result.stdout).toMatch(/threshold 0\.1$/m);
	});

	it('each rule may be disabled, in any of dive\'s words', async () => {
		const result = await gate(['--ci', '--lowestEfficiency', 'disabled', '--highest-wasted-bytes', 'off', '--highestUserWastedPercent', 'DISABLED']);
		expect(result.code, result.stderr).toBe(0);
		expect(ruleStatuses(result.stdout)).toEqual({lowestEfficiency: 'skip', highestWastedBytes: 'skip', highestUserWastedPercent: 'skip'});
		expect(result.stdout).toMatch(/\nResult: PASS: 0 of 3 rules passed \(3 skipped\)\n$/);
	});

	it('dive\'s sample .dive-ci in the working directory: 0.95, 20Mb (20,000,000 bytes), 0.5, its plugin keys ignored', async () => {
		const directory = temporaryDirectory();
		copyFileSync(fixture('dive', '.dive-ci'), path.join(directory, '.dive-ci'));
		const result = await gate(['--ci'], {cwd: directory});
		expect(result.code, result.stderr).toBe(0);
		expect(ruleStatuses(result.stdout)).toEqual({lowestEfficiency: 'pass', highestWastedBytes: 'pass', highestUserWastedPercent: 'pass'});
		expect(result.stdout).toMatch(/^ {2}PASS {2}lowestEfficiency {10}0\.984421; threshold 0\.95$/m);
		expect(result.stdout).toMatch(/^ {2}PASS {2}highestWastedBytes {8}32 kB \(32025 B\); threshold 20 MB \(20000000 B\)$/m);
		expect(result.stdout).toMatch(/^ {2}PASS {2}highestUserWastedPercent {2}0\.483491; threshold 0\.5$/m);
	});

	it('prints the report first: image, layers, figures, findings with their layers and commands', async () => {
		const result = await runCliAsync([...sourceArguments(demo), '--ci'], {cwd: temporaryDirectory()});
		expect(result.code).toBe(1);
		const order = ['Image      layerscope/demo:latest', 'Layer        Size', 'Efficiency 78.2 %', 'dive-compatible: efficiency 84.76 %',
			'Findings (11, in 9 groups by cause, largest first):', 'layer 3 (RUN rm -rf /app/cache) deleted 1 file', 'Rules:', 'Result: FAIL'];
		const positions = order.map(text => result.stdout.indexOf(text));
		expect(positions.every(position => position >= 0), JSON.stringify(positions)).toBe(true);
		expect([...positions].sort((a, b) => a - b)).toEqual(positions);
	});
});

describe('when the gate runs', spawnsTheCli, () => {
	const isGate = (stdout: string) => /\nResult: (PASS|FAIL): /.test(stdout);

	it('CI=true, 1 or yes, in any case, turns it on without --ci', async () => {
		for (const value of ['true', '1', 'yes', 'TRUE', 'Yes']) {
			const result = await gate([], {env: {CI: value}});
			expect(result.code, value).toBe(1);
			expect(isGate(result.stdout), value).toBe(true);
		}
	});

	it('other values of CI do not: the text summary, exit 0', async () => {
		for (const value of ['false', '0', 'no', '']) {
			const result = await gate([], {env: {CI: value}});
			expect(result.code, value).toBe(0);
			expect(isGate(result.stdout), value).toBe(false);
			expect(result.stdout).toMatch(/^Image /);
		}
	});

	it('--no-ci turns it off whatever CI says; --list wins over both', async () => {
		const noCi = await gate(['--no-ci'], {env: {CI: 'true'}});
		expect(noCi.code).toBe(0);
		expect(isGate(noCi.stdout)).toBe(false);
		const list = await gate(['--list', '--ci'], {env: {CI: 'true'}});
		expect(list.code).toBe(0);
		expect(list.stdout).toMatch(/^#path\ttype\tsize/);
	});

	const hasScript = spawnSync('script', ['--version']).status === 0;
	it.skipIf(!hasScript)('never starts the interactive view, even on a terminal', () => {
		// `script` gives the CLI a pseudo-terminal for stdin and stdout, where it would otherwise open the TUI.
		const command = [process.execPath, path.join(projectRoot, 'dist', 'cli.js'), ...sourceArguments(diveImage)].map(word => `'${word}'`).join(' ');
		const result = spawnSync('script', ['-qec', command, '/dev/null'], {
			cwd: temporaryDirectory(), env: {...process.env, CI: 'true', GITHUB_ACTIONS: ''}, encoding: 'utf8', timeout: 60_000,
		});
		expect(result.status, result.stderr).toBe(1);
		expect(stripVTControlCharacters(result.stdout)).toContain('Result: FAIL: 1 of 3 rules failed');
		expect(result.stdout).not.toContain('\u001B[?1049h'); // the alternate screen a TUI opens
	});
});
