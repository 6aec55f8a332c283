import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseDriverReport} from './driver-report.js';
import {type Command, type Planned} from './measure.js';
import {findExecutable} from './tools.js';

/** This file runs from dist/test/bench/, so dist/ is two levels up. */
const benchDirectory = path.dirname(fileURLToPath(import.meta.url));
const distDirectory = path.resolve(benchDirectory, '../..');
export const cliPath = path.join(distDirectory, 'cli.js');
export const driverPath = path.join(benchDirectory, 'analyse-driver.js');

/** CI=true would switch the CLI into its gate mode, whatever else is asked. */
function cliEnvironment(): NodeJS.ProcessEnv {
	const env = {...process.env};
	delete env['CI'];
	return env;
}

/**
 * layerscope as a user runs it: the built CLI, its peak RSS taken by /usr/bin/time. Without GNU time, the
 * in-process driver instead, which reports its own peak RSS.
 */
export function layerscope(id: string, label: string, archive: string, mode: 'json' | 'list'): Command {
	if (findExecutable('/usr/bin/time')) {
		const args = mode === 'json' ? [cliPath, '--tar', archive, '--json', '/dev/null'] : [cliPath, '--tar', archive, '--list'];
		return {id, label, program: process.execPath, args, env: cliEnvironment()};
	}

	return layerscopeDriver(id, label, archive, mode === 'list' ? ['--list'] : []);
}

export function layerscopeDriver(id: string, label: string, archive: string, flags: string[], nodeFlags: string[] = []): Command {
	return {
		id, label, program: process.execPath, args: [...nodeFlags, driverPath, archive, ...flags], env: cliEnvironment(),
		selfReportedRssKiB: stdout => parseDriverReport(stdout)?.maxRssKiB,
	};
}

/** A system tool, or a skipped row saying which tool is missing. */
export function tool(id: string, label: string, name: string, args: string[]): Planned {
	const program = findExecutable(name);
	return program ? {id, label, program, args} : {id, label, skipped: `${name} not found on PATH`};
}

/** GNU tar listing the entries of every layer: it has to read each layer in full, as layerscope does. */
export function tarListEveryLayer(id: string, label: string, archive: string, layerMembers: string[]): Planned {
	const shell = findExecutable('sh');
	const tar = findExecutable('tar');
	if (!shell || !tar) return {id, label, skipped: `${shell ? 'tar' : 'sh'} not found on PATH`};
	const script = 'archive=$1; shift; for layer in "$@"; do "$TAR" -xOf "$archive" "$layer" | "$TAR" -tvf - || exit 1; done';
	return {id, label, program: shell, args: ['-c', script, 'sh', archive, ...layerMembers], env: {...process.env, TAR: tar}};
}
