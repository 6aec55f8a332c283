import {afterAll, describe, expect, it} from 'vitest';
import {fixture} from '../helpers/cli.js';
import {diskRootReport} from '../helpers/disk-root.js';
import {hasTmux, type TerminalRun, tmuxServer} from '../helpers/tmux.js';

const server = tmuxServer();
afterAll(() => server.close());

const demo = `--tar '${fixture('images', 'demo.docker-legacy.tar')}'`;

/** The inner lines of the left column's pane titled `title`, up to its bottom border. */
function leftPane(screen: string, title: string): string[] {
	const lines = screen.split('\n');
	const top = lines.findIndex(line => line.startsWith('╭') && line.includes(title));
	const bottom = lines.findIndex((line, index) => index > top && line.startsWith('╰'));
	return lines.slice(top + 1, bottom).map(line => line.slice(1, line.indexOf('│', 1)));
}

async function quit(run: TerminalRun): Promise<void> {
	run.keys('q');
	await run.waitFor(text => text.includes('layerscope exited 0'), 'the exit');
}

describe('the first frame of the image view (tmux)', () => {
	it.skipIf(!hasTmux)('at 120×40: every layer from 0, the selection on the last, its place in the titles, hints wrapped at words', async () => {
		const run = server.start(demo, {columns: 120, rows: 40});
		const screen = await run.waitFor(text => text.includes('▶ Layers'), 'the browser');
		// Layers count from 0: the last of ten is layer 9.
		expect(screen).toContain('File tree · Layer 9 (last of 10)');
		expect(screen).toContain('Layer 9 (last of 10) details');
		const layers = leftPane(screen, 'Layers');
		expect(layers).toHaveLength(12); // the ten layers and the two steps that made none: all fit
		expect(layers[0]).toMatch(/^ {4}0 +1\.98 MB {2}\(busybox-static rootfs\)/);
		expect(layers[10]).toMatch(/^› {3}9 /);
		expect(layers[11]).toContain('CMD ["/app/tool.bin"]');
		// The hint of the selected group, wrapped at word boundaries: joined with a space, the words are whole.
		const summary = leftPane(screen, 'Image summary').map(line => line.trimEnd());
		const hint = summary.findIndex(line => line.startsWith('hint: '));
		expect(`${summary[hint]} ${summary[hint + 1]}`).toContain('hint: delete it in the same RUN that creates it, or build');
		await quit(run);
	}, 60_000);

	it.skipIf(!hasTmux)('at 80×24: as many layers as fit, ending with the last rows of the history, the selection among them', async () => {
		const run = server.start(demo, {columns: 80, rows: 24});
		const screen = await run.waitFor(text => text.includes('▶ Layers'), 'the browser');
		const layers = leftPane(screen, 'Layers');
		expect(layers).toHaveLength(5);
		expect(layers[3]).toMatch(/^› {3}9 /);
		expect(layers[4]).toContain('CMD ["/app/tool.bin');
		expect(screen).toContain('File tree · Layer 9 (last of 10)');
		await quit(run);
	}, 60_000);
});

describe('the disk overview\'s layer table (tmux)', () => {
	it.skipIf(!hasTmux)('shows only the keys that work there: no image sorting, which s no longer does', async () => {
		const {root} = await diskRootReport();
		const run = server.start(`--root '${root}'`, {columns: 120, rows: 40});
		const images = await run.waitFor(text => text.includes('› zz/big:2'), 'the overview');
		expect(images).toContain('s by size');
		run.keys('Tab');
		const layers = await run.waitFor(text => text.includes('Layers of zz/big:2'), 'the layers of zz/big:2');
		const keyBar = layers.trimEnd().split('\n').at(-1)!;
		expect(keyBar).toContain('Enter open image');
		expect(keyBar).toContain('Tab images/layers');
		expect(keyBar).not.toMatch(/by size|by unique|by created|by name/);
		run.keys('n', 'Tab');
		// Had n sorted the images by name, old/app:1 would be first and selected now.
		await run.waitFor(text => text.includes('› zz/big:2') && text.includes('by size'), 'the images as they were');
		await quit(run);
	}, 60_000);
});
