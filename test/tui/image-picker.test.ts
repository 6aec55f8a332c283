import {afterAll, describe, expect, it} from 'vitest';
import {fixture} from '../helpers/cli.js';
import {hasTmux, type TerminalRun, tmuxServer} from '../helpers/tmux.js';

const server = tmuxServer();
afterAll(() => server.close());

const multiImage = `--tar '${fixture('images', 'multi.docker-legacy.tar.gz')}'`;

async function startAtPicker(): Promise<TerminalRun> {
	const run = server.start(multiImage);
	await run.waitFor(text => text.includes('holds 3 images: choose one') && text.includes('› layerscope/demo:latest'), 'the picker');
	return run;
}

describe('the image picker takes keys as the image view does (tmux)', () => {
	it.skipIf(!hasTmux)('moves once per key when two arrive in one write (jj)', async () => {
		const run = await startAtPicker();
		run.literal('jj');
		await run.waitFor(text => text.includes('› layerscope/busybox:base'), 'the cursor two rows down, on the third image');
		run.keys('q');
		await run.waitFor(text => text.includes('layerscope exited 0'), 'the exit');
	}, 60_000);

	it.skipIf(!hasTmux)('opens the image the cursor reached when a move and Enter arrive together', async () => {
		const run = await startAtPicker();
		run.literal('j\r');
		const browser = await run.waitFor(text => text.includes('▶ Layers'), 'the browser of the second image');
		expect(browser).toContain('RUN echo app > /version');
		run.keys('q');
		await run.waitFor(text => text.includes('layerscope exited 0'), 'the exit');
	}, 60_000);

	it.skipIf(!hasTmux)('q in the picker quits with 0, as in the image view, and restores the terminal', async () => {
		const run = await startAtPicker();
		run.keys('q');
		const after = await run.waitFor(text => text.includes('layerscope exited'), 'the exit');
		expect(after).toContain('layerscope exited 0');
		expect(after).toContain('terminal settings restored');
		expect(after).not.toContain('choose one');
		expect(run.modes()).toEqual({alternateScreen: false, cursorShown: true});
	}, 60_000);

	it.skipIf(!hasTmux)('Ctrl-C in the picker interrupts with 130', async () => {
		const run = await startAtPicker();
		run.keys('C-c');
		const after = await run.waitFor(text => text.includes('layerscope exited'), 'the exit');
		expect(after).toContain('layerscope exited 130');
		expect(after).toContain('terminal settings restored');
	}, 60_000);
});
