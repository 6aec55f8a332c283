/**
 * Worker thread body: sha256 of byte ranges of open files, one batch per layer. File descriptors are the parent's
 * (the threads of a process share them); each batch's ranges come in file order, so one moving window serves runs
 * of small files.
 */
import {hash} from 'node:crypto';
import {parentPort, workerData} from 'node:worker_threads';
import {hashFileBytes, WindowedReader, windowBytes} from './file-range.js';

export type HashBatch = {fd: number; start: number; length: number; label: string; offsets: Float64Array; sizes: Float64Array};

/** What the worker sends: progress in bytes, or the hex digests of one batch, 64 characters each, concatenated. */
export type HashMessage = {progress: number} | {batch: number; digests: string};

const progressEveryBytes = 32 * 1024 * 1024;

function hashBatch(batch: HashBatch, scratch: Buffer): string {
	const range = {fd: batch.fd, start: batch.start, length: batch.length, label: batch.label};
	const reader = new WindowedReader(range);
	const digests: string[] = [];
	let sinceProgress = 0;
	for (let index = 0; index < batch.sizes.length; index++) {
		const offset = batch.offsets[index]!;
		const size = batch.sizes[index]!;
		digests.push(size <= windowBytes ? hash('sha256', reader.read(offset, size), 'hex') : hashFileBytes(range, offset, size, scratch));
		sinceProgress += size;
		if (sinceProgress >= progressEveryBytes) {
			parentPort!.postMessage({progress: sinceProgress} satisfies HashMessage);
			sinceProgress = 0;
		}
	}

	parentPort!.postMessage({progress: sinceProgress} satisfies HashMessage);
	return digests.join('');
}

const scratch = Buffer.allocUnsafe(windowBytes);
(workerData as HashBatch[]).forEach((batch, index) => {
	parentPort!.postMessage({batch: index, digests: hashBatch(batch, scratch)} satisfies HashMessage);
});
