import {closeSync, openSync} from 'node:fs';
import {Readable} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {decompressStream, sniffCompression, zstdFrameWindow} from '../../source/sources/layers/decompress.js';
import {walkSeekableTar, walkTarStream} from '../../source/sources/layers/tar-walk.js';
import {makeTar, sha256, type TarSpec, writeTemporary} from '../helpers/make-tar.js';

async function bothWays(tar: Buffer) {
	const file = writeTemporary('layer.tar', tar);
	const fd = openSync(file, 'r');
	try {
		const seekable = await walkSeekableTar({fd, start: 0, length: tar.length, label: 'layer.tar'});
		const streamed = await walkTarStream(Readable.from([tar]), 'layer.tar', {hashContent: true});
		return {seekable, streamed};
	} finally {
		closeSync(fd);
	}
}

// What only one reader records: where a body starts and its first bytes' fingerprint (seekable), its digest (streamed).
const strip = (entries: Array<Record<string, unknown>>) => entries.map(({dataOffset, digest, head, mtime, ...rest}) => rest);

describe('reading layer tars', () => {
	const longName = `deep/${'d'.repeat(120)}/${'f'.repeat(90)}.txt`;
	const specs: TarSpec[] = [
		{name: './', type: 'directory'},
		{name: './etc/', type: 'directory'},
		{name: './etc/passwd', content: 'root:x:0:0\n', mode: 0o644},
		{name: longName, content: 'long'},
		{name: 'pax-name', content: 'pax', pax: {path: 'caf\u00e9/\u540d\u524d.txt'}},
		{name: 'bin/tool', content: 'x', mode: 0o4755, uid: 1000, gid: 1000},
		{name: 'bin/alias', type: 'link', linkname: 'bin/tool'},
		{name: 'lib', type: 'symlink', linkname: '/usr/lib'},
	];

	it('gives the same entries from the seekable walker and the stream parser, names as raw bytes', async () => {
		const {seekable, streamed} = await bothWays(await makeTar(specs));
		expect(strip(seekable.entries)).toEqual(strip(streamed.entries));
		expect(seekable.entries.map(entry => entry.path)).toEqual([
			'etc', 'etc/passwd', longName, Buffer.from('caf\u00e9/\u540d\u524d.txt').toString('latin1'), 'bin/tool', 'bin/alias', 'lib',
		]);
		expect(seekable.entries[4]).toMatchObject({mode: 0o4755, uid: 1000, gid: 1000, size: 1});
		expect(seekable.entries[5]).toMatchObject({type: 'hardlink', linkTarget: 'bin/tool'});
		expect(seekable.entries[6]).toMatchObject({type: 'symlink', linkTarget: '/usr/lib'});
		expect(streamed.entries[1]!.digest).toBe(sha256('root:x:0:0\n'));
	});

	it('keeps a fingerprint of each file\'s first bytes when walking in place: equal starts give equal fingerprints', async () => {
		const {seekable} = await bothWays(await makeTar([
			{name: 'a', content: 'same start, then one ending'}, {name: 'b', content: 'same start, then one ending'},
			{name: 'c', content: 'another start, same length'}, {name: 'empty', content: ''},
		]));
		const [a, b, c, empty] = seekable.entries;
		expect(a!.head).toBe(b!.head);
		expect(a!.head).not.toBe(c!.head);
		expect(empty!.head).toBeUndefined();
	});

	it('stops at the end-of-archive marker, as tar does (eStargz keeps its index after it)', async () => {
		const first = await makeTar([{name: 'README.md', content: 'read me'}]);
		const trailer = await makeTar([{name: 'stargz.index.json', content: '{}'}]);
		const {seekable, streamed} = await bothWays(Buffer.concat([first, trailer]));
		expect(seekable.entries.map(entry => entry.path)).toEqual(['README.md']);
		expect(streamed.entries.map(entry => entry.path)).toEqual(['README.md']);
	});

	it('skips entries that climb out of the root with a warning, and refuses a truncated tar', async () => {
		const tar = await makeTar([{name: '../escape', content: 'x'}, {name: 'ok', content: 'y'}]);
		const {seekable} = await bothWays(tar);
		expect(seekable.entries.map(entry => entry.path)).toEqual(['ok']);
		expect(seekable.warnings.join()).toMatch(/escapes the root/);
		const truncated = tar.subarray(0, 700);
		await expect(bothWays(truncated)).rejects.toThrow(/truncated/);
	});

	it('refuses bytes that are not a tar with a message naming the layer', async () => {
		await expect(bothWays(Buffer.alloc(2048, 0x41))).rejects.toThrow(/layer\.tar: not a valid tar/);
	});
});

describe('compression', () => {
	it('sniffs gzip, zstd (with a skippable frame first), bzip2, xz and plain', () => {
		expect(sniffCompression(Buffer.from([0x1f, 0x8b, 0x08, 0]))).toBe('gzip');
		expect(sniffCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))).toBe('zstd');
		expect(sniffCompression(Buffer.from([0x50, 0x2a, 0x4d, 0x18]))).toBe('zstd');
		expect(sniffCompression(Buffer.from('BZh9'))).toBe('bzip2');
		expect(sniffCompression(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0]))).toBe('xz');
		expect(sniffCompression(Buffer.from('hello'))).toBe('none');
	});

	it('refuses a zstd frame that asks for a window beyond zstd\'s default limit', () => {
		// Single-segment frame claiming 2 GiB of content: fzstd would allocate it all up front.
		const header = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0xa0, 0, 0, 0, 0x80]);
		expect(zstdFrameWindow(header)).toBe(2 ** 31);
	});

	it('names the input when gzip data is corrupt', async () => {
		const corrupt = gzipSync(await makeTar([{name: 'a', content: 'x'.repeat(5000)}]));
		corrupt.fill(0x55, 20, 60);
		const stream = decompressStream(Readable.from([corrupt]), 'gzip', 'image.tar: layer 0');
		await expect(walkTarStream(stream, 'image.tar: layer 0', {hashContent: false})).rejects.toThrow(/image\.tar: layer 0/);
	});
});
