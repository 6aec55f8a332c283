/**
 * The terminal UI's speed and memory on a big image:
 *   npm run build && node dist/test/bench/tui-bench.js [archive]      (default /tmp/corpus/docker-legacy/big.tar)
 * Times the start in a real terminal (tmux), the model built after the analysis, and key press → frame for every
 * kind of key, driving the real components in production React; compares the heap with the analysis alone.
 */
import {existsSync, readdirSync} from 'node:fs';
import {availableParallelism, loadavg} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import v8 from 'node:v8';
import {runInNewContext} from 'node:vm';
import {chooseImage, inspectImage, loadImage} from '../../source/inspect-image.js';
import {archiveSource} from '../../source/sources/archive/archive-source.js';
import {createBrowseModel} from '../../source/view-model/browse-model.js';
import {timeKeyPresses, type TuiModules} from './tui-keys.js';
import {megabytes, timingTable} from './tui-stats.js';
import {peakRssOfJsonRun, timeTerminalStart} from './tui-terminal.js';

// Before React loads: the development build is about twice as slow per frame .
process.env['NODE_ENV'] = 'production';
v8.setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const archive = process.argv[2] ?? defaultArchive();

/** The corpus's big image, else the ~1 GB archive `npm run bench` generates into its cache. */
function defaultArchive(): string {
	const corpus = '/tmp/corpus/docker-legacy/big.tar';
	if (existsSync(corpus)) return corpus;
	const cache = '/tmp/layerscope-bench';
	const generated = existsSync(cache) ? readdirSync(cache).find(name => /^docker-\d+e-\d+MB-.*\.tar$/.test(name) && !name.endsWith('.oci.tar')) : undefined;
	return generated ? path.join(cache, generated) : corpus;
}
const cliPath = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../cli.js');
const columns = 100;
const rows = 50;

function heap(): {heapUsed: number; rss: number} {
	collect();
	collect();
	const usage = process.memoryUsage();
	return {heapUsed: usage.heapUsed + usage.arrayBuffers, rss: usage.rss};
}

async function analyse() {
	const started = performance.now();
	const opened = await archiveSource(archive, {}).open();
	const image = chooseImage(opened);
	const loaded = await loadImage(opened, image);
	const {report, simulation} = await inspectImage(opened, loaded);
	opened.close();
	return {report, simulation, loaded, analysisMs: performance.now() - started};
}

async function tuiModules(): Promise<TuiModules> {
	const [{render}, {createElement}, {Browser}] = await Promise.all([
		import('ink-testing-library'), import('react'), import('../../source/components/Browser.js'),
	]);
	return {render, browser: (model, width, height) => createElement(Browser, {model, columns: width, rows: height, onQuit() {}})};
}

async function main(): Promise<void> {
	if (!existsSync(archive)) throw new Error(`${archive} does not exist: pass an image archive`);
	console.log(`layerscope TUI benchmark · ${archive} · node ${process.version}, ${availableParallelism()} cores, load ${loadavg()[0]!.toFixed(2)}`);
	const terminal = await timeTerminalStart(cliPath, archive);
	const jsonPeakRss = peakRssOfJsonRun(cliPath, archive);
	const before = heap();
	let analysis: Partial<Awaited<ReturnType<typeof analyse>>> = await analyse();
	const {report, simulation, analysisMs} = analysis as Awaited<ReturnType<typeof analyse>>;
	const analysed = heap();
	const modelStarted = performance.now();
	const model = createBrowseModel(report, simulation.outcomes);
	const modelMs = performance.now() - modelStarted;
	analysis = {};
	const modules = await tuiModules();
	const {firstFrameMs, timings} = await timeKeyPresses(modules, model, columns, rows);
	const browsing = heap();
	printResults({terminal, analysisMs, modelMs, firstFrameMs, paths: model.table.count, versions: model.table.versions.from.length});
	console.log(`\n${timingTable(timings)}`);
	const analysisHeap = analysed.heapUsed - before.heapUsed;
	const browsingHeap = browsing.heapUsed - before.heapUsed;
	console.log(`\nmemory (heap + array buffers above the start, after GC)`);
	console.log(`  analysis alone (report + simulation + layer listings held)  ${megabytes(analysisHeap)}  rss ${megabytes(analysed.rss)}`);
	console.log(`  browsing (model after every key above; simulation dropped)  ${megabytes(browsingHeap)}  rss ${megabytes(browsing.rss)}`);
	console.log(`  ratio ${(browsingHeap / analysisHeap).toFixed(2)}×`);
	if (terminal?.peakRssBytes !== undefined && jsonPeakRss !== undefined) {
		console.log(`  peak rss of the CLI: TUI session ${megabytes(terminal.peakRssBytes)}, --json run ${megabytes(jsonPeakRss)}, ratio ${(terminal.peakRssBytes / jsonPeakRss).toFixed(2)}×`);
	}
	void model;
}

function printResults(figures: {terminal: Awaited<ReturnType<typeof timeTerminalStart>>; analysisMs: number; modelMs: number; firstFrameMs: number; paths: number; versions: number}): void {
	const {terminal} = figures;
	if (terminal) {
		console.log(`\nreal terminal (tmux 120×40, built CLI)`);
		console.log(`  first text on screen        ${terminal.firstTextMs.toFixed(0)} ms`);
		console.log(`  first progress figure       ${terminal.firstProgressMs === undefined ? '(none: loading ended first)' : `${terminal.firstProgressMs.toFixed(0)} ms`}`);
		console.log(`  browser usable              ${terminal.browserMs.toFixed(0)} ms`);
		console.log(`  q → shell                   ${terminal.quitMs.toFixed(0)} ms`);
	} else {
		console.log('\nreal terminal: skipped (tmux is not installed)');
	}

	console.log(`\nin process (${figures.paths} paths, ${figures.versions} path versions)`);
	console.log(`  analysis (open, read, hash, report)          ${figures.analysisMs.toFixed(0)} ms`);
	console.log(`  browse model after the analysis              ${figures.modelMs.toFixed(0)} ms`);
	console.log(`  first browser frame (${columns}×${rows})               ${figures.firstFrameMs.toFixed(0)} ms`);
	console.log(`  load → usable UI (model + first frame)       ${(figures.modelMs + figures.firstFrameMs).toFixed(0)} ms`);
}

await main();
