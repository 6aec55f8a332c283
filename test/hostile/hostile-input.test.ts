/**
 * Hostile input, made here in code: each case is a few bytes to a few megabytes built to hang layerscope, exhaust
 * its memory or disk, make it read outside its input, or reach the terminal with escapes. The built CLI runs on
 * each with a memory cap, a time cap (the helper's 60 s: a hang fails the test) and a private temporary directory;
 * it must refuse with one line naming the file and the problem (exit 2), or report with a warning, and leave
 * nothing behind.
 */
import {spawn, spawnSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {afterAll, describe, expect, it} from 'vitest';
import {writeAufsRoot} from '../helpers/aufs-root.js';
import {type CliResult, fixture, projectRoot, runCliAsync} from '../helpers/cli.js';
import {makeBolt} from '../helpers/make-bolt.js';
import {makeDockerArchive, makeTar, sha256, temporaryDirectory} from '../helpers/make-tar.js';
import {expectOneLineError} from '../helpers/report.js';

/** A temporary directory of one run's own, so that what it leaves behind is its own. */
function privateTemporary(): string {
	const directory = mkdtempSync(path.join(tmpdir(), 'layerscope-hostile-tmp-'));
	directories.push(directory);
	return directory;
}

const directories: string[] = [];
afterAll(() => {
	for (const directory of directories) rmSync(directory, {recursive: true, force: true});
});

/** The CLI under a 768 MB heap (a bomb must end in our error, not in the machine's memory) and its own TMPDIR. */
async function run(args: string[], options: {cwd?: string; env?: Record<string, string>} = {}): Promise<CliResult> {
	const temporary = privateTemporary();
	const env = {NODE_OPTIONS: '--max-old-space-size=768', TMPDIR: temporary, ...options.env};
	const result = await runCliAsync(args, {env, ...(options.cwd ? {cwd: options.cwd} : {})});
	expectNoControlBytes(result, args.includes('--list'));
	expect(readdirSync(temporary), 'files left in the temporary directory').toEqual([]);
	return result;
}

/**
 * ESC, BEL, C1 controls (as bytes or as UTF-8): nothing that can drive a terminal, on either stream. The listing
 * keeps its documented byte format (bytes below 0x20, 0x7f and `\` escaped), so a UTF-8 C1 in a name stays there.
 */
function expectNoControlBytes(result: CliResult, listing = false): void {
	for (const [name, text] of [['stdout', result.stdout], ['stderr', result.stderr]] as const) {
		const controls = listing && name === 'stdout' ? /[\u0007\u001b\u007f]/ : /[\u0007\u001b\u007f-\u009f]/;
		expect(text, `${name} holds a control character`).not.toMatch(controls);
	}
}

function refused(result: CliResult, problem: RegExp): string {
	const line = expectOneLineError(result);
	expect(line).toMatch(/^layerscope: /);
	expect(line).toMatch(problem);
	return line;
}

function writeFile(file: string, data: string | Buffer): string {
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, data);
	return file;
}

function makeFifo(file: string): string {
	mkdirSync(path.dirname(file), {recursive: true});
	rmSync(file, {force: true});
	expect(spawnSync('mkfifo', [file]).status).toBe(0);
	return file;
}

/** A docker save archive whose config is the given document. */
async function archiveWithConfig(config: unknown): Promise<string> {
	const layer = await makeTar([{name: 'hello', content: 'hi'}]);
	const configText = JSON.stringify(config);
	const tar = await makeTar([
		{name: 'layer/layer.tar', content: layer}, {name: 'config.json', content: configText},
		{name: 'manifest.json', content: JSON.stringify([{Config: 'config.json', RepoTags: ['hostile:1'], Layers: ['layer/layer.tar']}])},
	]);
	return writeFile(path.join(temporaryDirectory(), 'config.tar'), tar);
}

const goodConfig = (diffId: string) => ({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: [diffId]}, history: [{created_by: 'RUN x'}]});
const helloDiffId = async () => `sha256:${sha256(await makeTar([{name: 'hello', content: 'hi'}]))}`;

describe('hostile archives', {concurrent: true, timeout: 60_000}, () => {
	it('an OCI layout whose blob is a symlink out of it: refused without reading the target', async () => {
		const secret = writeFile(path.join(temporaryDirectory(), 'secret.txt'), 'TOPSECRET contents of a file outside the layout');
		const layout = path.join(temporaryDirectory(), 'layout');
		writeFile(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
		const digest = 'a'.repeat(64);
		mkdirSync(path.join(layout, 'blobs/sha256'), {recursive: true});
		symlinkSync(secret, path.join(layout, 'blobs/sha256', digest));
		writeFile(path.join(layout, 'index.json'), JSON.stringify({schemaVersion: 2, manifests: [{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${digest}`, size: 10}]}));
		const result = await run(['--tar', layout, '--list']);
		const line = refused(result, /symbolic link/);
		expect(line).not.toContain('TOPSECRET');
	});

	it('a FIFO with no writer as --tar: refused after a bounded wait, not a hang', async () => {
		const fifo = makeFifo(path.join(temporaryDirectory(), 'pipe'));
		refused(await run(['--tar', fifo, '--list']), /nothing arrived in 10 s/);
	});

	it('a pipe with an archive in it as --tar (process substitution): read like standard input', async () => {
		const fifo = makeFifo(path.join(temporaryDirectory(), 'pipe'));
		const writer = spawn('sh', ['-c', `cat '${fixture('images', 'demo.docker-legacy.tar')}' > '${fifo}'`]);
		const result = await run(['--tar', fifo, '--list']);
		writer.kill();
		expect(result.code, result.stderr).toBe(0);
		expect(result.stdout).toMatch(/^#path\t/);
	});

	it('endless standard input: the spool stops at --spool-limit and is removed', async () => {
		const input = Buffer.concat([readFileSync(fixture('images', 'demo.docker-legacy.tar')).subarray(0, 512), Buffer.alloc(3_000_000, 7)]);
		const temporary = privateTemporary();
		const result = await runCliAsync(['--tar', '-', '--list', '--spool-limit', '1MB'], {input, env: {TMPDIR: temporary}});
		refused(result, /standard input: more than 1000000 bytes to spool, the limit \(--spool-limit\)/);
		expect(readdirSync(temporary)).toEqual([]);
	});

	it('a gzip bomb (3 GB of zeros in 13 MB): stopped by ratio before it fills the disk', async () => {
		const zeros = Buffer.alloc(64 * 1024 * 1024);
		const member = Buffer.concat(Array.from({length: 4}, () => gzipSync(zeros, {level: 1})));
		const bomb = writeFile(path.join(temporaryDirectory(), 'bomb.tar.gz'), Buffer.concat(Array.from({length: 12}, () => member)));
		refused(await run(['--tar', bomb, '--list']), /decompression bomb/);
	});

	it('one layer listed 3,000 times: refused before any is read', async () => {
		const layer = await makeTar([{name: 'big', content: 'x'.repeat(100_000)}]);
		const diffId = `sha256:${sha256(layer)}`;
		const config = JSON.stringify({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: Array.from({length: 3000}, () => diffId)}});
		const tar = await makeTar([
			{name: 'layer/layer.tar', content: layer}, {name: 'config.json', content: config},
			{name: 'manifest.json', content: JSON.stringify([{Config: 'config.json', RepoTags: ['many:1'], Layers: Array.from({length: 3000}, () => 'layer/layer.tar')}])},
		]);
		refused(await run(['--tar', writeFile(path.join(temporaryDirectory(), 'many.tar'), tar), '--json', '-']), /3000 layers, more than the 1000/);
	});

	it('one gzip layer of a 64 MB file listed 400 times: read once, not 400 times', async () => {
		const layer = gzipSync(await makeTar([{name: 'zeros', content: Buffer.alloc(64 * 1024 * 1024)}]), {level: 1});
		const diffId = `sha256:${sha256(await makeTar([{name: 'zeros', content: Buffer.alloc(64 * 1024 * 1024)}]))}`;
		const config = JSON.stringify({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: Array.from({length: 400}, () => diffId)}});
		const tar = await makeTar([
			{name: 'layer/layer.tar', content: layer}, {name: 'config.json', content: config},
			{name: 'manifest.json', content: JSON.stringify([{Config: 'config.json', RepoTags: ['repeated:1'], Layers: Array.from({length: 400}, () => 'layer/layer.tar')}])},
		]);
		const result = await run(['--tar', writeFile(path.join(temporaryDirectory(), 'repeated.tar'), tar), '--json', '-']);
		expect(result.code, result.stderr).toBe(0);
		const report = JSON.parse(result.stdout) as {layers: unknown[]; metrics: {layerscope: {storedBytes: number; metadataOnlyBytes: number}}};
		expect(report.layers).toHaveLength(400);
		expect(report.metrics.layerscope).toMatchObject({storedBytes: 400 * 64 * 1024 * 1024, metadataOnlyBytes: 399 * 64 * 1024 * 1024});
	});

	it('OCI indexes that name one another over and over: the walk has a budget', async () => {
		const layout = path.join(temporaryDirectory(), 'fanout');
		writeFile(path.join(layout, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}');
		const config = JSON.stringify({architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: []}});
		writeFile(path.join(layout, 'blobs/sha256', sha256(config)), config);
		const manifest = JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length}, layers: []});
		writeFile(path.join(layout, 'blobs/sha256', sha256(manifest)), manifest);
		let child = {mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256(manifest)}`, size: manifest.length};
		for (let level = 0; level < 4; level++) {
			const index = JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: Array.from({length: 255}, () => child)});
			const digest = sha256(index);
			writeFile(path.join(layout, 'blobs/sha256', digest), index);
			child = {mediaType: 'application/vnd.oci.image.index.v1+json', digest: `sha256:${digest}`, size: index.length};
		}

		writeFile(path.join(layout, 'index.json'), JSON.stringify({schemaVersion: 2, manifests: [child, null, 7]}));
		refused(await run(['--tar', layout, '--list']), /more than 10000 manifests and indexes/);
	});

	it.each([
		['a null rootfs', {rootfs: null}, /rootfs is not an object/],
		['a history that is not a list', {history: 'RUN x'}, /history is not a list/],
		['a numeric created_by', {history: [{created_by: 7}]}, /history\[0\]\.created_by is not a string/],
		['a numeric created', {created: 1_700_000_000}, /created is not a string/],
		['labels nested deep', {config: {Labels: {a: {b: {c: 'd'}}}}}, /config\.Labels is not a map of strings/],
	])('a config with %s: one line naming the config and the field', async (_name, change, problem) => {
		const archive = await archiveWithConfig({...goodConfig(await helloDiffId()), ...change});
		refused(await run(['--tar', archive, '--json', '-']), new RegExp(`config\\.json is not an image config: ${problem.source}`));
	});

	it('a path 10,000 names deep: skipped with a warning, not a stack overflow', async () => {
		const deep = `${Array.from({length: 10_000}, () => 'd').join('/')}/f`;
		const archive = writeFile(path.join(temporaryDirectory(), 'deep.tar'), await makeDockerArchive([{tags: ['deep:1'], layers: [[{name: deep, content: 'x'}, {name: 'ok', content: 'y'}]]}]));
		const result = await run(['--tar', archive, '--json', '-']);
		expect(result.code, result.stderr).toBe(0);
		const report = JSON.parse(result.stdout) as {warnings: string[]; metrics: {layerscope: {storedBytes: number}}};
		expect(report.warnings).toEqual([expect.stringMatching(/entry skipped: a path of 20001 bytes, longer than any file system resolves/)]);
		expect(report.metrics.layerscope.storedBytes).toBe(1);
	});
});

describe('escapes in image metadata', {concurrent: true, timeout: 60_000}, () => {
	const evil = 'x\u001b[2J\u001b]0;owned\u0007\u009b31m\u0085';
	async function evilArchive(): Promise<string> {
		const layer = await makeTar([{name: `file${evil}`, content: 'hi'}]);
		const config = {
			architecture: `amd64${evil}`, os: `linux${evil}`, variant: `v8${evil}`, created: `2026${evil}`, author: evil,
			config: {Labels: {[`label${evil}`]: evil}, Env: [`A=${evil}`], Cmd: [evil]},
			rootfs: {type: 'layers', diff_ids: [`sha256:${sha256(layer)}`]},
			history: [{created_by: `RUN echo ${evil}`, comment: evil, created: evil}],
		};
		const tar = await makeTar([
			{name: 'layer/layer.tar', content: layer}, {name: 'config.json', content: JSON.stringify(config)},
			{name: 'manifest.json', content: JSON.stringify([{Config: 'config.json', RepoTags: [`evil${evil}:1`], Layers: ['layer/layer.tar']}])},
		]);
		return writeFile(path.join(temporaryDirectory(), 'evil.tar'), tar);
	}

	it.each([
		['the text summary', [], {}],
		['the JSON report', ['--json', '-'], {}],
		['the listing', ['--list'], {}],
		['the gate with its annotations', ['--ci'], {GITHUB_ACTIONS: 'true'}],
		['the gate\'s JUnit on stdout', ['--ci', '--junit', '-'], {}],
		['the gate\'s Markdown on stdout', ['--ci', '--markdown', '-'], {}],
	] as Array<[string, string[], Record<string, string>]>)('reach no terminal through %s', async (_face, args, env) => {
		const result = await run(['--tar', await evilArchive(), ...args], {env: {CI: 'false', ...env}});
		expect(result.code, result.stderr).toBeLessThan(2);
		expect(result.stdout.length).toBeGreaterThan(0);
	});
});

describe('hostile gate configuration', {concurrent: true, timeout: 60_000}, () => {
	const demo = fixture('images', 'demo.docker-legacy.tar');

	it('.layerscope-ci.yml as a symlink to /dev/zero in the working directory: refused, not read', async () => {
		const directory = temporaryDirectory();
		symlinkSync('/dev/zero', path.join(directory, '.layerscope-ci.yml'));
		refused(await run(['--tar', demo], {cwd: directory, env: {CI: 'true'}}), /\.layerscope-ci\.yml: the CI config is not a regular file/);
	});

	it.each(['--ci-config', '--baseline'])('a FIFO as %s: refused, not a hang', async flag => {
		const fifo = makeFifo(path.join(temporaryDirectory(), 'rules.yml'));
		refused(await run(['--tar', demo, '--ci', flag, fifo]), /is not a regular file/);
	});

	it('a glob of many ** against a deep path ends at once (no backtracking)', async () => {
		const names = Array.from({length: 60}, (_, index) => `n${index}`).join('/');
		const archive = writeFile(path.join(temporaryDirectory(), 'deep.tar'), await makeDockerArchive([{tags: ['deep:1'], layers: [[{name: `${names}/file`, content: 'x'}]]}]));
		const glob = `${'/**'.repeat(30)}/nothing-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*-*x`;
		const result = await run(['--tar', archive, '--ci', '--lowest-efficiency', '0', '--forbidden-paths', glob]);
		expect(result.code, result.stderr).toBe(0);
	});

	it('a brace bomb: refused with one line', async () => {
		const bomb = '/{a,b}'.repeat(20);
		refused(await run(['--tar', demo, '--ci', '--forbidden-paths', bomb]), /braces make more than 256 patterns/);
	});
});

describe('hostile storage roots', {concurrent: true, timeout: 60_000}, () => {
	const image = {tags: ['hostile/app:1'], layers: [[{name: 'etc', type: 'directory' as const}, {name: 'etc/passwd', content: 'root:x:0:0\n'}]]};

	async function dockerRoot(): Promise<{root: string; layerDb: string}> {
		const root = path.join(temporaryDirectory(), 'docker');
		await writeAufsRoot(root, [image]);
		const layerDb = path.join(root, 'image/aufs/layerdb/sha256', readdirSync(path.join(root, 'image/aufs/layerdb/sha256')).find(name => name !== 'mounts')!);
		return {root, layerDb};
	}

	it('a FIFO where repositories.json belongs: refused, not a hang', async () => {
		const {root} = await dockerRoot();
		makeFifo(path.join(root, 'image/aufs/repositories.json'));
		refused(await run(['--root', root]), /repositories\.json: not a regular file/);
	});

	it('a FIFO where a tar-split belongs: refused, not a hang', async () => {
		const {root, layerDb} = await dockerRoot();
		makeFifo(path.join(layerDb, 'tar-split.json.gz'));
		refused(await run(['--root', root, 'hostile/app:1', '--list']), /tar-split\.json\.gz: not a regular file/);
	});

	it('a tar-split entry claiming 1e300 bytes: refused, not an endless loop', async () => {
		const {root, layerDb} = await dockerRoot();
		writeFileSync(path.join(layerDb, 'tar-split.json.gz'), gzipSync('{"type":1,"name":"f","size":1e300,"payload":null,"position":0}\n'));
		refused(await run(['--root', root, 'hostile/app:1', '--list']), /a file entry has the size 1e\+300, not a byte count/);
	});

	it('a tar-split gzip bomb: refused by ratio before it is inflated', async () => {
		const {root, layerDb} = await dockerRoot();
		const line = Buffer.from(`${JSON.stringify({type: 2, payload: 'A'.repeat(700), position: 0})}\n`);
		const bomb = gzipSync(Buffer.concat(Array.from({length: 600_000}, () => line)), {level: 9});
		writeFileSync(path.join(layerDb, 'tar-split.json.gz'), bomb);
		refused(await run(['--root', root, 'hostile/app:1', '--list']), /decompression bomb/);
	});

	it('a cache-id that climbs out of the root: refused with one line', async () => {
		const {root, layerDb} = await dockerRoot();
		writeFileSync(path.join(layerDb, 'cache-id'), '../../../../etc');
		refused(await run(['--root', root, 'hostile/app:1', '--list']), /leads out of the root/);
	});

	it('a sparse metadata file of several GB: refused by size, never read', async () => {
		const {root, layerDb} = await dockerRoot();
		expect(spawnSync('truncate', ['-s', '6G', path.join(layerDb, 'cache-id')]).status).toBe(0);
		refused(await run(['--root', root]), /cache-id: \d+ bytes, more than the 256 MiB/);
	});

	it('a containerd meta.db whose branch pages share their children: refused, not exponential', async () => {
		const root = path.join(temporaryDirectory(), 'containerd');
		const leaves: Record<string, string> = {};
		for (let index = 0; index < 4000; index++) leaves[`key-${String(index).padStart(5, '0')}`] = 'v';
		const database = Buffer.from(makeBolt({v1: leaves}, {pageSize: 4096}));
		sharePages(database, 4096);
		writeFile(path.join(root, 'io.containerd.metadata.v1.bolt/meta.db'), database);
		mkdirSync(path.join(root, 'io.containerd.content.v1.content/blobs/sha256'), {recursive: true});
		refused(await run(['--root', root]), /meta\.db.*(reached twice|point at one another)/);
	});
});

/** Points every child of every branch page at the first branch's first child: a DAG a depth guard alone allows. */
function sharePages(database: Buffer, pageSize: number): void {
	let shared: bigint | undefined;
	for (let offset = 2 * pageSize; offset + 16 <= database.length; offset += pageSize) {
		const isBranch = (database.readUInt16LE(offset + 8) & 0x01) !== 0;
		if (!isBranch || database.readBigUInt64LE(offset) !== BigInt(offset / pageSize)) continue;
		const count = database.readUInt16LE(offset + 10);
		for (let element = 0; element < count; element++) {
			const at = offset + 16 + (element * 16) + 8;
			shared ??= database.readBigUInt64LE(at);
			database.writeBigUInt64LE(shared, at);
		}
	}

	expect(shared, 'the database has a branch page to share').toBeDefined();
}

describe('the spool of standard input', {timeout: 60_000}, () => {
	it.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('is removed when %s stops layerscope mid-read', async signal => {
		const temporary = privateTemporary();
		const child = spawn(process.execPath, [path.join(projectRoot, 'dist/cli.js'), '--tar', '-', '--list'], {env: {...process.env, TMPDIR: temporary}});
		child.stdin.on('error', () => {});
		const header = readFileSync(fixture('images', 'demo.docker-legacy.tar')).subarray(0, 512);
		child.stdin.write(header);
		const spoolStarted = Date.now();
		while (readdirSync(temporary).length === 0 && Date.now() - spoolStarted < 20_000) await new Promise(resolve => setTimeout(resolve, 50));
		expect(readdirSync(temporary)).toHaveLength(1);
		const exited = new Promise<NodeJS.Signals | null>(resolve => child.on('exit', (_code, received) => resolve(received)));
		child.kill(signal);
		expect(await exited).toBe(signal);
		expect(readdirSync(temporary)).toEqual([]);
	});
});
