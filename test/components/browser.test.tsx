import {afterEach, beforeAll, describe, expect, it} from 'vitest';
import {Browser} from '../../source/components/Browser.js';
import {type BrowseModel} from '../../source/view-model/browse-model.js';
import {expectGolden} from './helpers/golden.js';
import {fixtureModel} from './helpers/models.js';
import {cleanup, keys, render} from './helpers/render.js';

let model: BrowseModel;
beforeAll(async () => {
	model = await fixtureModel();
});
afterEach(cleanup);

async function mount(columns = 100, rows = 40) {
	const quits: number[] = [];
	const ui = await render(<Browser model={model} columns={columns} rows={rows} onQuit={() => quits.push(Date.now())} />);
	return {...ui, quits};
}

/** The line of the frame that holds the cursor mark `›` in the file tree (the right-hand pane). */
const treeCursorLine = (frame: string) => frame.split('\n').find(line => /│›/.test(line.slice(40)))?.slice(40) ?? '';
const layerCursorLine = (frame: string) => frame.split('\n').find(line => line.startsWith('│›'))?.slice(0, 42) ?? '';

describe('the browser on the demo image', () => {
	it('shows all four panes and the key bar (golden)', async () => {
		const ui = await mount();
		expectGolden('browser-initial', ui.frame());
		expect(ui.frame().split('\n')).toHaveLength(39);
	});

	it('moves the layer selection with ↑↓, j/k, Home, End, PgUp and PgDn, and the tree follows', async () => {
		const ui = await mount();
		await ui.press(keys.up);
		expect(layerCursorLine(ui.frame())).toContain('8      14 B  RUN rm -rf /swap/dir2f');
		expect(ui.frame()).toContain('File tree · Layer 8 (9th of 10)');
		await ui.press('k', 'j', 'j');
		expect(ui.frame()).toContain('Layer 9 (last of 10) details');
		await ui.press(keys.home);
		expect(layerCursorLine(ui.frame())).toContain('0   1.98 MB  (busybox-static roo');
		expect(ui.frame()).toContain('Command  (busybox-static rootfs)');
		// At 100×40 every row of the history fits (12): a page is 11 rows, from layer 0 to the CMD step after layer 9.
		await ui.press(keys.pageDown);
		expect(ui.frame()).toContain('File tree · Layer 9 (last of 10)');
		await ui.press(keys.pageUp);
		expect(ui.frame()).toContain('File tree · Layer 0 (1st of 10)');
		await ui.press(keys.end);
		expect(ui.frame()).toContain('File tree · Layer 9 (last of 10)');
	});

	it('marks the history step that made no layer, without a number', async () => {
		const ui = await mount();
		await ui.press(keys.home);
		expect(ui.frame()).toContain('│    ·           ENV APP_HOME=/app');
	});

	it('shows the selected layer\'s details: digest, diffId, media type, sizes, created, the whole command (golden)', async () => {
		const ui = await mount();
		await ui.press(keys.home, keys.down, keys.down, keys.down);
		const lines = ui.frame().split('\n');
		const top = lines.findIndex(line => line.includes('details ─'));
		const details = lines.slice(top, top + 8).map(line => line.slice(0, 42)).join('\n');
		expectGolden('layer-3-details', details);
		expect(details).toContain('Command  /bin/sh -c rm -rf /app/cache');
	});

	it('moves focus with Tab and Shift-Tab, and the key bar follows the focused pane', async () => {
		const ui = await mount();
		expect(ui.frame()).toContain('▶ Layers');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain('▶ File tree');
		expect(ui.frame().split('\n').at(-1)).toContain('Enter view file');
		await ui.press(keys.tab);
		expect(ui.frame()).toContain('▶ Image summary');
		expect(ui.frame().split('\n').at(-1)).toContain('Enter open group / show in tree');
		await ui.press(keys.shiftTab, keys.shiftTab);
		expect(ui.frame()).toContain('▶ Layers');
	});

	it('moves the tree cursor with arrows, j/k, PgUp/PgDn, Home and End', async () => {
		const ui = await mount();
		await ui.press(keys.tab, keys.down, keys.down);
		expect(treeCursorLine(ui.frame())).toContain('41 kB       blob.bin');
		await ui.press('j', 'k', keys.up);
		expect(treeCursorLine(ui.frame())).toContain('▾ conf/');
		await ui.press(keys.pageDown);
		expect(treeCursorLine(ui.frame())).toContain('cat → busybox');
		await ui.press(keys.end);
		expect(treeCursorLine(ui.frame())).toContain('tmp/');
		await ui.press(keys.pageUp, keys.home);
		expect(treeCursorLine(ui.frame())).toContain('▾ app/');
	});

	it('collapses and expands with Enter, Space, ←/→ (h/l), and everything with x', async () => {
		const ui = await mount();
		await ui.press(keys.tab, keys.enter);
		expect(treeCursorLine(ui.frame())).toContain('▸ app/');
		expect(ui.frame()).not.toContain('blob.bin');
		await ui.press(' ');
		expect(ui.frame()).toContain('blob.bin');
		await ui.press(keys.left);
		expect(ui.frame()).not.toContain('blob.bin');
		await ui.press(keys.right);
		expect(ui.frame()).toContain('blob.bin');
		await ui.press('h', 'l', 'x');
		expect(ui.frame()).toContain('· 10 rows');
		await ui.press('x');
		expect(ui.frame()).toContain('· 299 rows');
	});

	it('filters as the filter is typed, shows the regex or glob syntax, and Esc clears it', async () => {
		const ui = await mount();
		await ui.press('/');
		expect(ui.frame()).toContain('regex /▏');
		expect(ui.frame().split('\n').at(-1)).toContain('Enter done  Esc clear');
		await ui.press('t', 'o', 'o', 'l');
		expect(ui.frame()).toContain('regex /tool▏');
		expect(ui.frame()).toContain('· 5 rows');
		await ui.press(keys.backspace);
		expect(ui.frame()).toContain('regex /too▏');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('regex /too  aggregated');
		await ui.press(keys.escape);
		expect(ui.frame()).toContain('· 299 rows');
		await ui.press('g', '/', '*', '.', 'b', 'i', 'n');
		expect(ui.frame()).toContain('glob /*.bin▏');
		expect(ui.frame()).toContain('· 5 rows');
		await ui.press(keys.escape, 'g', '/', '(');
		expect(ui.frame()).toContain('invalid regex');
	});

	it('shows only the layer\'s changes with c, coloured by kind, with marks on bytes wasted later (golden)', async () => {
		const ui = await mount();
		await ui.press(keys.home, keys.down, keys.down, 'c', keys.tab);
		expect(ui.frame()).toContain('layer changes · sort name · 23 rows');
		expectGolden('tree-layer-2-changes', ui.frame().split('\n').map(line => line.slice(42)).join('\n'));
		expect(ui.frame()).toContain('✗   164 kB       build.tmp');
		await ui.press('w');
		expect(ui.frame()).not.toContain('✗');
	});

	it('toggles the attribute columns with b (golden)', async () => {
		const ui = await mount();
		await ui.press('b');
		expectGolden('tree-attributes', ui.frame().split('\n').slice(0, 16).map(line => line.slice(42)).join('\n'));
		expect(ui.frame()).toContain('-rwsr-xr-x 0:0');
		await ui.press('b');
		expect(ui.frame()).not.toContain('Permission');
	});

	it('sorts by size with s, directories by their total', async () => {
		const ui = await mount();
		await ui.press('s', keys.tab);
		expect(ui.frame()).toContain('sort size');
		expect(treeCursorLine(ui.frame())).toContain('410 kB ▾ app/');
		await ui.press(keys.home);
		expect(treeCursorLine(ui.frame())).toContain('1.98 MB ▾ bin/');
		await ui.press(keys.down);
		expect(treeCursorLine(ui.frame())).toContain('1.98 MB     busybox');
	});

	it('hides added, modified, removed and unchanged paths with A, M, R and U', async () => {
		const ui = await mount();
		await ui.press('U');
		expect(ui.frame()).toContain('· 4 rows · hiding unchanged');
		await ui.press('A');
		expect(ui.frame()).toContain('· 2 rows · hiding unchanged, add');
		await ui.press('M');
		expect(ui.frame()).toContain('every row is hidden (A M R U show them again)');
		await ui.press(keys.home, keys.down, keys.down, keys.down, 'A', 'M');
		expect(ui.frame()).toContain('build.tmp');
		await ui.press('R');
		expect(ui.frame()).not.toContain('build.tmp');
	});

	it('lists a group\'s findings with Enter in the summary, and opens one in the tree at its layer', async () => {
		const ui = await mount();
		await ui.press(keys.tab, keys.tab, keys.down, keys.down, keys.down);
		expect(ui.frame()).toContain('│›   123 kB metadata-only ▸/app  2→5');
		expect(ui.frame()).toContain('layer 5 (RUN chmod 700 /app/tool.bin)');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('│›   123 kB metadata-only ▾/app  2→5');
		await ui.press(keys.down);
		expect(ui.frame()).toContain('│›     123 kB metadata-only /app/tool.bi');
		expect(ui.frame()).toContain('replaced in layer 5: RUN chmod 700 /a');
		await ui.press(keys.enter);
		expect(ui.frame()).toContain('▶ File tree · Layer 5 (6th of 10)');
		expect(treeCursorLine(ui.frame())).toContain('123 kB     tool.bin');
	});

	it('shows every key in the help with ?, and closes it with ? or Esc (golden)', async () => {
		const ui = await mount();
		await ui.press('?');
		expectGolden('help', ui.frame());
		await ui.press(keys.escape);
		expect(ui.frame()).toContain('▶ Layers');
		await ui.press('?', '?');
		expect(ui.frame()).toContain('▶ Layers');
	});

	it('asks to quit on q and on Ctrl-C', async () => {
		const ui = await mount();
		await ui.press('q');
		expect(ui.quits).toHaveLength(1);
		const again = await mount();
		await again.press(keys.ctrlC);
		expect(again.quits).toHaveLength(1);
	});

	it('shows a file name with an ESC byte escaped, never as a terminal sequence', async () => {
		const ui = await mount();
		expect(ui.frame()).toContain('esc\\x1b[31mred');
		expect(ui.frames.join('')).not.toContain('esc\u001B[31m');
		await ui.press('/', 'e', 's', 'c');
		expect(treeCursorLine(ui.frame()) + ui.frame()).toContain('esc\\x1b[31mred');
	});

	it('re-lays out for a new size, and asks for a bigger terminal when it is too small', async () => {
		const ui = await mount(100, 40);
		await ui.rerender(<Browser model={model} columns={90} rows={24} onQuit={() => {}} />);
		expect(ui.frame().split('\n')).toHaveLength(23);
		expect(ui.frame()).toContain('▶ Layers');
		await ui.rerender(<Browser model={model} columns={80} rows={20} onQuit={() => {}} />);
		const smallest = ui.frame().split('\n');
		expect(smallest).toHaveLength(19);
		expect(Math.max(...smallest.map(line => line.length))).toBe(80);
		expect(ui.frame()).toContain('Findings (11 in 9 groups');
		await ui.rerender(<Browser model={model} columns={60} rows={15} onQuit={() => {}} />);
		expect(ui.frame()).toContain('The terminal is 60×15; layerscope needs at least 80×20');
	});
});

describe('the layer details', () => {
	it('take the summary\'s place with every field and the whole command wrapped, with d in the layer list', async () => {
		const ui = await mount();
		await ui.press(keys.home, keys.down, keys.down, 'd');
		expect(ui.frame()).not.toContain('Image summary');
		// Words wrap whole (the pane's lines joined with a space for the padding at their ends); a word longer than a
		// line, the diffID, is broken at the pane's width.
		const lines = ui.frame().split('\n').map(line => line.slice(1, 41));
		expect(lines.map(line => line.trimEnd()).join(' ')).toContain('echo plain > /swap/file2link');
		expect(lines.join('')).toContain(model.report.layers[2]!.diffId!);
		await ui.press(keys.tab, keys.tab);
		expect(ui.frame()).toContain('▶ Layers');
		await ui.press('d');
		expect(ui.frame()).toContain('Image summary');
	});
});
