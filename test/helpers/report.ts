import {expect} from 'vitest';
import {type Report} from '../../source/analysis/report.js';
import {type CliResult, runCliAsync} from './cli.js';

/** The progress lines a slow run prints on stderr (a plain line now and then when stderr is not a terminal). */
const progressLine = /^layerscope: (reading layers|hashing contents|decompressing the archive)\b/;

/** What the CLI said on stderr, progress lines left out. */
export function messageLines(stderr: string): string[] {
	return stderr.split('\n').filter(line => line !== '' && !progressLine.test(line));
}

/** A usage or input error: exit code 2 and exactly one message line, never a stack trace. Returns that line. */
export function expectOneLineError(result: CliResult): string {
	expect(result.code, result.stderr).toBe(2);
	const lines = messageLines(result.stderr);
	expect(lines).toHaveLength(1);
	expect(result.stderr).not.toMatch(/\n\s+at /);
	return lines[0]!;
}

const reports = new Map<string, Promise<Report>>();

/**
 * The parsed `--json -` report for these arguments. Spawning the CLI is the slow part of these tests, so each
 * test file runs it once per set of arguments and shares the result between its tests.
 */
export async function reportFor(args: string[]): Promise<Report> {
	const key = args.join('\0');
	let report = reports.get(key);
	if (!report) {
		report = runCliAsync([...args, '--json', '-']).then(result => {
			if (result.code !== 0) throw new Error(`layerscope ${args.join(' ')} --json - exited ${result.code}: ${result.stderr}`);
			return JSON.parse(result.stdout) as Report;
		});
		reports.set(key, report);
	}

	return report;
}

/**
 * For suites that spawn the CLI on real archives: their tests run at the same time (each spawn waits on a child
 * process, not on the processor of this worker), with time to spare on a busy machine. They use no snapshots
 * and no assertion counts, so the global `expect` attributes every failure to its own test.
 */
export const spawnsTheCli = {concurrent: true, timeout: 120_000};
