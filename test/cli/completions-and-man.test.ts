import {spawnSync} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {flagTable, longFlag} from '../../source/command-line/flag-table.js';
import {manPage} from '../../source/command-line/man-page.js';
import {fixture, projectRoot, runCli} from '../helpers/cli.js';
import {temporaryDirectory, writeTemporary} from '../helpers/make-tar.js';
import {expectOneLineError} from '../helpers/report.js';
import {hasTmux, privateTmux} from '../helpers/tmux.js';

const has = (command: string) => spawnSync(command, ['--version']).status === 0;
const manFile = path.join(projectRoot, 'man', 'layerscope.1');

/** The script `layerscope completion SHELL` prints, in a file a shell can source. */
function completionFile(shell: string): string {
	const result = runCli(['completion', shell]);
	expect(result).toMatchObject({code: 0, stderr: ''});
	return writeTemporary(`layerscope.${shell}`, result.stdout);
}

describe('layerscope completion bash|zsh|fish', {timeout: 60_000}, () => {
	it('bash completes flags, values by kind, and the subcommand\'s shells', () => {
		const script = completionFile('bash');
		const complete = (...words: string[]) => spawnSync('bash', ['-c', `source '${script}'; COMP_WORDS=(${words.map(word => `'${word}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _layerscope; printf '%s\\n' "\${COMPREPLY[@]}"`], {
			cwd: fixture('images'), encoding: 'utf8',
		}).stdout.trim().split('\n');
		expect(complete('layerscope', '--ta')).toEqual(['--tar']);
		expect(complete('layerscope', '--no-c')).toEqual(['--no-ci', '--no-color']);
		expect(complete('layerscope', '--root', 'demo.o')).toEqual(['demo.oci-dir']);
		expect(complete('layerscope', '--tar', 'demo.oci-').sort()).toEqual(['demo.oci-dir', 'demo.oci-zstd.tar']);
		expect(complete('layerscope', 'completion', '')).toEqual(['bash', 'zsh', 'fish']);
		expect(complete('layerscope', '--')).toHaveLength(new Set(flagTable.flatMap(row => [longFlag(row), ...(row.negatable ? [longFlag(row).replace('--', '--no-')] : [])])).size);
	});

	it.skipIf(!has('fish'))('fish completes flags with their descriptions and the shells', () => {
		const script = completionFile('fish');
		const complete = (line: string) => spawnSync('fish', ['--no-config', '-c', `source '${script}'; complete -C'${line}'`], {encoding: 'utf8'}).stdout;
		expect(complete('layerscope --ta')).toBe('--tar\ta docker/podman save archive (plain, gzip or zstd), an OCI layout directory, or - for stdin\n');
		expect(complete('layerscope completion ').split('\n').filter(Boolean).sort()).toEqual(['bash', 'fish', 'zsh']);
	});

	it.skipIf(!has('zsh') || !hasTmux)('zsh completes a flag on Tab in a real shell (tmux)', async () => {
		const script = completionFile('zsh');
		expect(spawnSync('zsh', ['-n', script]).status).toBe(0);
		const terminal = privateTmux();
		try {
			terminal.startShell('zsh -f');
			terminal.keys(`autoload -U compinit && compinit -u -d '${temporaryDirectory()}/zcompdump' && source '${script}' && echo loaded`, 'Enter');
			await terminal.waitFor(text => text.includes('\nloaded'), 'the script to load');
			terminal.keys('layerscope --highest-wa', 'Tab');
			await terminal.waitFor(text => text.includes('layerscope --highest-wasted-bytes'), 'the flag completed');
		} finally {
			terminal.close();
		}
	});

	it('an unknown shell is one line; "completion" with anything else is an image reference', () => {
		expect(expectOneLineError(runCli(['completion', 'tcsh']))).toBe('layerscope: completion tcsh: no such shell: choose bash, zsh or fish');
		const root = temporaryDirectory();
		expect(expectOneLineError(runCli(['--root', root, 'completion']))).toContain(`${root}: neither a Docker data root`);
	});
});

describe('the man page', () => {
	it('is what the flag table makes, and names every flag', () => {
		expect(readFileSync(manFile, 'utf8')).toBe(manPage());
		for (const row of flagTable) expect(manPage()).toContain(longFlag(row).replaceAll('-', '\\-'));
	});

	it.skipIf(!has('groff'))('renders without a warning, with every flag and the exit status', () => {
		const result = spawnSync('groff', ['-man', '-Tutf8', '-ww', '-rLL=100n', manFile], {encoding: 'utf8', env: {...process.env, GROFF_NO_SGR: '1'}});
		expect(result.stderr).toBe('');
		const text = result.stdout.replaceAll(/.\u0008/g, '').replaceAll('‐', '-');
		for (const row of flagTable) expect(text).toContain(longFlag(row));
		expect(text).toContain('EXIT STATUS');
	});

	it('ships in the package with the CLI (npm pack)', () => {
		const result = spawnSync('npm', ['pack', '--dry-run', '--json'], {cwd: projectRoot, encoding: 'utf8'});
		expect(result.status, result.stderr).toBe(0);
		const files = (JSON.parse(result.stdout) as Array<{files: Array<{path: string}>}>)[0]!.files.map(file => file.path);
		expect(files).toContain('man/layerscope.1');
		expect(files).toContain('dist/cli.js');
		const manifest = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {man: string[]};
		expect(manifest.man).toEqual(['man/layerscope.1']);
	});
});
