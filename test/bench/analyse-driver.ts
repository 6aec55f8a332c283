/**
 * Runs layerscope's analysis in-process on one archive and prints, as one JSON line, how long each phase took and
 * the process's own peak RSS. Used where /usr/bin/time is missing, for the phase breakdown, and under --cpu-prof.
 *
 *   node dist/test/bench/analyse-driver.js ARCHIVE [--list] [--phases]
 */
import {performance} from 'node:perf_hooks';
import {entriesNeedingDigest, simulate} from '../../source/analysis/simulate.js';
import {chooseImage, inspectImage, loadImage, viewAfter} from '../../source/inspect-image.js';
import {writeJsonReport} from '../../source/output/json-report.js';
import {unionListLines} from '../../source/output/union-list.js';
import {archiveSource} from '../../source/sources/archive/archive-source.js';
import {hashEntries} from '../../source/sources/layers/hash-contents.js';
import {type DriverReport} from './driver-report.js';

async function main(argv: string[]): Promise<DriverReport> {
	const archive = argv.find(argument => !argument.startsWith('--'));
	if (!archive) throw new Error('usage: analyse-driver ARCHIVE [--list] [--phases]');
	const mode = argv.includes('--list') ? 'list' : 'json';
	const phases: Record<string, number> = {};
	const timed = async <T>(phase: string, work: () => T | Promise<T>): Promise<T> => {
		const started = performance.now();
		const result = await work();
		phases[phase] = (performance.now() - started) / 1000;
		return result;
	};

	const opened = await timed('open archive', async () => archiveSource(archive, {}).open());
	const image = chooseImage(opened);
	const loaded = await timed('read layer headers', async () => loadImage(opened, image));
	const report: DriverReport = {
		archive, mode, layers: loaded.layers.length, entries: loaded.layers.reduce((sum, layer) => sum + layer.listing.entries.length, 0),
		phases, maxRssKiB: 0,
	};
	if (mode === 'list') {
		await timed('union listing', () => unionListLines(viewAfter(loaded, loaded.layers.length - 1).view).join('\n'));
	} else {
		// With --phases, the steps inspectImage takes are first run one by one on their own clocks; inspectImage then
		// finds nothing left to hash, but simulates once more, so its own figure is simulate + report.
		if (argv.includes('--phases')) {
			const simulation = await timed('simulate (union of the layers)', () => simulate(loaded.layers.map(layer => layer.listing.entries)));
			const wanted = await timed('choose files to hash', () => entriesNeedingDigest(simulation));
			await timed('hash contents', async () => hashEntries(loaded.layers, wanted));
			report.hashed = {entries: wanted.size, bytes: [...wanted].reduce((sum, entry) => sum + entry.size, 0)};
		}

		const phase = argv.includes('--phases') ? 'inspectImage (simulate again + report)' : 'inspect';
		const inspected = await timed(phase, async () => inspectImage(opened, loaded));
		await timed('write JSON', () => writeJsonReport(inspected.report, '/dev/null'));
	}

	opened.close();
	report.maxRssKiB = process.resourceUsage().maxRSS;
	return report;
}

try {
	process.stdout.write(`${JSON.stringify(await main(process.argv.slice(2)))}\n`);
} catch (error) {
	process.stderr.write(`analyse-driver: ${error instanceof Error ? error.stack : String(error)}\n`);
	process.exitCode = 1;
}
