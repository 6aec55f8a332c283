import {createHash, type Hash} from 'node:crypto';
import {closeSync, createWriteStream, mkdirSync, openSync, readSync, renameSync, statSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import path from 'node:path';
import {Readable, Transform, type TransformCallback} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {createGzip} from 'node:zlib';
import {openArchive, readJson} from '../../source/sources/archive/archive-files.js';
import {type SourceFiles} from '../../source/sources/image-source.js';
import {BufferedFile} from './buffered-file.js';
import {type ByteSink} from './content-pool.js';
import {endOfArchive, writeEntry} from './ustar-writer.js';

export type GzipBlob = {digest: string; diffId: string; file: string; bytes: number; uncompressedBytes: number};
export type OciArchive = {path: string; bytes: number; layers: GzipBlob[]};

const layerMediaType = 'application/vnd.oci.image.layer.v1.tar+gzip';
const manifestMediaType = 'application/vnd.oci.image.manifest.v1+json';

/**
 * Rewrites a `docker save` archive as an OCI image layout tar with gzip (level 6) layers. The compressed blobs are
 * kept as files in `blobDirectory` too, so that `gzip -dc` can be timed on exactly the same bytes.
 */
export async function writeOciArchive(
	source: string, destination: string, blobDirectory: string, onLayer: (done: number, total: number) => void,
): Promise<OciArchive> {
	const files = await openArchive(source);
	try {
		const [image] = readJson(files, 'manifest.json') as Array<{Config: string; Layers: string[]}>;
		if (!image) throw new Error(`${source}: manifest.json lists no image`);
		mkdirSync(blobDirectory, {recursive: true});
		// A layer is known by where its bytes start, so that a repeated legacy layer (a symlink to the first copy,
		// followed by openArchive) is compressed once, like a layer listed twice under one name.
		const startOf = (layer: string) => files.range(layer).start;
		const firstAt = new Map<number, string>();
		for (const layer of image.Layers) if (!firstAt.has(startOf(layer))) firstAt.set(startOf(layer), layer);
		const unique = [...firstAt.values()];
		let done = 0;
		const blobs = await mapConcurrently(unique, availableParallelism(), async layer => {
			const blob = await gzipMember(files, layer, blobDirectory);
			onLayer(++done, unique.length);
			return blob;
		});
		const blobAt = new Map(unique.map((layer, position) => [startOf(layer), blobs[position]!]));
		const layers = image.Layers.map(layer => blobAt.get(startOf(layer))!);
		const config = withDiffIds(readJson(files, image.Config), layers.map(layer => layer.diffId));
		writeLayoutTar(destination, config, layers);
		return {path: destination, bytes: statSync(destination).size, layers};
	} finally {
		files.close();
	}
}

async function gzipMember(files: SourceFiles, name: string, blobDirectory: string): Promise<GzipBlob> {
	const {start, length} = files.range(name);
	const temporary = path.join(blobDirectory, `.partial-${process.pid}-${start}`);
	const uncompressed = new HashingTransform();
	const compressed = new HashingTransform();
	// Not files.open for an empty member: its read stream would be asked for bytes 0 to -1, which node refuses.
	const input = length === 0 ? Readable.from([]) : files.open(name);
	await pipeline(input, uncompressed, createGzip({level: 6}), compressed, createWriteStream(temporary));
	const digest = compressed.digest();
	const file = path.join(blobDirectory, `${digest.slice('sha256:'.length)}.tar.gz`);
	renameSync(temporary, file);
	return {digest, diffId: uncompressed.digest(), file, bytes: compressed.bytes, uncompressedBytes: uncompressed.bytes};
}

/** The same config with `rootfs.diff_ids` as measured, so the OCI image is consistent whatever the source said. */
function withDiffIds(parsed: unknown, diffIds: string[]): string {
	const config = parsed as {rootfs?: {type?: string; diff_ids?: string[]}};
	config.rootfs = {type: 'layers', diff_ids: diffIds};
	return JSON.stringify(config);
}

function writeLayoutTar(destination: string, config: string, layers: GzipBlob[]): void {
	const configDigest = sha256(config);
	const manifest = JSON.stringify({
		schemaVersion: 2,
		mediaType: manifestMediaType,
		config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: Buffer.byteLength(config)},
		layers: layers.map(layer => ({mediaType: layerMediaType, digest: layer.digest, size: layer.bytes})),
	});
	const manifestDigest = sha256(manifest);
	const indexJson = JSON.stringify({
		schemaVersion: 2,
		mediaType: 'application/vnd.oci.image.index.v1+json',
		manifests: [{
			mediaType: manifestMediaType, digest: manifestDigest, size: Buffer.byteLength(manifest),
			annotations: {'org.opencontainers.image.ref.name': 'latest'},
		}],
	});
	const out = new BufferedFile(destination);
	try {
		writeText(out, 'oci-layout', JSON.stringify({imageLayoutVersion: '1.0.0'}));
		writeText(out, 'index.json', indexJson);
		writeEntry(out, {name: 'blobs', type: 'dir'});
		writeEntry(out, {name: 'blobs/sha256', type: 'dir'});
		writeText(out, blobName(manifestDigest), manifest);
		writeText(out, blobName(configDigest), config);
		const written = new Set<string>();
		for (const layer of layers) {
			if (written.has(layer.digest)) continue;
			written.add(layer.digest);
			writeEntry(out, {name: blobName(layer.digest), type: 'file', size: layer.bytes}, body => copyFile(layer.file, body));
		}

		out.write(endOfArchive);
		out.commit();
	} catch (error) {
		out.abandon();
		throw error;
	}
}

function writeText(out: ByteSink, name: string, text: string): void {
	const bytes = Buffer.from(text, 'utf8');
	writeEntry(out, {name, type: 'file', size: bytes.length}, body => body.write(bytes));
}

function copyFile(file: string, sink: ByteSink): void {
	const fd = openSync(file, 'r');
	try {
		const chunk = Buffer.allocUnsafe(4 * 1024 * 1024);
		for (let n = readSync(fd, chunk); n > 0; n = readSync(fd, chunk)) sink.write(chunk.subarray(0, n));
	} finally {
		closeSync(fd);
	}
}

function blobName(digest: string): string {
	return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

function sha256(text: string): string {
	return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** Hashes and counts what flows through, unchanged. */
class HashingTransform extends Transform {
	bytes = 0;
	private readonly hash: Hash = createHash('sha256');

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		this.hash.update(chunk);
		this.bytes += chunk.length;
		callback(null, chunk);
	}

	digest(): string {
		return `sha256:${this.hash.digest('hex')}`;
	}
}

/** Runs `work` over `items` with at most `limit` at a time (gzip runs on libuv's threads, so layers overlap). */
async function mapConcurrently<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const position = next++;
			results[position] = await work(items[position]!);
		}
	};

	await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
	return results;
}
