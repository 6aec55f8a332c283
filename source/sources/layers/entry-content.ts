import {read} from 'node:fs';
import {Readable} from 'node:stream';
import {promisify} from 'node:util';
import {type LayerEntry, type LayerListing} from '../../analysis/model.js';
import {type Compression, decompressStream} from './decompress.js';
import {type FileRange} from './file-range.js';
import {tarEntryBodies} from './tar-walk.js';

const readAt = promisify(read);
const pieceBytes = 256 * 1024;

/** A piece of a regular-file entry's content; `end` on its last (an empty file has one piece, empty). */
export type ContentPiece = {entry: LayerEntry; bytes: Buffer; end: boolean};

/** Reads the contents of several entries of one layer, piece by piece, in the order the layer holds them. */
export type ContentReader = (entries: readonly LayerEntry[]) => AsyncGenerator<ContentPiece>;

/** One entry's content as a stream, from a reader of several. */
export function contentStream(readContents: ContentReader, entry: LayerEntry): Readable {
	return Readable.from(bytesOf(readContents([entry])), {objectMode: false});
}

async function * bytesOf(pieces: AsyncGenerator<ContentPiece>): AsyncGenerator<Buffer> {
	for await (const piece of pieces) if (piece.bytes.length > 0) yield piece.bytes;
}

/** Contents read in place from an uncompressed layer in a seekable file, in the order of their offsets. */
export function rangeContents(range: FileRange): ContentReader {
	return async function * (entries) {
		const inOrder = [...entries].sort((a, b) => a.dataOffset! - b.dataOffset!);
		for (const entry of inOrder) yield * piecesAt(range, entry);
	};
}

async function * piecesAt(range: FileRange, entry: LayerEntry): AsyncGenerator<ContentPiece> {
	const offset = entry.dataOffset!;
	let done = 0;
	if (entry.size === 0) yield {entry, bytes: Buffer.alloc(0), end: true};
	while (done < entry.size) {
		const buffer = Buffer.allocUnsafe(Math.min(pieceBytes, entry.size - done));
		const {bytesRead} = await readAt(range.fd, buffer, 0, buffer.length, range.start + offset + done);
		if (bytesRead === 0) throw new Error(`${range.label}: the file ends inside an entry's content`);
		done += bytesRead;
		yield {entry, bytes: buffer.subarray(0, bytesRead), end: done === entry.size};
	}
}

/**
 * Contents from a layer that can only be read as a stream (compressed, or spooled): the blob is opened again,
 * decompressed and walked once, up to the last entry wanted.
 */
export function streamedContents(openBlob: () => Readable, compression: Compression, label: string, listing: LayerListing): ContentReader {
	return async function * (entries) {
		const indexOf = new Map(listing.entries.map((entry, index) => [entry, index]));
		const wanted = new Map<number, LayerEntry>();
		for (const entry of entries) {
			const index = indexOf.get(entry);
			if (index === undefined) throw new Error(`unreachable: ${entry.path} is not an entry of ${label}`);
			wanted.set(index, entry);
		}

		for await (const piece of tarEntryBodies(decompressStream(openBlob(), compression, label), label, new Set(wanted.keys()))) {
			yield {entry: wanted.get(piece.index)!, bytes: piece.bytes, end: piece.end};
		}
	};
}

/** Contents read one entry after another from streams that each open one (files of a storage root). */
export function contentsOneByOne(open: (entry: LayerEntry) => Readable): ContentReader {
	return async function * (entries) {
		for (const entry of entries) {
			let previous: Buffer | undefined;
			for await (const bytes of open(entry)) {
				if (previous) yield {entry, bytes: previous, end: false};
				previous = bytes as Buffer;
			}

			yield {entry, bytes: previous ?? Buffer.alloc(0), end: true};
		}
	};
}
