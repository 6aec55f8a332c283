import {readFileSync, statSync, writeFileSync} from 'node:fs';
import {act} from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {loadBrowseModel} from '../../source/browse-session.js';
import {Browser} from '../../source/components/Browser.js';
import {chooseImage} from '../../source/inspect-image.js';
import {archiveSource} from '../../source/sources/archive/archive-source.js';
import {type OpenedImages} from '../../source/sources/image-source.js';
import {type BrowseModel} from '../../source/view-model/browse-model.js';
import {makeDockerArchive, temporaryDirectory, writeTemporary} from '../helpers/make-tar.js';
import {cleanup, keys, render} from './helpers/render.js';

const big = Buffer.alloc(1536 * 1024, 'line\n');
const binary = Buffer.from(Array.from({length: 256}, (_, index) => index));
const layers = [
	[
		{name: 'etc/', type: 'directory' as const},
		{name: 'etc/motd', content: 'hello\u001B[31m red\tTab\nsecond line\n', mode: 0o640},
		{name: 'etc/hard', type: 'link' as const, linkname: 'etc/motd'},
		{name: 'etc/soft', type: 'symlink' as const, linkname: 'motd'},
		{name: 'bin.dat', content: binary},
		{name: 'big.txt', content: big},
		{name: 'gone.txt', content: 'bye\n'},
	],
	[{name: '.wh.gone.txt'}],
];

let opened: OpenedImages;
let model: BrowseModel;
let extractDir: string;
beforeAll(async () => {
	const archive = writeTemporary('files.tar', await makeDockerArchive([{layers, gzipLayers: true}]));
	extractDir = temporaryDirectory();
	opened = await archiveSource(archive, {}).open();
	model = await loadBrowseModel(opened, chooseImage(opened), {extractDir});
});
afterAll(() => opened.close());
afterEach(cleanup);

async function mount() {
	return render(<Browser model={model} columns={100} rows={40} onQuit={() => {}} />);
}

/** Focus the tree, filter it down to `text`, and put the cursor on the last row that matches. */
async function selectInTree(ui: Awaited<ReturnType<typeof mount>>, text: string) {
	if (!ui.frame().includes('▶ File tree')) await ui.press(keys.tab);
	await ui.press(keys.escape, '/', ...text, keys.enter, keys.end);
}

/** Waits for the viewer's asynchronous read to land in a frame. */
async function settled(ui: Awaited<ReturnType<typeof mount>>, wanted: string) {
	const deadline = Date.now() + 10_000;
	while (!ui.frame().includes(wanted) && Date.now() < deadline) {
		await act(async () => new Promise(resolve => {
			setTimeout(resolve, 20);
		}));
	}

	return ui.frame();
}

const ctrl = (letter: string) => String.fromCharCode(letter.charCodeAt(0) - 96);
const sgr = (button: number, column: number, row: number) => `\u001B[<${button};${column + 1};${row + 1}M`;
const treeCursorLine = (frame: string) => frame.split('\n').find(line => /│›/.test(line.slice(42)))?.slice(42) ?? '';

describe('the file viewer (Enter or v on a file)', () => {
	it('shows text as text, with control characters escaped and tabs expanded', async () => {
		const ui = await mount();
		await selectInTree(ui, 'motd');
		await ui.press(keys.enter);
		const frame = await settled(ui, 'second line');
		expect(frame).toContain('/etc/motd · as of layer 1 · lines 1–2 of 2');
		expect(frame).toContain('hello\\x1b[31m red  Tab');
		expect(frame).not.toContain('\u001B[31m red');
		await ui.press(keys.escape);
		expect(ui.frame()).toContain('▶ File tree');
	});

	it('shows a binary file as a hex dump, and a large one cut at 1 MiB with its size, scrolling with PgDn and End', async () => {
		const ui = await mount();
		await selectInTree(ui, 'bin.dat');
		await ui.press('v');
		expect(await settled(ui, 'hex dump')).toContain('00000000  00 01 02 03 04 05 06 07  08 09 0a 0b 0c 0d 0e 0f |................|');
		await ui.press('q');
		await selectInTree(ui, 'big.txt');
		await ui.press('v');
		const frame = await settled(ui, 'showing the first');
		expect(frame).toContain('1.57 MB (1572864 bytes): showing the first 1.05 MB');
		expect(frame).toMatch(/lines 1–\d+ of 209716/); // 209715 whole lines of 5 bytes, and the cut one
		await ui.press(keys.end);
		expect(ui.frame()).toMatch(/lines \d+–209716 of 209716/);
	});

	it('says what a hard link, a symbolic link and a whited-out file are', async () => {
		const ui = await mount();
		await selectInTree(ui, 'hard');
		await ui.press(keys.enter);
		expect(await settled(ui, 'hard link')).toContain('hard link to /etc/motd (its content below)');
		expect(ui.frame()).toContain('second line');
		await ui.press(keys.escape);
		await selectInTree(ui, 'soft');
		await ui.press(keys.enter);
		expect(await settled(ui, 'symbolic')).toContain('symbolic link to motd');
		await ui.press(keys.escape);
		await selectInTree(ui, 'gone');
		await ui.press(keys.enter);
		const frame = await settled(ui, 'whited out');
		expect(frame).toContain('whited out: removed by layer 1; as it was after layer 0:');
		expect(frame).toContain('bye');
	});

	it('still collapses a directory on Enter', async () => {
		const ui = await mount();
		await ui.press(keys.tab, keys.down, keys.down);
		expect(treeCursorLine(ui.frame())).toContain('▾ etc/');
		await ui.press(keys.enter);
		expect(treeCursorLine(ui.frame())).toContain('▸ etc/');
	});
});

describe('e extracts into --extract-dir, asking before it overwrites; y copies the path', () => {
	it('writes the file with its mode, then asks, and overwrites only on y', async () => {
		const ui = await mount();
		await selectInTree(ui, 'motd');
		await ui.press('e');
		expect(await settled(ui, 'extracted')).toContain('extracted /etc/motd as of layer 1 to');
		expect(readFileSync(`${extractDir}/motd`, 'utf8')).toBe('hello\u001B[31m red\tTab\nsecond line\n');
		expect(statSync(`${extractDir}/motd`).mode & 0o7777).toBe(0o640);
		writeFileSync(`${extractDir}/motd`, 'changed by the user');
		await ui.press(ctrl('e'));
		expect(await settled(ui, 'overwrite')).toContain('motd exists: overwrite it? (y: yes, any other key: no)');
		await ui.press('n');
		expect(ui.frame()).toContain('nothing written');
		expect(readFileSync(`${extractDir}/motd`, 'utf8')).toBe('changed by the user');
		await ui.press('e', 'y');
		await settled(ui, 'extracted');
		expect(readFileSync(`${extractDir}/motd`, 'utf8')).toContain('second line');
	});
});

describe("dive's keys", () => {
	it('Ctrl-L and Ctrl-A in the layer list: this layer\'s changes, then the aggregated view', async () => {
		const ui = await mount();
		await ui.press(ctrl('l'));
		expect(ui.frame()).toContain('layer changes · sort name');
		await ui.press(ctrl('a'));
		expect(ui.frame()).toContain('aggregated · sort name');
	});

	it('Ctrl-A/R/U hide kinds in the tree, Ctrl-Space collapses all, Space one, Ctrl-B attributes, Ctrl-O sort, Ctrl-F filters', async () => {
		const ui = await mount();
		await ui.press(keys.tab, ctrl('a'));
		expect(ui.frame()).toContain('hiding added');
		await ui.press(ctrl('a'), ctrl('r'), ctrl('u'));
		expect(ui.frame()).toContain('hiding removed, uncha');
		await ui.press(ctrl('r'), ctrl('u'), '\u0000');
		expect(ui.frame()).toContain('▸ etc/');
		await ui.press('\u0000', keys.home, keys.down, keys.down, ' ');
		expect(treeCursorLine(ui.frame())).toContain('▸ etc/');
		await ui.press(ctrl('b'));
		expect(ui.frame()).toContain('Permission UID:GID');
		await ui.press(ctrl('o'));
		expect(ui.frame()).toContain('sort size');
		await ui.press(ctrl('f'), 'm', 'o', 't');
		expect(ui.frame()).toContain('regex /mot');
	});

	it('the help says which of dive\'s keys mean something else here', async () => {
		const ui = await mount();
		await ui.press('?');
		expect(ui.frame()).toContain("hide modified (dive's C-m is Enter)");
		expect(ui.frame()).toContain('C-a          aggregated (tree: C-a hides added)');
		expect(ui.frame()).toContain('C-a          hide added (layers: aggregated)');
		expect(ui.frame()).toContain('Space        collapse/expand');
		expect(ui.frame()).toContain('Enter        view file / collapse dir');
	});
});

describe('the mouse (SGR reports)', () => {
	it('a click focuses the pane and selects the line under it; the wheel scrolls the pane under the pointer', async () => {
		const ui = await mount();
		expect(ui.frame()).toContain('▶ Layers');
		await ui.press(sgr(0, 60, 5), '\u001B[<0;61;6m');
		expect(ui.frame()).toContain('▶ File tree');
		expect(treeCursorLine(ui.frame())).toContain('etc/');
		await ui.press(sgr(65, 60, 10));
		expect(treeCursorLine(ui.frame())).toContain('soft → motd');
		await ui.press(sgr(64, 60, 10));
		expect(treeCursorLine(ui.frame())).toContain('etc/');
		await ui.press(sgr(0, 10, 1));
		expect(ui.frame()).toContain('▶ Layers');
		expect(ui.frame()).toContain('File tree · Layer 0 (1st of 2)');
	});

	it('never types a mouse report into the filter', async () => {
		const ui = await mount();
		await ui.press(keys.tab, '/', 'e', sgr(0, 60, 5), '\u001B[<0;61;6m', sgr(2, 60, 5));
		expect(ui.frame()).not.toContain('[<');
	});
});
