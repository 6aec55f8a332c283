import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {fixture, projectRoot, runCliAsync} from '../helpers/cli.js';
import {temporaryDirectory} from '../helpers/make-tar.js';
import {hasTmux, privateTmux} from '../helpers/tmux.js';

const demo = fixture('images', 'demo.docker-legacy.tar');
/** An SGR sequence that sets a foreground colour (30–37, 90–97, 38;5;N, 38;2;R;G;B). */
const colourCode = /\u001B\[(?:\d+;)*(?:3[0-7]|9[0-7]|38;[25];[\d;]+)m/;
const anyStyle = /\u001B\[[\d;]*m/;

const hasScript = spawnSync('script', ['--version']).status === 0;

/** The gate run by `script`, which gives the CLI a pseudo-terminal for stdout: what a user sees in a terminal. */
function gateOnTerminal(extraArguments: string[], environment: Record<string, string> = {}): string {
	const command = [process.execPath, path.join(projectRoot, 'dist', 'cli.js'), '--tar', demo, '--ci', ...extraArguments].map(word => `'${word}'`).join(' ');
	const env: NodeJS.ProcessEnv = {...process.env, ...environment};
	for (const name of ['CI', 'GITHUB_ACTIONS', 'NO_COLOR', 'FORCE_COLOR']) if (!(name in environment)) delete env[name];
	const result = spawnSync('script', ['-qec', command, '/dev/null'], {cwd: temporaryDirectory(), env, encoding: 'utf8', timeout: 60_000});
	expect(result.status, result.stdout).toBe(1);
	return result.stdout;
}

describe('the gate\'s verdicts: coloured on a terminal only, as NO_COLOR, FORCE_COLOR and --no-color say', {timeout: 60_000}, () => {
	it.skipIf(!hasScript)('on a terminal, FAIL is red and PASS green', () => {
		const text = gateOnTerminal(['--lowest-efficiency', '0.5']);
		expect(text).toContain('\u001B[31mFAIL\u001B[39m  highestUserWastedPercent');
		expect(text).toContain('\u001B[32mPASS\u001B[39m  lowestEfficiency');
		expect(text).toContain('Result: \u001B[31mFAIL\u001B[39m: 1 of 3 rules failed');
	});

	it.skipIf(!hasScript)('NO_COLOR, FORCE_COLOR=0 and --no-color turn it off on a terminal; an empty NO_COLOR does not', () => {
		for (const [flags, environment] of [[[], {NO_COLOR: '1'}], [[], {FORCE_COLOR: '0'}], [['--no-color'], {}], [['--no-color'], {FORCE_COLOR: '1'}]] as const) {
			const text = gateOnTerminal([...flags], environment);
			expect(text, JSON.stringify({flags, environment})).toContain('Result: FAIL: 2 of 3 rules failed');
			expect(text).not.toMatch(anyStyle);
		}

		expect(gateOnTerminal([], {NO_COLOR: ''})).toMatch(colourCode);
	});

	it('into a pipe there is no colour, unless FORCE_COLOR or --color asks for it', async () => {
		const [piped, forced, flagged] = await Promise.all([
			runCliAsync(['--tar', demo, '--ci']),
			runCliAsync(['--tar', demo, '--ci'], {env: {FORCE_COLOR: '1', NO_COLOR: '1'}}),
			runCliAsync(['--tar', demo, '--ci', '--color'], {env: {NO_COLOR: '1'}}),
		]);
		expect(piped.stdout).toContain('Result: FAIL: 2 of 3 rules failed');
		expect(piped.stdout).not.toMatch(anyStyle);
		expect(forced.stdout).toContain('Result: \u001B[31mFAIL\u001B[39m');
		expect(flagged.stdout).toContain('Result: \u001B[31mFAIL\u001B[39m');
	});
});

describe('the interactive view in a real terminal (tmux): colour and --layer', {timeout: 90_000}, () => {
	const terminal = privateTmux();
	afterAll(() => terminal.close());

	/** Opens the demo image, returns its first frame with escape sequences, and quits. */
	async function firstFrame(args: string, environment = ''): Promise<string> {
		terminal.start(`--tar '${demo}' ${args}`, environment);
		await terminal.waitFor(text => text.includes('▶ Layers'), 'the browser');
		const frame = terminal.screen(true);
		terminal.keys('q');
		await terminal.waitFor(text => text.includes('layerscope exited 0'), 'the exit');
		return frame;
	}

	it.skipIf(!hasTmux)('draws in colour by default, and without any colour or style with NO_COLOR, FORCE_COLOR=0 or --no-color', async () => {
		expect(await firstFrame('')).toMatch(colourCode);
		expect(await firstFrame('', 'NO_COLOR=1')).not.toMatch(anyStyle);
		expect(await firstFrame('', 'FORCE_COLOR=0')).not.toMatch(anyStyle);
		expect(await firstFrame('--no-color')).not.toMatch(anyStyle);
		expect(await firstFrame('', 'NO_COLOR=1 FORCE_COLOR=1')).toMatch(colourCode);
	});

	it.skipIf(!hasTmux)('--layer N opens the browser with layer N selected', async () => {
		terminal.start(`--tar '${demo}' --layer 3`);
		const browser = await terminal.waitFor(text => text.includes('▶ Layers'), 'the browser');
		expect(browser).toContain('File tree · Layer 3 (4th of 10)');
		terminal.keys('Down');
		await terminal.waitFor(text => text.includes('File tree · Layer 4 (5th of 10)'), 'the next layer after Down');
		terminal.keys('q');
		await terminal.waitFor(text => text.includes('layerscope exited 0'), 'the exit');
	});

	it.skipIf(!hasTmux)('--layer past the last layer is one line and exit 2, and the screen is given back', async () => {
		terminal.start(`--tar '${demo}' --layer 12`);
		const after = await terminal.waitFor(text => text.includes('layerscope exited 2'), 'the exit');
		const lines = after.split('\n').filter(line => line.trim() !== '');
		expect(lines).toEqual(['layerscope: --layer 12: the image has layers 0 to 9', 'layerscope exited 2']);
	});
});
