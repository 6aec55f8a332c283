import {performance} from 'node:perf_hooks';
// A type-only import: `import {type X}` would still load React, before NODE_ENV is set.
import type {ReactElement} from 'react';
import {type BrowseModel} from '../../source/view-model/browse-model.js';
import {initialBrowseState, treeRowsOf} from '../../source/view-model/navigation.js';
import {summarize, type Timing} from './tui-stats.js';

/** What the key driver needs of ink-testing-library (loaded after NODE_ENV is set, so React runs in production). */
type Rendered = {stdin: {write: (data: string) => void}; frames: string[]; lastFrame: () => string | undefined; unmount: () => void};
export type TuiModules = {
	render: (tree: ReactElement) => Rendered;
	browser: (model: BrowseModel, columns: number, rows: number) => ReactElement;
};

const keys = {down: '\u001B[B', up: '\u001B[A', pageDown: '\u001B[6~', tab: '\t', enter: '\r', backspace: '\u007F', escape: '\u001B'};

/** Writes one key and waits for the frame it causes: the time a person waits between pressing and seeing. */
async function pressAndWait(ui: Rendered, key: string): Promise<number> {
	const before = ui.frames.length;
	const started = performance.now();
	ui.stdin.write(key);
	while (ui.frames.length === before) {
		if (performance.now() - started > 10_000) throw new Error(`no frame within 10 s after key ${JSON.stringify(key)}`);
		await new Promise(resolve => setImmediate(resolve));
	}

	const elapsed = performance.now() - started;
	// The harness keeps every frame it is sent; a real terminal keeps none, so neither does the memory figure.
	ui.frames.length = 0;
	return elapsed;
}

async function series(ui: Rendered, label: string, sequence: string[]): Promise<Timing> {
	const samples: number[] = [];
	for (const key of sequence) samples.push(await pressAndWait(ui, key));
	return summarize(label, samples);
}

/** The first row of the initial tree that can be collapsed (not a symlink like /bin on usrmerge systems). */
function firstDirectoryRow(model: BrowseModel): number {
	const rows = treeRowsOf(initialBrowseState(model, {layers: 1, findings: 1, tree: 1}), model);
	return Math.max(0, rows.ids.findIndex(id => (rows.shown[id]! & 2) !== 0));
}

/** Drives the real browser over the model and times every kind of key press the issue names. */
export async function timeKeyPresses(modules: TuiModules, model: BrowseModel, columns: number, rows: number): Promise<{firstFrameMs: number; timings: Timing[]}> {
	const started = performance.now();
	const ui = modules.render(modules.browser(model, columns, rows));
	while (ui.frames.length === 0) await new Promise(resolve => setImmediate(resolve));
	const firstFrameMs = performance.now() - started;
	// Ink subscribes to keys in an effect after the first commit, and the caches warm up in the next few hundred
	// milliseconds: a person reads the screen for at least that long before the first key.
	await new Promise(resolve => setTimeout(resolve, 1500));
	const timings: Timing[] = [];
	const layers = model.report.layers.length;
	// Layers pane first: every layer once (its state is computed on first visit), then back and forth (cached).
	timings.push(await series(ui, 'layer change, first visit of each layer', Array.from({length: layers - 1}, () => keys.up)));
	timings.push(await series(ui, 'layer change, layers seen before', Array.from({length: 40}, (_, index) => (index % 2 === 0 ? keys.down : keys.up))));
	await series(ui, 'back to the last layer', Array.from({length: layers - 1}, () => keys.down));
	await pressAndWait(ui, keys.tab);
	timings.push(await series(ui, 'cursor ↓ in the tree', Array.from({length: 200}, () => keys.down)));
	timings.push(await series(ui, 'PgDn in the tree', Array.from({length: 30}, () => keys.pageDown)));
	await pressAndWait(ui, '\u001B[H');
	await series(ui, 'to the first directory', Array.from({length: firstDirectoryRow(model)}, () => keys.down));
	timings.push(await series(ui, 'collapse / expand a directory (Enter)', Array.from({length: 40}, () => keys.enter)));
	timings.push(await series(ui, 'collapse all / expand all (x)', Array.from({length: 10}, () => 'x')));
	timings.push(await series(ui, 'layer changes / aggregated (c)', Array.from({length: 10}, () => 'c')));
	timings.push(await series(ui, 'sort by size / name (s)', Array.from({length: 10}, () => 's')));
	await pressAndWait(ui, '/');
	timings.push(await series(ui, 'filter keystroke, typing "python3"', [...'python3']));
	timings.push(await series(ui, 'filter keystroke, Backspace', Array.from({length: 7}, () => keys.backspace)));
	timings.push(await series(ui, 'filter keystroke, regex "d0[12].*7$"', [...'d0[12].*7$']));
	await pressAndWait(ui, keys.enter);
	ui.unmount();
	return {firstFrameMs, timings};
}
