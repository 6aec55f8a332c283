import {read} from 'node:fs';
import {Readable} from 'node:stream';
import {promisify} from 'node:util';
import {type LayerEntry, type LayerListing} from '../../analysis/model.js';
import {type Compression, decompressStream} from './decompress.js';
import {type FileRange} from './file-range.js';
import {tarEntryBody} from './tar-walk.js';

const readAt = promisify(read);
const pieceBytes = 256 * 1024;

/** A regular-file entry's bytes read in place from an uncompressed layer in a seekable file, a piece at a time. */
export function rangeContent(range: FileRange, entry: LayerEntry): Readable {
	return Readable.from(piecesOf(range, entry.dataOffset!, entry.size), {objectMode: false});
}

async function * piecesOf(range: FileRange, offset: number, size: number): AsyncGenerator<Buffer> {
	let done = 0;
	while (done < size) {
		const buffer = Buffer.allocUnsafe(Math.min(pieceBytes, size - done));
		const {bytesRead} = await readAt(range.fd, buffer, 0, buffer.length, range.start + offset + done);
		if (bytesRead === 0) throw new Error(`${range.label}: the file ends inside an entry's content`);
		yield buffer.subarray(0, bytesRead);
		done += bytesRead;
	}
}

/**
 * A regular-file entry's bytes from a layer that can only be read as a stream (compressed, or spooled): the blob is
 * opened again, decompressed and walked to the entry. Costs a pass over the layer up to that entry.
 */
export function streamedContent(openBlob: () => Readable, compression: Compression, label: string, listing: LayerListing, entry: LayerEntry): Readable {
	const index = listing.entries.indexOf(entry);
	if (index === -1) throw new Error(`unreachable: ${entry.path} is not an entry of ${label}`);
	return Readable.from(tarEntryBody(decompressStream(openBlob(), compression, label), label, index), {objectMode: false});
}
