import {createHash, type Hash} from 'node:crypto';
import {closeSync, openSync, renameSync, rmSync, writeSync} from 'node:fs';
import {type ByteSink} from './content-pool.js';

const bufferBytes = 4 * 1024 * 1024;

/**
 * A file written through one large buffer, under a temporary name until `commit` renames it into place, so that an
 * interrupted run never leaves a half-written archive where a later run would reuse it.
 */
export class BufferedFile implements ByteSink {
	bytesWritten = 0;
	private readonly fd: number;
	private readonly temporary: string;
	private readonly buffer = Buffer.allocUnsafe(bufferBytes);
	private used = 0;

	constructor(private readonly destination: string) {
		this.temporary = `${destination}.partial-${process.pid}`;
		this.fd = openSync(this.temporary, 'w');
	}

	write(chunk: Buffer): void {
		this.bytesWritten += chunk.length;
		if (chunk.length >= bufferBytes) {
			this.flush();
			writeFully(this.fd, chunk);
			return;
		}

		if (this.used + chunk.length > bufferBytes) this.flush();
		chunk.copy(this.buffer, this.used);
		this.used += chunk.length;
	}

	commit(): void {
		this.flush();
		closeSync(this.fd);
		renameSync(this.temporary, this.destination);
	}

	abandon(): void {
		try {
			closeSync(this.fd);
		} catch {}

		rmSync(this.temporary, {force: true});
	}

	private flush(): void {
		if (this.used === 0) return;
		writeFully(this.fd, this.buffer.subarray(0, this.used));
		this.used = 0;
	}
}

/** Passes bytes on while hashing and counting them (a layer's diff ID is the sha256 of its tar). */
export class HashingSink implements ByteSink {
	bytes = 0;
	private readonly hash: Hash = createHash('sha256');

	constructor(private readonly inner: ByteSink) {}

	write(chunk: Buffer): void {
		this.hash.update(chunk);
		this.bytes += chunk.length;
		this.inner.write(chunk);
	}

	digest(): string {
		return `sha256:${this.hash.digest('hex')}`;
	}
}

function writeFully(fd: number, data: Buffer): void {
	let done = 0;
	while (done < data.length) done += writeSync(fd, data, done, data.length - done);
}
