import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {type Context, flagTable, longFlag} from '../../source/command-line/flag-table.js';
import {appliesIn} from '../../source/command-line/flags-in-context.js';
import {helpText} from '../../source/command-line/help-text.js';
import {version} from '../../source/version.js';
import {fixture, runCli, runCliAsync} from '../helpers/cli.js';
import {temporaryDirectory} from '../helpers/make-tar.js';
import {expectOneLineError} from '../helpers/report.js';

const demo = fixture('images', 'demo.docker-legacy.tar');

describe('unknown flags, missing values, help and version', {timeout: 60_000}, () => {
	it('an unknown flag is one line with the nearest flag and a pointer to --help', () => {
		expect(expectOneLineError(runCli(['--tra', demo]))).toBe('layerscope: unknown flag --tra: did you mean --tar? (see layerscope --help)');
		expect(expectOneLineError(runCli(['--tar', demo, '--lowest-efficency', '0.5']))).toBe(
			'layerscope: unknown flag --lowest-efficency: did you mean --lowest-efficiency? (see layerscope --help)',
		);
		expect(expectOneLineError(runCli(['--tar', demo, '--colour']))).toContain('did you mean --color?');
	});

	it('an unknown flag nothing is close to gets no guess, and a short one is named as typed', () => {
		expect(expectOneLineError(runCli(['--tar', demo, '--zzzzzzzz']))).toBe('layerscope: unknown flag --zzzzzzzz (see layerscope --help)');
		expect(expectOneLineError(runCli(['-x', demo]))).toBe('layerscope: unknown flag -x (see layerscope --help)');
	});

	it('a flag that needs a value and has none says so and writes nothing', () => {
		const directory = temporaryDirectory();
		const result = runCli(['--tar', demo, '--json'], {cwd: directory});
		expect(expectOneLineError(result)).toBe('layerscope: --json needs a value: PATH|- (see layerscope --help)');
		expect(expectOneLineError(runCli(['--json', '--tar', demo], {cwd: directory}))).toContain('--json needs a value');
		expect(expectOneLineError(runCli(['--tar']))).toContain('--tar needs a value: FILE|DIR|-');
		expect(readdirSync(directory)).toEqual([]);
	});

	it('a gate rule with no value still means disabled, as in dive', async () => {
		const result = await runCliAsync(['--tar', demo, '--ci', '--lowest-efficiency', '--highest-user-wasted-percent=']);
		expect(result.stdout).toMatch(/SKIP\s+lowestEfficiency/);
		expect(result.stdout).toMatch(/SKIP\s+highestUserWastedPercent/);
	});

	it('-h and --help print the help made from the flag table; -v, -V and --version the version', () => {
		for (const flag of ['-h', '--help']) {
			const result = runCli([flag]);
			expect(result.code).toBe(0);
			expect(result.stdout).toBe(helpText());
		}

		for (const flag of ['-v', '-V', '--version']) expect(runCli([flag])).toMatchObject({code: 0, stdout: `${version}\n`, stderr: ''});
	});

	it('--help names every flag of the table and keeps the gate, the modes and the exit codes', () => {
		const help = runCli(['--help']).stdout;
		for (const row of flagTable) expect(help).toContain(longFlag(row));
		expect(help).toContain('Modes (the first that applies wins)');
		expect(help).toContain('CI gate (with --ci');
		expect(help).toContain('Exit codes: 0 done (or the gate passed); 1 a gate rule failed; 2 a usage, config or input error');
	});
});

describe('an argument that exists is an archive; anything else an image reference', {timeout: 60_000}, () => {
	it('an existing file is read as --tar would read it', async () => {
		const [positional, withTar] = await Promise.all([runCliAsync([demo]), runCliAsync(['--tar', demo])]);
		expect(positional.code, positional.stderr).toBe(0);
		expect(positional.stdout).toBe(withTar.stdout);
		expect(positional.stdout).toContain(`Archive    ${demo}`);
	});

	it('an existing directory is read as an OCI layout', async () => {
		const layout = fixture('images', 'demo.oci-dir');
		const result = await runCliAsync([layout]);
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toContain(`Archive    ${layout} (oci, 1 image)`);
	});

	it('a name that is no file is looked up in the storage roots, and a file with --root names two sources', () => {
		const root = temporaryDirectory();
		const missing = path.join(root, 'image.tar');
		expect(existsSync(missing)).toBe(false);
		expect(expectOneLineError(runCli(['--root', root, missing]))).toContain(`${root}: neither a Docker data root`);
		expect(expectOneLineError(runCli(['--root', root, demo]))).toBe(`layerscope: --root and the archive ${demo} name two sources: give one`);
		expect(expectOneLineError(runCli(['--tar', demo, demo]))).toContain('name two sources');
	});
});

/**
 * Each flag against each context, decided one by one: `x` takes effect there, `-` is refused. Columns: list, gate,
 * json, tui, text, disk, extract. A flag added to the table fails this test until its row is written here.
 */
const decisions: Record<string, string> = {
	tar: 'xxxxxxx', image: 'xxxxxxx', platform: 'xxxxx-x', spoolLimit: 'xxxxx-x', root: 'xxxxxxx',
	list: 'xxxxxxx', ci: 'xxxxxxx', json: '-xx--x-',
	layer: 'x--x--x', baseLayers: '-xxxx--', color: 'xxxxxxx', debug: 'xxxxxxx', help: 'xxxxxxx', version: 'xxxxxxx',
	ciConfig: '-x-----', junit: '-x-----', markdown: '-x-----', baseline: '-x-----',
	lowestEfficiency: '-x-----', highestWastedBytes: '-x-----', highestUserWastedPercent: '-x-----',
	minEfficiency: '-x-----', maxRetainedBytes: '-x-----', maxRetainedPercent: '-x-----', maxMetadataOnlyBytes: '-x-----',
	maxDuplicateBytes: '-x-----', maxImageBytes: '-x-----', maxLayers: '-x-----', maxLayerBytes: '-x-----',
	forbiddenPaths: '-x-----', maxSizeGrowth: '-x-----', maxRetainedGrowth: '-x-----',
	extract: 'xxxxxxx', output: '------x', extractDir: '---x-xx',
};
const contexts: Context[] = ['list', 'gate', 'json', 'tui', 'text', 'disk', 'extract'];

/** Arguments that put the CLI in each context it can reach without a terminal, before the flag under test. */
const contextArguments = (): Partial<Record<Context, string[]>> => ({
	list: ['--tar', demo, '--list'],
	gate: ['--tar', demo, '--ci'],
	json: ['--tar', demo, '--json', '/dev/null'],
	text: ['--tar', demo],
	disk: ['--root', temporaryDirectory()],
});

/** A value the flag accepts, so that only its context can make it fail. */
const valueFor = (name: string) => ({tar: demo, layer: '0', baseLayers: '1', root: '/nonexistent', spoolLimit: '1GB'} as Record<string, string>)[name] ?? 'x';

describe('every flag takes effect or is refused, by a table decided flag by flag', {timeout: 60_000}, () => {
	it('the table applies each flag where the decisions say, and nowhere else', () => {
		expect(Object.keys(decisions).sort()).toEqual(flagTable.map(row => row.name).sort());
		const actual = Object.fromEntries(flagTable.map(row => [row.name, contexts.map(context => (appliesIn(row.name, context) ? 'x' : '-')).join('')]));
		expect(actual).toEqual(decisions);
	});

	it('the built CLI refuses each flag in a context where it does nothing, in one line, before reading anything', async () => {
		const reachable = contextArguments();
		const cases = flagTable.flatMap(row => {
			const context = contexts.find(context => reachable[context] !== undefined && !appliesIn(row.name, context));
			if (context === undefined) return [];
			const flag = row.kind === 'boolean' ? [longFlag(row)] : [longFlag(row), valueFor(row.name)];
			return [{row, context, args: [...reachable[context]!, ...flag]}];
		});
		expect(cases.length).toBe(25);
		const results = await Promise.all(cases.map(async ({args}) => runCliAsync(args, {cwd: temporaryDirectory()})));
		results.forEach((result, index) => {
			const {row} = cases[index]!;
			expect(expectOneLineError(result), cases[index]!.args.join(' ')).toMatch(new RegExp(`^layerscope: ${longFlag(row)} does not apply to `));
			expect(result.stdout).toBe('');
		});
	});

	it('--junit without --ci writes nothing and exits 2; with it, it writes the file', async () => {
		const directory = temporaryDirectory();
		const junit = path.join(directory, 'gate.xml');
		expect(expectOneLineError(await runCliAsync(['--tar', demo, '--junit', junit]))).toBe(
			'layerscope: --junit does not apply to the text summary (output not a terminal): it works with the gate (--ci)',
		);
		expect(existsSync(junit)).toBe(false);
		const gated = await runCliAsync(['--tar', demo, '--ci', '--junit', junit]);
		expect(gated.code).toBe(1);
		expect(existsSync(junit)).toBe(true);
	});

	it('--layer is refused by the JSON report and the text summary; --platform by the disk overview', async () => {
		expect(expectOneLineError(await runCliAsync(['--tar', demo, '--layer', '3', '--json', '-']))).toMatch(/^layerscope: --layer does not apply to the JSON report/);
		expect(expectOneLineError(await runCliAsync(['--tar', demo, '--layer', '3']))).toMatch(/^layerscope: --layer does not apply to the text summary/);
		expect(expectOneLineError(await runCliAsync(['--root', temporaryDirectory(), '--platform', 'linux/arm64']))).toMatch(/^layerscope: --platform does not apply to the disk overview/);
	});
});
