import {Readable} from 'node:stream';
import {type LayerListing} from '../../analysis/model.js';
import {inFile} from '../../errors.js';
import {walkTarStream} from '../layers/tar-walk.js';

type TarSplitEntry = {type?: number; payload?: string | null; size?: number};

const zeros = Buffer.alloc(1024 * 1024);
const batchBytes = 1024 * 1024;

/** Gathers small pieces into chunks of about a megabyte: one stream chunk per header would cost an await each. */
class Batcher {
	private parts: Buffer[] = [];
	private length = 0;

	add(part: Buffer): Buffer | undefined {
		this.parts.push(part);
		this.length += part.length;
		return this.length >= batchBytes ? this.flush() : undefined;
	}

	flush(): Buffer | undefined {
		if (this.length === 0) return undefined;
		const chunk = Buffer.concat(this.parts, this.length);
		this.parts = [];
		this.length = 0;
		return chunk;
	}
}

/**
 * The layer tar that tar-split recorded, with every file body replaced by zeros: segments are the original header,
 * padding and end blocks verbatim, file entries stand for `size` body bytes (docs/formats.md §3.8). Parsing it gives
 * exactly the original layer's entries, whiteouts and PAX records included, without reading a single file.
 */
function * synthesizedTar(jsonLines: Buffer, label: string): Generator<Buffer> {
	const batch = new Batcher();
	let start = 0;
	while (start < jsonLines.length) {
		let end = jsonLines.indexOf(0x0a, start);
		if (end === -1) end = jsonLines.length;
		const line = jsonLines.toString('utf8', start, end).trim();
		start = end + 1;
		if (line === '') continue;
		let entry: TarSplitEntry;
		try {
			entry = JSON.parse(line) as TarSplitEntry;
		} catch {
			throw inFile(label, 'not a tar-split stream (a line is not JSON)');
		}

		const pieces = entry.type === 2 && entry.payload ? [Buffer.from(entry.payload, 'base64')] : entry.type === 1 ? zeroPieces(entry.size ?? 0) : [];
		for (const piece of pieces) {
			// Large bodies go through as they are: copying a gigabyte of zeros into batches would cost more than parsing.
			if (piece.length >= 64 * 1024) {
				const pending = batch.flush();
				if (pending) yield pending;
				yield piece;
				continue;
			}

			const chunk = batch.add(piece);
			if (chunk) yield chunk;
		}
	}

	const last = batch.flush();
	if (last) yield last;
}

function zeroPieces(size: number): Buffer[] {
	const pieces: Buffer[] = [];
	for (let left = size; left > 0; left -= zeros.length) pieces.push(zeros.subarray(0, Math.min(left, zeros.length)));
	return pieces;
}

/** Lists a layer from its inflated `tar-split.json.gz`. Entries carry no digests: bodies were never read. */
export async function listTarSplit(jsonLines: Buffer, label: string): Promise<LayerListing> {
	if (jsonLines.toString('utf8').trim() === '') return {entries: [], tarBytes: 0, warnings: []};
	return walkTarStream(Readable.from(synthesizedTar(jsonLines, label), {objectMode: false}), label, {hashContent: false});
}
