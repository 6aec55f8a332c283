import {type LayerEntry, type LayerListing} from '../../analysis/model.js';
import {type ProgressListener} from '../../progress.js';
import {readHead} from '../archive/archive-files.js';
import {type LayerBlob, type ReadLayer, type SourceFiles, type SourceImage} from '../image-source.js';
import {type Compression, decompressStream, sniffCompression} from './decompress.js';
import {rangeContents, streamedContents} from './entry-content.js';
import {type FileRange} from './file-range.js';
import {walkSeekableTar, walkTarStream} from './tar-walk.js';

/**
 * Lists every layer of an image. A layer missing from the archive is an error unless it is foreign. Two layers are
 * read at once: a compressed layer's decoding runs on libuv's thread pool, so while one layer waits for its
 * decoder, this thread parses the other's entries.
 */
export async function readLayers(files: SourceFiles, image: SourceImage, onProgress?: ProgressListener): Promise<ReadLayer[]> {
	const sizeOf = (blob: LayerBlob) => (blob.inArchive ? files.size(blob.file!) : 0);
	const total = image.layers.reduce((sum, blob) => sum + sizeOf(blob), 0);
	const bytesDone = image.layers.map(() => 0);
	let layersDone = 0;
	const report = () => onProgress?.({
		phase: 'reading layers', bytesDone: bytesDone.reduce((sum, bytes) => sum + bytes, 0), bytesTotal: total,
		layersDone, layersTotal: image.layers.length,
	});
	const layers: ReadLayer[] = Array.from({length: image.layers.length});
	// One blob listed several times (an empty layer repeated, or a hostile manifest) is read once.
	const readings = new Map<string, Promise<ReadLayer>>();
	let next = 0;
	let failed = false;
	const readNext = async (): Promise<void> => {
		while (next < image.layers.length && !failed) {
			const index = next++;
			const blob = image.layers[index]!;
			try {
				const key = blob.file ?? `foreign ${index}`;
				const reading = readings.get(key) ?? readLayer(files, blob, bytes => {
					bytesDone[index] = bytes;
					report();
				});
				readings.set(key, reading);
				layers[index] = {...await reading, blob};
			} catch (error) {
				failed = true; // the other reader starts no further layer
				throw error;
			}

			bytesDone[index] = sizeOf(blob);
			layersDone++;
			report();
		}
	};

	await Promise.all([readNext(), readNext()]);
	return layers;
}

async function readLayer(files: SourceFiles, blob: LayerBlob, onBytes: (done: number) => void): Promise<ReadLayer> {
	if (!blob.inArchive) {
		if (!blob.foreign) throw new Error(`unreachable: missing layer ${blob.file ?? '?'} should have been refused`);
		const warning = `layer ${blob.index} (${blob.digest ?? 'unknown digest'}) is a foreign layer, not in the archive: shown empty`;
		return {blob, listing: {entries: [], tarBytes: 0, warnings: [warning]}, compression: 'none'};
	}

	const file = blob.file!;
	const compression = files.size(file) === 0 ? 'none' : sniffCompression(readHead(files, file));
	if (compression === 'none') {
		const range = files.range(file);
		return {blob, listing: await walkSeekableTar(range, onBytes), compression, range, readContents: rangeContents(range)};
	}

	const label = `${files.label}: ${file}`;
	const raw = files.open(file);
	let compressedDone = 0;
	raw.on('data', (chunk: Buffer) => {
		compressedDone += chunk.length;
		onBytes(compressedDone);
	});
	const listing = await walkTarStream(decompressStream(raw, compression, label), label, {hashContent: true});
	return {blob, listing, compression, readContents: streamedContents(() => files.open(file), compression, label, listing)};
}
