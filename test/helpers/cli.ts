import {spawn, spawnSync} from 'node:child_process';
import {availableParallelism} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (...parts: string[]) => path.join(projectRoot, 'test', 'fixtures', ...parts);
const cliPath = path.join(projectRoot, 'dist', 'cli.js');
const timeout = 60_000;

/** `stdout` decoded as UTF-8 for reading; `stdoutBytes` as written, for output that is binary (the `--list` TSV). */
export type CliResult = {code: number; stdout: string; stderr: string; stdoutBytes: Buffer};

/** `cwd`: the working directory, where the gate looks for its config file (default: the project root). */
export type CliOptions = {env?: Record<string, string | undefined>; input?: Buffer; cwd?: string};

/** Runs the built CLI as a user would, without CI in the environment unless the test sets it. */
export function runCli(args: string[], options: CliOptions = {}): CliResult {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		cwd: options.cwd, env: cliEnvironment(options), input: options.input ?? Buffer.alloc(0), maxBuffer: 256 * 1024 * 1024, timeout,
	});
	return cliResult(result.status ?? -1, result.stdout, result.stderr);
}

/** `runCli` without blocking, so that tests can run the CLI on several archives at once. */
export async function runCliAsync(args: string[], options: CliOptions = {}): Promise<CliResult> {
	await runSlots.take();
	try {
		const child = spawn(process.execPath, [cliPath, ...args], {cwd: options.cwd, env: cliEnvironment(options), timeout});
		const stdout: Buffer[] = [];
		const stderr: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
		child.stdin.on('error', () => {}); // the CLI may exit (say, on a usage error) before it reads all its input
		child.stdin.end(options.input ?? Buffer.alloc(0));
		const code = await new Promise<number>((resolve, reject) => {
			child.on('error', reject);
			child.on('close', status => resolve(status ?? -1));
		});
		return cliResult(code, Buffer.concat(stdout), Buffer.concat(stderr));
	} finally {
		runSlots.give();
	}
}

function cliEnvironment(options: CliOptions): NodeJS.ProcessEnv {
	const env: Record<string, string | undefined> = {...process.env, CI: undefined, GITHUB_ACTIONS: undefined, ...options.env};
	for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
	return env as NodeJS.ProcessEnv;
}

function cliResult(code: number, stdout: Buffer, stderr: Buffer): CliResult {
	return {code, stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), stdoutBytes: stdout};
}

/** At most one CLI per processor at a time: more only makes each run slower. */
const runSlots = (() => {
	let free = Math.max(2, availableParallelism());
	const waiting: Array<() => void> = [];
	return {
		async take(): Promise<void> {
			if (free > 0) free--;
			else await new Promise<void>(resolve => waiting.push(resolve));
		},
		give(): void {
			const next = waiting.shift();
			if (next) next();
			else free++;
		},
	};
})();
