/**
 * Worker thread body: sha256 of byte ranges of an open file. The file descriptor is the parent's (threads of one
 * process share descriptors); the ranges come in file order, so one moving window serves runs of small files.
 */
import {hash} from 'node:crypto';
import {parentPort, workerData} from 'node:worker_threads';
import {hashFileBytes, WindowedReader, windowBytes} from './file-range.js';

export type HashBatch = {fd: number; start: number; length: number; label: string; offsets: Float64Array; sizes: Float64Array};

const progressEveryBytes = 32 * 1024 * 1024;

function hashBatch(batch: HashBatch): Uint8Array<ArrayBuffer> {
	const range = {fd: batch.fd, start: batch.start, length: batch.length, label: batch.label};
	const reader = new WindowedReader(range);
	const scratch = Buffer.allocUnsafe(windowBytes);
	const digests = new Uint8Array(new ArrayBuffer(32 * batch.sizes.length));
	let sinceProgress = 0;
	for (let index = 0; index < batch.sizes.length; index++) {
		const offset = batch.offsets[index]!;
		const size = batch.sizes[index]!;
		const digest = size <= windowBytes
			? hash('sha256', reader.read(offset, size), 'buffer')
			: Buffer.from(hashFileBytes(range, offset, size, scratch), 'hex');
		digests.set(digest, 32 * index);
		sinceProgress += size;
		if (sinceProgress >= progressEveryBytes) {
			parentPort!.postMessage({progress: sinceProgress});
			sinceProgress = 0;
		}
	}

	parentPort!.postMessage({progress: sinceProgress});
	return digests;
}

const digests = hashBatch(workerData as HashBatch);
parentPort!.postMessage({digests}, [digests.buffer]);
