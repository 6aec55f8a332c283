import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import {afterAll, describe, expect, it} from 'vitest';
import {fixture} from '../helpers/cli.js';
import {hasTmux, privateTmux} from '../helpers/tmux.js';

const terminal = privateTmux();
const {screen, keys, waitFor} = terminal;
const tmux = (...args: string[]) => terminal.tmux(...args);
const start = (args: string) => terminal.start(args);
/** Bytes as a terminal would send them (a mouse report), not key names. */
const raw = (bytes: string) => terminal.literal(bytes);
/** What the program asked of the terminal: SGR mouse reports, button reports, the alternate screen (1 or 0 each). */
const terminalModes = () => tmux('display-message', '-p', '-t', terminal.session(), '#{mouse_sgr_flag} #{mouse_standard_flag} #{alternate_on}').trim();
const click = (column: number, row: number) => raw(`\u001B[<0;${column + 1};${row + 1}M\u001B[<0;${column + 1};${row + 1}m`);
const wheelDown = (column: number, row: number) => raw(`\u001B[<65;${column + 1};${row + 1}M`);
afterAll(() => terminal.close());

/**
 * Waits for the browser, then a moment more: Ink listens for keys from an effect that runs after the first frame, and
 * on a busy machine keys sent at once could arrive before anyone listens.
 */
async function browserReady(): Promise<void> {
	await waitFor(text => text.includes('▶ Layers'), 'the browser');
	await new Promise(resolve => setTimeout(resolve, 500));
}

/** The file tree's line under the cursor mark, in a 120-column window (the left panes are 50 wide). */
const treeCursorLine = (text: string) => text.split('\n').find(line => /│›/.test(line.slice(50)))?.slice(50) ?? '';
const demo = `--tar '${fixture('images', 'demo.oci-dir')}'`;


describe.skipIf(!hasTmux)('files, dive\'s keys and the mouse in a real terminal (tmux)', () => {
	it('turns SGR mouse reporting on, takes a click and the wheel, reads Ctrl-Space, and turns it all off on q', async () => {
		start(demo);
		await browserReady();
		expect(terminalModes()).toBe('1 1 1');
		click(70, 7); // the tree's fifth line: /app/esc\x1b[31mred
		let text = await waitFor(text => text.includes('▶ File tree'), 'the click to focus the tree');
		expect(treeCursorLine(text)).toContain('esc\\x1b[31mred');
		wheelDown(70, 7);
		text = await waitFor(text => treeCursorLine(text).includes('tool-hardlink'), 'the wheel to move three lines');
		click(10, 6); // the layer list's sixth line: layer 4 (the list starts at layer 0, with the ENV step as its second line)
		await waitFor(text => text.includes('File tree · Layer 4 (5th of 10)'), 'the click to select layer 4');
		keys('Tab', 'C-Space');
		text = await waitFor(text => text.includes('▸ app/'), 'Ctrl-Space to collapse every directory');
		expect(text).toContain('▸ bin/');
		keys('q');
		await waitFor(text => text.includes('layerscope exited 0'), 'the exit');
		expect(terminalModes()).toBe('0 0 0');
	}, 60_000);

	it('leaves the mouse and the screen as they were when killed', async () => {
		start(demo);
		await browserReady();
		expect(terminalModes()).toBe('1 1 1');
		const shell = tmux('display-message', '-p', '-t', terminal.session(), '#{pane_pid}').trim();
		const node = spawnSync('pgrep', ['-P', shell], {encoding: 'utf8'}).stdout.trim();
		spawnSync('kill', ['-TERM', node]);
		await waitFor(text => text.includes('layerscope exited 143'), 'the exit on SIGTERM');
		expect(terminalModes()).toBe('0 0 0');
	}, 60_000);

	it('views a file with Enter, extracts it with e into --extract-dir, and copies its path with y (OSC 52)', async () => {
		const directory = mkdtempSync(path.join(terminal.directory, 'extract-'));
		start(`${demo} --extract-dir '${directory}'`);
		tmux('set-option', '-s', 'set-clipboard', 'on');
		await browserReady();
		keys('Tab', 'C-f');
		keys('-l', 'conf/ver');
		keys('Enter', 'End', 'Enter');
		let text = await waitFor(text => text.includes('/app/conf/version · as of layer 9'), 'the viewer');
		expect(text.split('\n')[1]).toBe('v2');
		keys('e');
		text = await waitFor(text => text.includes('extracted /app/conf/version as of layer 9'), 'the extraction');
		expect(readFileSync(path.join(directory, 'version'), 'utf8')).toBe('v2\n');
		expect(statSync(path.join(directory, 'version')).mode & 0o777).toBe(0o644);
		keys('y');
		await waitFor(text => text.includes('copied /app/conf/version to the clipboard'), 'the copy');
		expect(tmux('show-buffer')).toBe('/app/conf/version');
		keys('Escape');
		await waitFor(text => text.includes('▶ File tree'), 'the viewer to close');
		keys('q');
		await waitFor(text => text.includes('layerscope exited 0'), 'the exit');
	}, 60_000);
});
