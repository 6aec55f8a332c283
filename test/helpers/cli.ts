import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const fixture = (...parts: string[]) => path.join(projectRoot, 'test', 'fixtures', ...parts);
const cliPath = path.join(projectRoot, 'dist', 'cli.js');

/** `stdout` decoded as UTF-8 for reading; `stdoutBytes` as written, for output that is binary (the `--list` TSV). */
export type CliResult = {code: number; stdout: string; stderr: string; stdoutBytes: Buffer};

/** Runs the built CLI as a user would, without CI in the environment unless the test sets it. */
export function runCli(args: string[], options: {env?: Record<string, string | undefined>; input?: Buffer} = {}): CliResult {
	const env: Record<string, string | undefined> = {...process.env, CI: undefined, GITHUB_ACTIONS: undefined, ...options.env};
	for (const key of Object.keys(env)) if (env[key] === undefined) delete env[key];
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		env: env as NodeJS.ProcessEnv, input: options.input ?? Buffer.alloc(0), maxBuffer: 256 * 1024 * 1024, timeout: 60_000,
	});
	return {
		code: result.status ?? -1, stdout: result.stdout.toString('utf8'), stderr: result.stderr.toString('utf8'), stdoutBytes: result.stdout,
	};
}
