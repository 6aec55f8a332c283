import {hash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {Worker} from 'node:worker_threads';
import {type LayerEntry} from '../analysis/model.js';
import {type FileRange, hashFileBytes, WindowedReader, windowBytes} from './file-range.js';
import type {HashBatch} from './hash-worker.js';
import {type ProgressListener} from './progress.js';
import {type ReadLayer} from './read-layers.js';

/** Below this many bytes a thread costs more to start than it saves. */
const bytesWorthAThread = 32 * 1024 * 1024;
const workerFile = new URL('hash-worker.js', import.meta.url);

type Batch = {range: FileRange; entries: LayerEntry[]; bytes: number};

/**
 * Hashes the wanted entries of seekable layers in place (streamed layers were hashed while read). Large jobs are
 * split, in file order, over worker threads, so that the caller can go on with work that needs no digest.
 */
export async function hashEntries(layers: ReadLayer[], wanted: ReadonlySet<LayerEntry>, onProgress?: ProgressListener): Promise<void> {
	const batches = batchesOf(layers, wanted);
	const total = batches.reduce((sum, batch) => sum + batch.bytes, 0);
	let done = 0;
	const report = (bytes: number) => {
		done += bytes;
		onProgress?.({phase: 'hashing contents', bytesDone: done, bytesTotal: total, layersDone: layers.length, layersTotal: layers.length});
	};

	const threads = Math.min(availableParallelism(), Math.floor(total / bytesWorthAThread));
	if (threads < 2 || !existsSync(fileURLToPath(workerFile))) {
		for (const batch of batches) hashOnThisThread(batch, report);
		return;
	}

	await Promise.all(splitEvenly(batches, threads).map(async share => hashOnWorker(share, report)));
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

/** Cuts the batches into `count` shares of about equal bytes, keeping file order within each share. */
function splitEvenly(batches: Batch[], count: number): Batch[][] {
	const target = batches.reduce((sum, batch) => sum + batch.bytes, 0) / count;
	const shares: Batch[][] = [[]];
	let shareBytes = 0;
	for (const batch of batches) {
		let entries: LayerEntry[] = [];
		let bytes = 0;
		for (const entry of batch.entries) {
			entries.push(entry);
			bytes += entry.size;
			shareBytes += entry.size;
			if (shareBytes >= target && shares.length < count) {
				shares.at(-1)!.push({range: batch.range, entries, bytes});
				shares.push([]);
				entries = [];
				bytes = 0;
				shareBytes = 0;
			}
		}

		if (entries.length > 0) shares.at(-1)!.push({range: batch.range, entries, bytes});
	}

	return shares.filter(share => share.length > 0);
}

/** Hashes a share of batches on one worker thread, one batch after another. */
async function hashOnWorker(share: Batch[], report: (bytes: number) => void): Promise<void> {
	for (const batch of share) {
		const digests = await runWorker({
			fd: batch.range.fd, start: batch.range.start, length: batch.range.length, label: batch.range.label,
			offsets: Float64Array.from(batch.entries, entry => entry.dataOffset!),
			sizes: Float64Array.from(batch.entries, entry => entry.size),
		}, report);
		batch.entries.forEach((entry, index) => {
			entry.digest = Buffer.from(digests.buffer, digests.byteOffset + 32 * index, 32).toString('hex');
		});
	}
}

async function runWorker(batch: HashBatch, report: (bytes: number) => void): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		const worker = new Worker(workerFile, {workerData: batch});
		worker.on('message', (message: {progress?: number; digests?: Uint8Array}) => {
			if (message.progress !== undefined) report(message.progress);
			if (message.digests) resolve(message.digests);
		});
		worker.on('error', reject);
		worker.on('exit', code => {
			if (code !== 0) reject(new Error(`${batch.label}: the hashing thread stopped (exit code ${code})`));
		});
	});
}
