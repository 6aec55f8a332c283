import {writeFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {makeDockerArchive, makeTar, writeTemporary} from '../helpers/make-tar.js';

/** Every bad input ends in exactly one line on stderr, naming the file, and exit code 2: never a stack trace. */
function expectOneLineError(result: {code: number; stderr: string}, pattern: RegExp) {
	expect(result.code).toBe(2);
	const lines = result.stderr.trimEnd().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(pattern);
	expect(result.stderr).not.toMatch(/\n\s+at /);
}

const image = {tags: ['demo:1'], layers: [[{name: 'etc/', type: 'directory' as const}, {name: 'etc/hostname', content: 'box\n'}]]};

describe('bad input', () => {
	it('a missing file', () => {
		expectOneLineError(runCli(['--tar', '/nonexistent/image.tar']), /\/nonexistent\/image\.tar: no such file/);
	});

	it('an empty file', () => {
		const file = writeTemporary('empty.tar', '');
		expectOneLineError(runCli(['--tar', file]), /empty\.tar: empty file/);
	});

	it('a file that is not an archive', () => {
		const file = writeTemporary('notes.txt', 'just some text, not a tar at all\n'.repeat(40));
		expectOneLineError(runCli(['--tar', file]), /notes\.txt: not an image archive/);
	});

	it('a truncated archive', async () => {
		const archive = await makeDockerArchive([image]);
		const file = writeTemporary('cut.tar', archive.subarray(0, 1200));
		expectOneLineError(runCli(['--tar', file]), /cut\.tar: truncated/);
	});

	it('bad gzip', async () => {
		const archive = gzipSync(await makeDockerArchive([image]));
		archive.fill(0x33, 30, 200);
		const file = writeTemporary('bad.tar.gz', archive);
		expectOneLineError(runCli(['--tar', file]), /bad\.tar\.gz: .*(gzip|truncated|invalid)/i);
	});

	it('a manifest naming a layer the archive lacks', async () => {
		const archive = await makeTar([
			{name: 'manifest.json', content: JSON.stringify([{Config: 'c.json', RepoTags: ['x:1'], Layers: ['abc/layer.tar']}])},
			{name: 'c.json', content: JSON.stringify({rootfs: {type: 'layers', diff_ids: ['sha256:' + 'a'.repeat(64)]}})},
		]);
		const file = writeTemporary('missing.tar', archive);
		expectOneLineError(runCli(['--tar', file]), /missing\.tar: layer 0 \(abc\/layer\.tar\) is missing from the archive/);
	});

	it('invalid JSON in the manifest', async () => {
		const file = writeTemporary('badjson.tar', await makeTar([{name: 'manifest.json', content: '[{"Config": '}]));
		expectOneLineError(runCli(['--tar', file]), /badjson\.tar: manifest\.json is not valid JSON/);
	});

	it('a tar without any image in it', async () => {
		const file = writeTemporary('plain.tar', await makeTar([{name: 'hello.txt', content: 'hi'}]));
		expectOneLineError(runCli(['--tar', file]), /plain\.tar: not a docker save or OCI archive/);
	});

	it('a layer whose header claims a huge size', async () => {
		const layer = Buffer.from(await makeTar([{name: 'big', content: 'x'}]));
		// Rewrite the size field to claim 8 GiB (octal), and fix the checksum.
		layer.write('77777777777\0', 124, 'latin1');
		layer.fill(0x20, 148, 156);
		let sum = 0;
		for (let i = 0; i < 512; i++) sum += layer[i]!;
		layer.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
		const archive = await makeTar([
			{name: 'manifest.json', content: JSON.stringify([{Config: 'c.json', RepoTags: ['x:1'], Layers: ['l/layer.tar']}])},
			{name: 'c.json', content: JSON.stringify({rootfs: {type: 'layers', diff_ids: ['sha256:' + 'b'.repeat(64)]}})},
			{name: 'l/layer.tar', content: layer},
		]);
		const file = writeTemporary('huge.tar', archive);
		expectOneLineError(runCli(['--tar', file]), /huge\.tar: l\/layer\.tar: truncated: an entry at byte 0 claims 8589934591 bytes/);
	});

	it('a decompression bomb does not grow memory: it is cut off at the tar end marker', async () => {
		// 200 MB of zeros after a real entry: a tar reader stops at the first zero block.
		const layer = Buffer.concat([await makeTar([{name: 'a', content: 'x'}]), Buffer.alloc(200 * 1024 * 1024)]);
		const gz = gzipSync(layer, {level: 1});
		expect(gz.length).toBeLessThan(1024 * 1024);
		const {walkTarStream} = await import('../../source/sources/layers/tar-walk.js');
		const {decompressStream} = await import('../../source/sources/layers/decompress.js');
		const {Readable} = await import('node:stream');
		const before = process.memoryUsage().rss;
		const listing = await walkTarStream(decompressStream(Readable.from([gz]), 'gzip', 'bomb'), 'bomb', {hashContent: true});
		expect(listing.entries.map(entry => entry.path)).toEqual(['a']);
		expect(listing.tarBytes).toBeLessThan(10 * 1024 * 1024);
		expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
	});

	it('entries with ../ or absolute paths: analysed, with a visible warning for the escaping one', async () => {
		const archive = await makeDockerArchive([{tags: ['paths:1'], layers: [[
			{name: '/abs/file', content: 'a'}, {name: '../../etc/evil', content: 'e'}, {name: 'ok/../fine', content: 'f'},
		]]}]);
		const file = writeTemporary('paths.tar', archive);
		const list = runCli(['--tar', file, '--list']);
		expect(list.code).toBe(0);
		expect(list.stdout.split('\n').slice(1, -1).map(line => line.split('\t')[0])).toEqual(['/abs', '/abs/file', '/fine']);
		const text = runCli(['--tar', file]);
		expect(text.stdout).toMatch(/Warnings \(1\):\n.*path escapes the root: \.\.\/\.\.\/etc\/evil/);
	});

	it('the same path twice in one layer: analysed, with a warning, the earlier copy counted as overwritten', async () => {
		const archive = await makeDockerArchive([{tags: ['twice:1'], layers: [[{name: 'f', content: 'first'}, {name: 'f', content: 'second!'}]]}]);
		const file = writeTemporary('twice.tar', archive);
		const report = JSON.parse(runCli(['--tar', file, '--json', '-']).stdout);
		expect(report.warnings.join()).toMatch(/f appears twice in one layer/);
		expect(report.metrics.layerscope).toMatchObject({storedBytes: 12, visibleBytes: 7, overwrittenBytes: 5});
	});

	it('usage errors: an unknown flag, no image, a bad --layer', () => {
		expect(runCli(['--tar', 'x', '--frobnicate']).code).toBe(2);
		expectOneLineError(runCli([], {env: {LAYERSCOPE_ROOTS: '/nonexistent/layerscope-root'}}), /no image given and no storage root found/);
		const file = writeTemporary('x.tar', '');
		writeFileSync(file, '');
		expectOneLineError(runCli(['--tar', file, '--list', '--layer', '-3']), /--layer takes a whole number/);
	});
});
