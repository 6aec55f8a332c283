import {type LayerListing} from '../analysis/model.js';
import {type ArchiveFiles, readHead} from './archive-files.js';
import {type Compression, decompressStream, sniffCompression} from './decompress.js';
import {type FileRange} from './file-range.js';
import {type ArchiveImage, type LayerBlob} from './image-archive.js';
import {type ProgressListener} from './progress.js';
import {walkSeekableTar, walkTarStream} from './tar-walk.js';

/** A layer as read: its listing, and where its bytes are when they can be read again in place. */
export type ReadLayer = {
	blob: LayerBlob;
	listing: LayerListing;
	/** Compression of the blob, by its magic bytes. */
	compression: Compression;
	/** Set for an uncompressed blob in a seekable file: entries' `dataOffset` point into it. */
	range?: FileRange;
};

/** Lists every layer of an image. A layer missing from the archive is an error unless it is foreign. */
export async function readLayers(files: ArchiveFiles, image: ArchiveImage, onProgress?: ProgressListener): Promise<ReadLayer[]> {
	const total = image.layers.reduce((sum, blob) => sum + (blob.inArchive ? files.size(blob.file!) : 0), 0);
	let done = 0;
	const layers: ReadLayer[] = [];
	for (const blob of image.layers) {
		const report = (bytes: number) => onProgress?.({
			phase: 'reading layers', bytesDone: done + bytes, bytesTotal: total, layersDone: layers.length, layersTotal: image.layers.length,
		});
		layers.push(await readLayer(files, blob, report));
		done += blob.inArchive ? files.size(blob.file!) : 0;
		report(0);
	}

	return layers;
}

async function readLayer(files: ArchiveFiles, blob: LayerBlob, onBytes: (done: number) => void): Promise<ReadLayer> {
	if (!blob.inArchive) {
		if (!blob.foreign) throw new Error(`unreachable: missing layer ${blob.file ?? '?'} should have been refused`);
		const warning = `layer ${blob.index} (${blob.digest ?? 'unknown digest'}) is a foreign layer, not in the archive: shown empty`;
		return {blob, listing: {entries: [], tarBytes: 0, warnings: [warning]}, compression: 'none'};
	}

	const file = blob.file!;
	const compression = files.size(file) === 0 ? 'none' : sniffCompression(readHead(files, file));
	if (compression === 'none') {
		const range = files.range(file);
		return {blob, listing: await walkSeekableTar(range, onBytes), compression, range};
	}

	const label = `${files.label}: ${file}`;
	const raw = files.open(file);
	let compressedDone = 0;
	raw.on('data', (chunk: Buffer) => {
		compressedDone += chunk.length;
		onBytes(compressedDone);
	});
	const listing = await walkTarStream(decompressStream(raw, compression, label), label, {hashContent: true});
	return {blob, listing, compression};
}
