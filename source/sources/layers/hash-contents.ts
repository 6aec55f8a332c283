import {hash} from 'node:crypto';
import {type LayerEntry} from '../../analysis/model.js';
import {finish, type Steps} from '../../analysis/steps.js';
import {type ProgressListener} from '../../progress.js';
import {type ReadLayer} from '../image-source.js';
import {hashingFileBytes, windowBytes, WindowedReader} from './file-range.js';

/**
 * Hashes the wanted entries of seekable layers in place (streamed layers were hashed while read), in tar order
 * through one moving window, so that runs of small files cost a few large reads. It stays on this thread: on this
 * kind of machine a hashing worker shared the core with the main thread and ran at half speed (see the bench).
 */
export function hashEntries(layers: ReadLayer[], wanted: ReadonlySet<LayerEntry>, onProgress?: ProgressListener): void {
	finish(hashing(layers, wanted, onProgress));
}

/** `hashEntries` as steps: one after each file, and within a large one. */
export function * hashing(layers: ReadLayer[], wanted: ReadonlySet<LayerEntry>, onProgress?: ProgressListener): Steps<void> {
	let total = 0;
	for (const entry of wanted) total += entry.size;
	const scratch = Buffer.allocUnsafe(windowBytes);
	let done = 0;
	for (const layer of layers) {
		if (layer.digestOf) {
			for (const entry of layer.listing.entries) {
				if (!wanted.has(entry)) continue;
				entry.digest = layer.digestOf(entry);
				yield;
			}
		}

		if (!layer.range) continue;
		const reader = new WindowedReader(layer.range);
		for (const entry of layer.listing.entries) {
			if (entry.dataOffset === undefined || !wanted.has(entry)) continue;
			// One-shot hashing of what fits the window: a Hash object per small file costs more than its bytes.
			entry.digest = entry.size <= windowBytes
				? hash('sha256', reader.read(entry.dataOffset, entry.size), 'hex')
				: yield * hashingFileBytes(layer.range, entry.dataOffset, entry.size, scratch);
			done += entry.size;
			yield;
		}

		onProgress?.({phase: 'hashing contents', bytesDone: done, bytesTotal: total, layersDone: layers.length, layersTotal: layers.length});
	}
}
