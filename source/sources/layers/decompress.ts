import {type Readable, Transform, type TransformCallback} from 'node:stream';
import {createGunzip} from 'node:zlib';
import {Decompress as ZstdDecompress} from 'fzstd';
import {limits} from '../../analysis/limits.js';
import {inFile, UserError} from '../../errors.js';

export type Compression = 'gzip' | 'zstd' | 'bzip2' | 'xz' | 'none';

/** Decides the compression of a blob by its first bytes, as Docker and containerd do (never by media type). */
export function sniffCompression(head: Uint8Array): Compression {
	if (head[0] === 0x1f && head[1] === 0x8b && head[2] === 0x08) return 'gzip';
	if (head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
	// A zstd stream may open with a skippable frame (magic 0x184D2A50..5F, little-endian), as zstd:chunked does.
	if ((head[0]! & 0xf0) === 0x50 && head[1] === 0x2a && head[2] === 0x4d && head[3] === 0x18) return 'zstd';
	if (head[0] === 0x42 && head[1] === 0x5a && head[2] === 0x68) return 'bzip2';
	if (head[0] === 0xfd && head[1] === 0x37 && head[2] === 0x7a && head[3] === 0x58 && head[4] === 0x5a) return 'xz';
	return 'none';
}

/** zstd's own default limit for a frame's window; larger windows need `--long` and would cost that much memory. */
const maxZstdWindowBytes = 128 * 1024 * 1024;

/** When decompressed output is taken for a bomb: past `baseBytes`, more than `ratio` times the input read so far. */
export type BombBound = {baseBytes: number; ratio: number};

/** A layer's bound (limits.ts); the spool of a compressed archive has a tighter one. */
export const layerBomb: BombBound = {baseBytes: limits.layerBombBaseBytes, ratio: limits.layerBombRatio};

/**
 * Wraps a compressed stream in its decoder, which stops at a decompression bomb; `label` names the input in errors.
 * Plain input passes through.
 */
export function decompressStream(input: Readable, compression: Compression, label: string, bomb: BombBound = layerBomb): Readable {
	switch (compression) {
		case 'none': {
			return input;
		}

		case 'gzip': {
			return guardExpansion(input, createGunzip({chunkSize: 256 * 1024}), label, bomb);
		}

		case 'zstd': {
			return guardExpansion(input, new ZstdTransform(label, bomb), label, bomb);
		}

		default: {
			throw inFile(label, `${compression}-compressed data is not supported (only gzip and zstd)`);
		}
	}
}

function guardExpansion(input: Readable, decoder: Transform, label: string, bomb: BombBound): Readable {
	let bytesIn = 0;
	let bytesOut = 0;
	input.on('data', (chunk: Buffer) => {
		bytesIn += chunk.length;
	});
	const guard = new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			bytesOut += chunk.length;
			if (isBomb(bytesIn, bytesOut, bomb)) {
				callback(inFile(label, bombMessage(bytesIn, bytesOut, bomb)));
				return;
			}

			callback(null, chunk);
		},
	});
	input.on('error', error => guard.destroy(error));
	decoder.on('error', error => guard.destroy(error instanceof UserError ? error : inFile(label, `bad ${decoderName(decoder)} data: ${error.message}`)));
	input.pipe(decoder).pipe(guard);
	return guard;
}

function decoderName(decoder: Transform): string {
	return decoder instanceof ZstdTransform ? 'zstd' : 'gzip';
}

function isBomb(bytesIn: number, bytesOut: number, bomb: BombBound): boolean {
	return bytesOut > bomb.baseBytes && bytesOut > bytesIn * bomb.ratio;
}

function bombMessage(bytesIn: number, bytesOut: number, bomb: BombBound): string {
	return `looks like a decompression bomb (${bytesIn} bytes expand past ${bytesOut}, more than ${bomb.ratio} times)`;
}

/** A decompression bomb caught inside the decoder, before its output piles up in memory. */
class DecompressionBomb extends Error {}

/**
 * fzstd's push decoder as a Node transform, refusing frames whose window would need unbounded memory. The decoder
 * hands over everything one input chunk decodes to at once, ignoring backpressure: so the expansion is checked as
 * it decodes, and a bomb stops it mid-chunk.
 */
class ZstdTransform extends Transform {
	private readonly decoder: ZstdDecompress;
	private checkedHeader = false;
	private bytesIn = 0;
	private bytesOut = 0;

	constructor(private readonly label: string, bomb: BombBound) {
		super({readableHighWaterMark: 256 * 1024});
		this.decoder = new ZstdDecompress((data: Uint8Array) => {
			this.bytesOut += data.byteLength;
			if (isBomb(this.bytesIn, this.bytesOut, bomb)) throw new DecompressionBomb(bombMessage(this.bytesIn, this.bytesOut, bomb));
			this.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
		});
	}

	override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
		try {
			if (!this.checkedHeader) {
				this.checkedHeader = true;
				const window = zstdFrameWindow(chunk);
				if (window !== undefined && window > maxZstdWindowBytes) {
					callback(inFile(this.label, `zstd frame needs a ${window}-byte window (more than zstd's default limit)`));
					return;
				}
			}

			this.bytesIn += chunk.length;
			this.decoder.push(chunk);
			callback();
		} catch (error) {
			callback(error instanceof DecompressionBomb ? inFile(this.label, error.message) : error as Error);
		}
	}

	override _flush(callback: TransformCallback): void {
		try {
			this.decoder.push(new Uint8Array(0), true);
			callback();
		} catch (error) {
			callback(error as Error);
		}
	}
}

/** The memory a zstd frame asks for (its window, or its whole content for a single-segment frame). */
export function zstdFrameWindow(head: Uint8Array): number | undefined {
	if (head.length < 6 || head[0] !== 0x28 || head[1] !== 0xb5 || head[2] !== 0x2f || head[3] !== 0xfd) return undefined;
	const descriptor = head[4]!;
	const singleSegment = (descriptor & 0x20) !== 0;
	if (!singleSegment) {
		const windowByte = head[5]!;
		const base = 2 ** (10 + (windowByte >> 3));
		return base + (base / 8) * (windowByte & 7);
	}

	const dictionaryBytes = [0, 1, 2, 4][descriptor & 3]!;
	const sizeFieldBytes = [1, 2, 4, 8][descriptor >> 6]!;
	let at = 5 + dictionaryBytes;
	let size = 0;
	for (let i = sizeFieldBytes - 1; i >= 0; i--) size = size * 256 + (head[at + i] ?? 0);
	if (sizeFieldBytes === 2) size += 256;
	at += sizeFieldBytes;
	return size;
}
