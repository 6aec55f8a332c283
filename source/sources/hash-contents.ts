import {hash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {type LayerEntry} from '../analysis/model.js';
import {type FileRange, hashFileBytes, WindowedReader, windowBytes} from './file-range.js';
import type {HashBatch, HashMessage} from './hash-worker.js';
import {type ProgressListener} from './progress.js';
import {type ReadLayer} from './read-layers.js';

/** Below this many bytes a thread costs more to start than it saves. */
const bytesWorthAThread = 32 * 1024 * 1024 * 1024;
const workerFile = new URL('hash-worker.js', import.meta.url);

type Batch = {range: FileRange; entries: LayerEntry[]; bytes: number};

/**
 * Hashes the wanted entries of seekable layers in place (streamed layers were hashed while read). A large job goes
 * to one worker thread, so that the caller can go on with work that needs no digest. One thread only: on this kind
 * of machine two hashing threads share one core's SHA unit and each runs at half speed.
 */
export async function hashEntries(layers: ReadLayer[], wanted: ReadonlySet<LayerEntry>, onProgress?: ProgressListener): Promise<void> {
	const batches = batchesOf(layers, wanted);
	const total = batches.reduce((sum, batch) => sum + batch.bytes, 0);
	let done = 0;
	const report = (bytes: number) => {
		done += bytes;
		onProgress?.({phase: 'hashing contents', bytesDone: done, bytesTotal: total, layersDone: layers.length, layersTotal: layers.length});
	};

	if (total < bytesWorthAThread || !existsSync(fileURLToPath(workerFile))) {
		for (const batch of batches) hashOnThisThread(batch, report);
		return;
	}

	await hashOnWorker(batches, report);
}

/** The wanted entries of each seekable layer, in tar order. */
function batchesOf(layers: ReadLayer[], wanted: ReadonlySet<LayerEntry>): Batch[] {
	const batches: Batch[] = [];
	for (const layer of layers) {
		if (!layer.range) continue;
		const entries = layer.listing.entries.filter(entry => wanted.has(entry) && entry.dataOffset !== undefined);
		if (entries.length > 0) batches.push({range: layer.range, entries, bytes: entries.reduce((sum, entry) => sum + entry.size, 0)});
	}

	return batches;
}

function hashOnThisThread(batch: Batch, report: (bytes: number) => void): void {
	const reader = new WindowedReader(batch.range);
	const scratch = Buffer.allocUnsafe(windowBytes);
	for (const entry of batch.entries) {
		entry.digest = entry.size <= windowBytes
			? hash('sha256', reader.read(entry.dataOffset!, entry.size), 'hex')
			: hashFileBytes(batch.range, entry.dataOffset!, entry.size, scratch);
	}

	report(batch.bytes);
}

async function hashOnWorker(batches: Batch[], report: (bytes: number) => void): Promise<void> {
	const work: HashBatch[] = batches.map(({range, entries}) => ({
		fd: range.fd, start: range.start, length: range.length, label: range.label,
		offsets: Float64Array.from(entries, entry => entry.dataOffset!),
		sizes: Float64Array.from(entries, entry => entry.size),
	}));
	let finished = 0;
	await new Promise<void>((resolve, reject) => {
		const worker = new Worker(workerFile, {workerData: work});
		worker.on('message', (message: HashMessage) => {
			if ('progress' in message) {
				report(message.progress);
				return;
			}

			batches[message.batch]!.entries.forEach((entry, index) => {
				entry.digest = message.digests.slice(64 * index, 64 * (index + 1));
			});
			if (++finished === batches.length) resolve();
		});
		worker.on('error', reject);
		worker.on('exit', code => {
			if (finished < batches.length) reject(new Error(`the hashing thread stopped early (exit code ${code})`));
		});
	});
}
