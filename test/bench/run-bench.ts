/**
 * `npm run bench`: times layerscope on a ~1 GB docker save archive and its gzip OCI copy against openssl, tar and
 * gzip, and checks that memory follows the number of entries, not their bytes. Progress on stderr, results on
 * stdout, and with --out FILE the figures as JSON.
 */
import {existsSync, writeFileSync} from 'node:fs';
import {availableParallelism, loadavg} from 'node:os';
import {performance} from 'node:perf_hooks';
import {chooseInputA, gzipOciFrom, memoryTestInputs} from './bench-inputs.js';
import {benchLog, type BenchLog} from './bench-log.js';
import {type BenchOptions, parseBenchOptions, usage} from './bench-options.js';
import {type BenchResults, renderResults} from './bench-results.js';
import {checks, ratios} from './checks.js';
import {cliPath} from './commands.js';
import {profileAnalysis} from './cpu-profile.js';
import {type Measurement} from './measure.js';
import {benchContainerd, containerdBenchRoot} from './section-containerd.js';
import {benchGzip} from './section-gzip.js';
import {benchMemory} from './section-memory.js';
import {benchUncompressed, phaseBreakdown} from './section-uncompressed.js';
import {sourceVersion} from './source-version.js';

async function runBench(options: BenchOptions, log: BenchLog): Promise<BenchResults> {
	const started = performance.now();
	if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run npm run build first`);
	log.step('choosing input A');
	const inputA = await chooseInputA(options, log);
	freeMemory();
	log.detail(`input A: ${inputA.path} (${inputA.origin}, ${Math.round(inputA.bytes / 1e6)} MB, ${inputA.entries} entries)`);
	const results: BenchResults = {
		date: new Date().toISOString(),
		machine: {node: process.version, cpus: availableParallelism(), platform: `${process.platform}-${process.arch}`, loadAverage: {start: loadavg()[0]!}},
		runsPerMeasurement: options.runs,
		layerscope: sourceVersion(),
		inputs: {a: inputA},
		measurements: [],
		ratios: [],
		checks: [],
		seconds: 0,
	};
	const measurements: Measurement[] = results.measurements;

	measurements.push(...await benchUncompressed(inputA, options.runs, log));
	const phases = await phaseBreakdown(inputA, log);
	if (phases) results.phases = phases;

	await attempt('input B (gzip OCI)', log, async () => {
		log.step('input B: the gzip OCI archive of A');
		const inputB = await gzipOciFrom(inputA, options.cacheDirectory, log);
		results.inputs.b = inputB;
		freeMemory();
		measurements.push(...await benchGzip(inputB, options.runs, log));
	});

	await attempt('memory test', log, async () => {
		log.step('memory test: archives with the same entries and 10x the bytes');
		const [small, large] = await memoryTestInputs(options, log);
		results.inputs.memory = [small, large];
		freeMemory();
		measurements.push(...await benchMemory(small, large, options.runs, log));
	});

	const containerdRoot = containerdBenchRoot();
	if (containerdRoot) {
		await attempt('input C (containerd image store)', log, async () => {
			measurements.push(...await benchContainerd(containerdRoot, options.runs, log));
		});
	} else {
		log.step('input C skipped: no Docker root with the containerd image store (set LAYERSCOPE_BENCH_C8D_ROOT)');
	}

	if (options.profile) {
		await attempt('profile', log, async () => {
			results.profile = await profileAnalysis(inputA.path, options.cacheDirectory, log);
		});
	}

	results.ratios = ratios(measurements);
	results.checks = checks(measurements);
	results.machine.loadAverage.end = loadavg()[0]!;
	results.seconds = (performance.now() - started) / 1000;
	return results;
}

/** A section that fails (a conversion error, a full disk) is reported and the rest of the bench still runs. */
async function attempt(section: string, log: BenchLog, work: () => Promise<void>): Promise<void> {
	try {
		await work();
	} catch (error) {
		log.step(`${section} failed: ${error instanceof Error ? error.message : String(error)}`);
	}
}

/** Preparing inputs leaves a large heap behind (plans, gzip buffers); drop it before children are measured. npm runs us with --expose-gc. */
function freeMemory(): void {
	(globalThis as {gc?: () => void}).gc?.();
}

async function main(): Promise<number> {
	const options = parseBenchOptions(process.argv.slice(2));
	if (options === 'help') {
		process.stdout.write(`${usage}\n`);
		return 0;
	}

	const log = benchLog();
	const results = await runBench(options, log);
	process.stdout.write(renderResults(results));
	if (options.out) {
		writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
		log.step(`figures written to ${options.out}`);
	}

	return 0;
}

try {
	process.exitCode = await main();
} catch (error) {
	process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
	process.exitCode = 2;
}
