import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** Which layerscope was measured: the commit, and source files that differed from it when the bench ran. */
export type SourceVersion = {commit?: string; uncommitted: string[]};

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** Read-only git queries; without git (an unpacked tarball) the version is simply unknown. */
export function sourceVersion(): SourceVersion {
	try {
		const git = (...args: string[]) => execFileSync('git', args, {cwd: projectRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']});
		const commit = git('rev-parse', '--short', 'HEAD').trim();
		const uncommitted = git('status', '--porcelain', '--', 'source', 'cli.tsx').split('\n').filter(Boolean).map(line => line.slice(3));
		return {commit, uncommitted};
	} catch {
		return {uncommitted: []};
	}
}
