import {createHash} from 'node:crypto';
import {readSync} from 'node:fs';
import {finish, type Steps} from '../../analysis/steps.js';

/** A byte range of an open file: a layer tar inside a `docker save` archive, or a whole blob file. */
export type FileRange = {
	fd: number;
	start: number;
	length: number;
	/** How the user names this range in messages, for example `image.tar: blobs/sha256/ab12…`. */
	label: string;
};

const windowSize = 1024 * 1024;

/** Pieces up to this size are served from the window. */
export const windowBytes = windowSize;

/**
 * Reads pieces of a file range through one reusable window, so walking many small tar headers costs a few large
 * reads instead of one system call per header, while a large body in between is simply skipped.
 */
export class WindowedReader {
	private readonly window: Buffer;
	private windowStart = 0;
	private windowLength = 0;

	constructor(private readonly range: FileRange, size = windowSize) {
		this.window = Buffer.allocUnsafe(size);
	}

	/** Returns `length` bytes at `offset` (relative to the range), or fewer where the range ends. */
	read(offset: number, length: number): Buffer {
		const available = Math.max(0, Math.min(length, this.range.length - offset));
		if (offset >= this.windowStart && offset + available <= this.windowStart + this.windowLength) {
			return this.window.subarray(offset - this.windowStart, offset - this.windowStart + available);
		}

		if (available > this.window.length) return this.readFresh(offset, available);
		this.windowStart = offset;
		this.windowLength = this.fill(this.window, offset, Math.min(this.window.length, this.range.length - offset));
		return this.window.subarray(0, Math.min(available, this.windowLength));
	}

	/** FNV-1a of up to a window's worth of bytes at `offset`, computed in place: no buffer or string per call. */
	fingerprint(offset: number, length: number): number {
		const bytes = this.read(offset, Math.min(length, this.window.length));
		let hash = 0x81_1c_9d_c5;
		for (let index = 0; index < bytes.length; index++) hash = Math.imul(hash ^ bytes[index]!, 0x01_00_01_93);
		return hash >>> 0;
	}

	private readFresh(offset: number, length: number): Buffer {
		const buffer = Buffer.allocUnsafe(length);
		return buffer.subarray(0, this.fill(buffer, offset, length));
	}

	private fill(buffer: Buffer, offset: number, length: number): number {
		let done = 0;
		while (done < length) {
			const n = readSync(this.range.fd, buffer, done, length - done, this.range.start + offset + done);
			if (n === 0) break;
			done += n;
		}

		return done;
	}
}

/** sha256 (hex) of `size` bytes at `offset` within the range, read in large pieces, never held whole. */
export function hashFileBytes(range: FileRange, offset: number, size: number, scratch: Buffer): string {
	return finish(hashingFileBytes(range, offset, size, scratch));
}

/** `hashFileBytes` as steps, one before each piece: a file may be gigabytes long. */
export function * hashingFileBytes(range: FileRange, offset: number, size: number, scratch: Buffer): Steps<string> {
	const hash = createHash('sha256');
	let done = 0;
	while (done < size) {
		yield;
		const want = Math.min(scratch.length, size - done);
		const n = readSync(range.fd, scratch, 0, want, range.start + offset + done);
		if (n === 0) throw new Error(`${range.label}: file ends inside an entry's content`);
		hash.update(scratch.subarray(0, n));
		done += n;
	}

	return hash.digest('hex');
}
