import {rmSync} from 'node:fs';
import {afterAll, describe, expect, it} from 'vitest';
import {fixture} from '../helpers/cli.js';
import {unpackContainerdRoot} from '../helpers/containerd-root.js';
import {diskRootReport} from '../helpers/disk-root.js';
import {hasTmux, privateTmux} from '../helpers/tmux.js';

const terminal = privateTmux();
const {screen, keys, waitFor} = terminal;
const start = (args: string) => terminal.start(args);
const resize = (columns: number, rows: number) => terminal.tmux('resize-window', '-t', terminal.session(), '-x', String(columns), '-y', String(rows));
afterAll(() => terminal.close());

describe('the built CLI in a real terminal (tmux)', () => {
	it.skipIf(!hasTmux)('opens the demo image, answers keys, re-lays out on resize, and restores the screen on q', async () => {
		start(`--tar '${fixture('images', 'demo.docker-legacy.tar')}'`);
		const first = await waitFor(text => text.includes('▶ Layers'), 'the browser');
		expect(first).toContain('File tree · Layer 9 (last of 10)');
		expect(first).toContain('esc\\x1b[31mred');
		expect(first.split('\n')[0]).toHaveLength(120);

		keys('Tab', 'Down', 'Down');
		await waitFor(text => /│›\s+41 kB\s+blob\.bin/.test(text), 'the tree cursor on blob.bin');
		keys('/', 't', 'o', 'o', 'l');
		await waitFor(text => text.includes('regex /tool▏') && text.includes('· 5 rows'), 'the filter to apply');
		// A lone ESC is told from the start of an escape sequence by the pause after it, as in any terminal.
		keys('Escape');
		await waitFor(text => text.includes('· 299 rows'), 'Esc to clear the filter');
		keys('Tab', 'Enter');
		await waitFor(text => text.includes('▾/app/cache'), 'the first group to open');
		keys('Down', 'Enter');
		const finding = await waitFor(text => text.includes('File tree · Layer 3 (4th of 10)'), 'the first finding to open at layer 3');
		expect(finding).toMatch(/│›\s+164 kB\s+▾ cache\//);

		resize(100, 30);
		// Until Ink redraws, tmux shows the old frame cut to the new width: wait for a frame drawn for 100×30.
		const drawnFor100x30 = (text: string) => {
			const lines = text.split('\n').filter(line => line.trim() !== '');
			return lines.length === 29 && lines[0]!.trimEnd().length === 100 && lines[0]!.trimEnd().endsWith('╮') && lines[27]!.startsWith('╰');
		};

		await waitFor(drawnFor100x30, 'the layout for 100×30');
		resize(60, 15);
		await waitFor(text => text.includes('needs at least 80×20'), 'the too-small message');
		resize(120, 40);
		await waitFor(text => text.includes('▶ File tree'), 'the browser again');

		keys('q');
		const after = await waitFor(text => text.includes('layerscope exited 0'), 'the exit');
		expect(after).not.toContain('File tree');
	}, 90_000);

	it.skipIf(!hasTmux)('opens the picker for an archive of several images, and the chosen image with Enter', async () => {
		start(`--tar '${fixture('images', 'multi.docker-legacy.tar.gz')}'`);
		await waitFor(text => text.includes('holds 3 images: choose one'), 'the picker');
		keys('Down');
		await waitFor(text => text.includes('› layerscope/app:latest'), 'the cursor on the second image');
		keys('Enter');
		const browser = await waitFor(text => text.includes('▶ Layers'), 'the browser of the chosen image');
		expect(browser).toContain('RUN echo app > /version');
		keys('q');
		await waitFor(text => text.includes('layerscope exited 0'), 'the exit');
	}, 90_000);

	it.skipIf(!hasTmux)('shows the disk overview of a root with no image named, opens an image with Enter and comes back on q', async () => {
		const {root} = await diskRootReport();
		start(`--root '${root}'`);
		await waitFor(text => text.includes('Images: 3 shown · by size') && text.includes('› zz/big:2'), 'the overview');
		keys('n', 'Down');
		await waitFor(text => text.includes('by name') && text.includes('› old/base:1'), 'the cursor on old/base:1 in name order');
		keys('Enter');
		const browser = await waitFor(text => text.includes('▶ Layers'), 'the image view');
		expect(browser).toContain('q back to overview');
		keys('q');
		await waitFor(text => text.includes('› old/base:1') && text.includes('by name'), 'the overview as it was');
		keys('q');
		const after = await waitFor(text => text.includes('layerscope exited 0'), 'the exit');
		expect(after).not.toContain('Images: 3 shown');
	}, 90_000);

	it.skipIf(!hasTmux)('shows a containerd image store in the overview and opens its image, read from the content store', async () => {
		const root = unpackContainerdRoot();
		try {
			start(`--root '${root}'`);
			const overview = await waitFor(text => text.includes('containerd image store, namespace moby') && text.includes('› layerscope/demo:latest'), 'the overview');
			expect(overview).toContain('containerd: SIZE blobs+snapshots, SHARED snapshots; Images row snapshots only (Docker 26-28.0): 6.28 MB + 4.58 MB');
			keys('Down');
			await waitFor(text => text.includes('› lab/waste:1'), 'the cursor on lab/waste:1');
			keys('Enter');
			const browser = await waitFor(text => text.includes('▶ Layers'), 'the image view');
			expect(browser).toContain('File tree · Layer 4 (last of 5)');
			expect(browser).toContain('/big.bin');
			keys('q');
			await waitFor(text => text.includes('› lab/waste:1'), 'the overview again');
			keys('q');
			await waitFor(text => text.includes('layerscope exited 0'), 'the exit');
		} finally {
			rmSync(root, {recursive: true, force: true});
		}
	}, 90_000);

	it.skipIf(!hasTmux)('opens a root image named on the command line in the image view', async () => {
		const {root} = await diskRootReport();
		start(`--root '${root}' old/app:1`);
		const browser = await waitFor(text => text.includes('▶ Layers'), 'the image view');
		expect(browser).toContain('File tree · Layer 2 (last of 3)');
		keys('q');
		await waitFor(text => text.includes('layerscope exited 0'), 'the exit');
	}, 90_000);

	it.skipIf(!hasTmux)('reports an archive it cannot read in one line, without taking the screen', async () => {
		start(`--tar '${fixture('README.md')}'`);
		const after = await waitFor(text => text.includes('layerscope exited 2'), 'the exit');
		const lines = after.split('\n').filter(line => line.trim() !== '');
		expect(lines).toHaveLength(2);
		expect(lines[0]).toMatch(/^layerscope: .*README\.md/);
	}, 90_000);
});
