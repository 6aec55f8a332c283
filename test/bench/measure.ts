import {spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {type BenchLog} from './bench-log.js';
import {machineBusySeconds} from './machine-load.js';
import {findExecutable} from './tools.js';

/** A command to time. Its standard output is discarded unless it reports on itself there. */
export type Command = {
	id: string;
	label: string;
	program: string;
	args: string[];
	env?: NodeJS.ProcessEnv;
	/** For a child that prints its own figures: where its peak RSS (KiB) is in what it printed. */
	selfReportedRssKiB?: (stdout: string) => number | undefined;
};

/** A row to measure, or the reason it cannot be (a tool that is not installed). */
export type Planned = Command | {id: string; label: string; skipped: string};

export type RssSource = '/usr/bin/time' | 'self-reported' | 'unknown';

export type Measurement = {
	id: string;
	label: string;
	commandLine?: string;
	seconds: number[];
	bestSeconds?: number;
	/** User + system CPU of the best run (GNU time only): unlike wall clock, barely moved by other load. */
	cpuSecondsOfBest?: number;
	/** CPU cores other processes kept busy, on average, during the best run (Linux, GNU time only). */
	otherCoresOfBest?: number;
	/** The largest of the runs' peaks. */
	peakRssKiB?: number;
	rssSource?: RssSource;
	skipped?: string;
	failed?: string;
};

type RunOutcome = {
	seconds: number;
	cpuSeconds?: number;
	otherCores?: number;
	peakRssKiB?: number;
	rssSource: RssSource;
	stdout: string;
	failure?: string;
};

const gnuTime = findExecutable('/usr/bin/time');
const runTimeoutMs = 10 * 60 * 1000;
const shortestRunForLoadSeconds = 0.5;

/**
 * Runs every command `runs` times, in rounds (each command once per round), so that a burst of background load
 * spreads over all of them instead of spoiling one. Wall clock is taken around the child's whole life.
 */
export async function measureInRounds(planned: Planned[], runs: number, log: BenchLog): Promise<Measurement[]> {
	const results = planned.map((item): Measurement => ('skipped' in item
		? {id: item.id, label: item.label, seconds: [], skipped: item.skipped}
		: {id: item.id, label: item.label, commandLine: [item.program, ...item.args].join(' '), seconds: []}));
	for (const item of planned) if ('skipped' in item) log.detail(`skipping ${item.label}: ${item.skipped}`);
	for (let round = 1; round <= runs; round++) {
		for (const [position, item] of planned.entries()) {
			const result = results[position]!;
			if ('skipped' in item || result.failed) continue;
			const outcome = await runOnce(item);
			if (outcome.failure) {
				result.failed = outcome.failure;
				log.detail(`run ${round}/${runs} ${item.label}: FAILED (${outcome.failure})`);
				continue;
			}

			record(result, outcome);
			const rss = outcome.peakRssKiB ? `, peak RSS ${megabytes(outcome.peakRssKiB)} MB` : '';
			const others = outcome.otherCores === undefined ? '' : `, other processes ${outcome.otherCores.toFixed(2)} cores`;
			log.detail(`run ${round}/${runs} ${item.label}: ${outcome.seconds.toFixed(2)} s${rss}${others}`);
		}
	}

	return results;
}

function record(result: Measurement, outcome: RunOutcome): void {
	result.seconds.push(outcome.seconds);
	if (result.bestSeconds === undefined || outcome.seconds < result.bestSeconds) {
		result.bestSeconds = outcome.seconds;
		if (outcome.cpuSeconds === undefined) delete result.cpuSecondsOfBest;
		else result.cpuSecondsOfBest = outcome.cpuSeconds;
		if (outcome.otherCores === undefined) delete result.otherCoresOfBest;
		else result.otherCoresOfBest = outcome.otherCores;
	}

	if (outcome.peakRssKiB !== undefined) result.peakRssKiB = Math.max(result.peakRssKiB ?? 0, outcome.peakRssKiB);
	result.rssSource = outcome.rssSource;
}

/** One run. Peak RSS comes from GNU time when installed, else from the child's own report, never a guess. */
export async function runOnce(command: Command): Promise<RunOutcome> {
	const scratch = mkdtempSync(path.join(tmpdir(), 'layerscope-bench-time-'));
	const rssFile = path.join(scratch, 'rss');
	const [program, args] = gnuTime
		? [gnuTime, ['-f', '%M %U %S', '-o', rssFile, command.program, ...command.args]]
		: [command.program, command.args];
	try {
		const busyBefore = machineBusySeconds();
		const started = performance.now();
		const exit = await spawnAndWait(program, args, {env: command.env, captureStdout: command.selfReportedRssKiB !== undefined});
		const seconds = (performance.now() - started) / 1000;
		const busyDuring = subtract(machineBusySeconds(), busyBefore);
		if (exit.failure) return {seconds, rssSource: 'unknown', stdout: exit.stdout, failure: exit.failure};
		const fromTime = gnuTime ? parseGnuTime(readFileSync(rssFile, 'utf8')) : undefined;
		const fromChild = command.selfReportedRssKiB?.(exit.stdout);
		const outcome: RunOutcome = {seconds, rssSource: 'unknown', stdout: exit.stdout};
		if (fromTime) {
			outcome.peakRssKiB = fromTime.peakRssKiB;
			outcome.cpuSeconds = fromTime.cpuSeconds;
			outcome.rssSource = '/usr/bin/time';
			// /proc/stat counts in 10 ms ticks, too coarse to say anything about shorter runs.
			if (busyDuring !== undefined && seconds >= shortestRunForLoadSeconds) {
				outcome.otherCores = Math.max(0, busyDuring - fromTime.cpuSeconds) / seconds;
			}
		} else if (fromChild !== undefined) {
			outcome.peakRssKiB = fromChild;
			outcome.rssSource = 'self-reported';
		}

		return outcome;
	} finally {
		rmSync(scratch, {recursive: true, force: true});
	}
}

/** Output not captured goes straight to /dev/null, so the bench itself does not pay for reading a large listing. */
async function spawnAndWait(
	program: string, args: string[], options: {env: NodeJS.ProcessEnv | undefined; captureStdout: boolean},
): Promise<{stdout: string; failure?: string}> {
	return new Promise(resolve => {
		const child = spawn(program, args, {
			stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'], env: options.env ?? process.env, timeout: runTimeoutMs,
		});
		let stdout = '';
		let stderr = '';
		child.stdout?.on('data', (chunk: Buffer) => {
			if (stdout.length < 64 * 1024) stdout += chunk.toString('utf8');
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			stderr = (stderr + chunk.toString('utf8')).slice(-2000);
		});
		child.on('error', error => resolve({stdout, failure: error.message}));
		child.on('close', (code, signal) => {
			if (code === 0) resolve({stdout});
			else resolve({stdout, failure: `${signal ? `killed by ${signal}` : `exit ${code}`}: ${lastLine(stderr)}`});
		});
	});
}

function subtract(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined || b === undefined ? undefined : a - b;
}

/** The `%M %U %S` line GNU time writes last (a failed command gets a status line before it). */
function parseGnuTime(text: string): {peakRssKiB: number; cpuSeconds: number} | undefined {
	const [peak, user, system] = (text.trim().split('\n').at(-1) ?? '').split(' ').map(Number);
	if (!peak || user === undefined || system === undefined || !Number.isFinite(user + system)) return undefined;
	return {peakRssKiB: peak, cpuSeconds: user + system};
}

function lastLine(text: string): string {
	return text.trim().split('\n').at(-1) ?? '';
}

export function megabytes(kib: number): string {
	return ((kib * 1024) / 1e6).toFixed(0);
}
