import {spawnSync} from 'node:child_process';
import {existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {writeAufsRoot} from '../helpers/aufs-root.js';
import {fixture, runCliAsync} from '../helpers/cli.js';
import {makeDockerArchive, sha256, type TarSpec, temporaryDirectory, writeTemporary} from '../helpers/make-tar.js';

/** A file tree as `path → what it is`: type, permission bits, and the sha256 of a file or a link's target. */
function treeOf(root: string): Map<string, string> {
	const tree = new Map<string, string>();
	const walk = (relative: string) => {
		const full = path.join(root, relative);
		const stats = lstatSync(full);
		const mode = (stats.mode & 0o7777).toString(8);
		if (stats.isSymbolicLink()) tree.set(relative, `l ${readlinkSync(full)}`);
		else if (stats.isFile()) tree.set(relative, `f ${mode} ${sha256(readFileSync(full))}`);
		else if (stats.isDirectory()) {
			if (relative !== '') tree.set(relative, `d ${mode}`);
			for (const name of readdirSync(full)) walk(path.join(relative, name));
		} else tree.set(relative, 'special');
	};

	walk('');
	return tree;
}

const tools = ['umoci', 'skopeo'].filter(tool => spawnSync('which', [tool]).status !== 0);
const images = (name: string) => fixture('images', name);

/** Each archive layout, and how skopeo names it, so that umoci can unpack the same image. */
const unpackable = [
	{name: 'demo.docker-legacy.tar', transport: 'docker-archive'},
	{name: 'demo.docker-oci.tar', transport: 'docker-archive'},
	{name: 'demo.docker-containerd.tar', transport: 'docker-archive'},
	{name: 'demo-buildah.podman-docker-archive.tar', transport: 'docker-archive'},
	{name: 'demo-buildah.podman-oci-archive.tar', transport: 'oci-archive'},
	{name: 'demo.oci-zstd.tar', transport: 'oci-archive'},
	{name: 'demo.oci-dir', transport: 'oci'},
	{name: 'demo.containers-dir', transport: 'dir'},
];

/** umoci's unpacked root file system of an archive (converted to an OCI layout by skopeo first). */
function umociRootfs(name: string, transport: string): string {
	const work = temporaryDirectory();
	const run = (command: string, args: string[]) => {
		const result = spawnSync(command, args, {encoding: 'utf8'});
		if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
	};

	run('skopeo', ['copy', '-q', '--dest-compress-format', 'gzip', '--dest-compress', `${transport}:${images(name)}`, `oci:${work}/layout:image`]);
	run('umoci', ['unpack', '--image', `${work}/layout:image`, `${work}/bundle`]);
	return `${work}/bundle/rootfs`;
}

describe.skipIf(tools.length > 0)(`--extract gives umoci unpack's bytes${tools.length > 0 ? ` (skipped: ${tools.join(' and ')} not installed; apt-get install umoci skopeo)` : ''}`, () => {
	it.each(unpackable)('$name: the whole view (-o DIR) and one file (stdout)', async ({name, transport}) => {
		const expected = treeOf(umociRootfs(name, transport));
		const output = path.join(temporaryDirectory(), 'root');
		const whole = await runCliAsync(['--tar', images(name), '--extract', '/', '-o', output]);
		expect(whole.stderr).toBe('layerscope: warning: /app/pipe: a named pipe, not extracted\n');
		expect(whole.code).toBe(0);
		expected.delete('app/pipe');
		expect(treeOf(output)).toEqual(expected);

		const file = await runCliAsync(['--tar', images(name), '--extract', '/app/tool-hardlink']);
		expect(file.code).toBe(0);
		expect(`f 700 ${sha256(file.stdoutBytes)}`).toBe(expected.get('app/tool-hardlink'));
	}, 120_000);
});

const big = Buffer.alloc(3 * 1024 * 1024 + 17, 'layer bytes ');
const layers: TarSpec[][] = [
	[
		{name: 'etc/', type: 'directory'},
		{name: 'etc/conf', content: 'version one\n', mode: 0o640},
		{name: 'etc/big.bin', content: big},
		{name: 'etc/alias', type: 'link', linkname: 'etc/conf'},
		{name: 'etc/shortcut', type: 'symlink', linkname: '../outside'},
		{name: 'gone/', type: 'directory'},
		{name: 'gone/file', content: 'soon deleted'},
		{name: 'dev/', type: 'directory'},
		{name: 'dev/null', type: 'character-device'},
	],
	[
		{name: 'etc/conf', content: 'version two\n', mode: 0o600},
		{name: 'gone/.wh.file'},
	],
];

describe('--extract on archives written here', async () => {
	const plain = writeTemporary('plain.tar', await makeDockerArchive([{layers}]));
	const gzipped = writeTemporary('gzip.tar', await makeDockerArchive([{layers, gzipLayers: true}]));

	describe.each([['uncompressed layers', plain], ['gzip layers', gzipped]])('%s', (_, archive) => {
		it('writes a file as of the last layer, or of --layer N, to stdout', async () => {
			expect((await runCliAsync(['--tar', archive, '--extract', '/etc/conf'])).stdout).toBe('version two\n');
			expect((await runCliAsync(['--tar', archive, '--extract', 'etc/conf', '--layer', '0'])).stdout).toBe('version one\n');
			const large = await runCliAsync(['--tar', archive, '--extract', '/etc/big.bin', '-o', '-']);
			expect(large.stdoutBytes.equals(big)).toBe(true);
		});

		it('writes a hard link as the bytes of its file', async () => {
			expect((await runCliAsync(['--tar', archive, '--extract', '/etc/alias', '--layer', '0'])).stdout).toBe('version one\n');
		});

		it('says when a path was whited out, and where to look instead', async () => {
			const result = await runCliAsync(['--tar', archive, '--extract', '/gone/file']);
			expect(result.stderr).toBe('layerscope: --extract /gone/file: removed by layer 1 (whited out); pick an earlier --layer\n');
			expect(result.code).toBe(2);
			expect((await runCliAsync(['--tar', archive, '--extract', '/gone/file', '--layer', '0'])).stdout).toBe('soon deleted');
		});

		it('writes a directory with its modes and links, skips devices, and stays inside it', async () => {
			const work = temporaryDirectory();
			const result = await runCliAsync(['--tar', archive, '--extract', '/', '-o', `${work}/out`]);
			expect(result.stderr).toBe('layerscope: warning: /dev/null: a character device, not extracted\n');
			expect(result.code).toBe(0);
			const tree = treeOf(`${work}/out`);
			expect(tree.get('etc/conf')).toBe(`f 600 ${sha256('version two\n')}`);
			expect(tree.get('etc/shortcut')).toBe('l ../outside');
			expect(tree.get('gone')).toBe('d 755');
			expect(tree.has('gone/file')).toBe(false);
			expect(existsSync(`${work}/outside`)).toBe(false);
		});

		it('never overwrites: -o FILE that exists is an error naming it, and the file is left alone', async () => {
			const existing = writeTemporary('kept.txt', 'mine');
			const result = await runCliAsync(['--tar', archive, '--extract', '/etc/conf', '-o', existing]);
			expect(result.stderr).toBe(`layerscope: ${existing} already exists; not overwritten\n`);
			expect(result.code).toBe(2);
			expect(readFileSync(existing, 'utf8')).toBe('mine');
		});

		it('puts a directory under its own name into --extract-dir without -o', async () => {
			const work = temporaryDirectory();
			mkdirSync(`${work}/here`);
			const result = await runCliAsync(['--tar', archive, '--extract', '/etc', '--extract-dir', `${work}/here`]);
			expect(result.code).toBe(0);
			expect(readFileSync(`${work}/here/etc/conf`, 'utf8')).toBe('version two\n');
		});
	});

	it('refuses what has no bytes for stdout, and a path the image lacks, in one line each', async () => {
		const cases: Array<[string[], string]> = [
			[['--extract', '/etc'], '--extract /etc: a directory has no bytes to write to stdout; give -o DIR'],
			[['--extract', '/etc', '-o', '-'], '--extract /etc: a directory has no bytes to write to stdout; give -o DIR'],
			[['--extract', '/etc/shortcut'], '--extract /etc/shortcut: a symbolic link to ../outside; extract its target, or give -o FILE to write the link'],
			[['--extract', '/nothing/here'], '--extract /nothing/here: no such path in the image after layer 1'],
			[['--extract', '/etc/conf', '--layer', '7'], '--layer 7: the image has layers 0 to 1'],
			[['--extract', '/etc', '--extract-dir', '/nonexistent-dir'], '--extract-dir /nonexistent-dir: not a directory'],
		];
		for (const [args, message] of cases) {
			const result = await runCliAsync(['--tar', plain, ...args]);
			expect({args, stderr: result.stderr, code: result.code}).toEqual({args, stderr: `layerscope: ${message}\n`, code: 2});
		}
	});

	it('escapes control characters of names from the image in its messages', async () => {
		const archive = writeTemporary('esc.tar', await makeDockerArchive([{layers: [[{name: 'dir\u001B[31m/', type: 'directory'}]]}]));
		const result = await runCliAsync(['--tar', archive, '--extract', '/dir\u001B[31m']);
		expect(result.stderr).toBe('layerscope: --extract /dir\\x1b[31m: a directory has no bytes to write to stdout; give -o DIR\n');
	});

	it('goes first among the modes: CI=true does not turn --extract into the gate', async () => {
		const result = await runCliAsync(['--tar', plain, '--extract', '/etc/conf'], {env: {CI: 'true'}});
		expect(result.stdout).toBe('version two\n');
	});
});

describe('--extract on an image of a storage root (files read in place from the driver directories)', {timeout: 120_000}, async () => {
	const root = path.join(temporaryDirectory(), 'docker');
	const base: TarSpec[] = [{name: 'etc', type: 'directory'}, {name: 'etc/passwd', content: 'root:x:0:0\n'}];
	await writeAufsRoot(root, [{tags: ['old/app:1'], layers: [base, [{name: 'etc/passwd', content: 'root:x:0:0\napp:x:1:1\n'}]]}]);

	it('gives each layer\'s bytes, as the archive would', async () => {
		expect((await runCliAsync(['--root', root, 'old/app:1', '--extract', '/etc/passwd'])).stdout).toBe('root:x:0:0\napp:x:1:1\n');
		expect((await runCliAsync(['--root', root, 'old/app:1', '--extract', '/etc/passwd', '--layer', '0'])).stdout).toBe('root:x:0:0\n');
	});
});
