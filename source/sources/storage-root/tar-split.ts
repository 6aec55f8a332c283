import {Readable} from 'node:stream';
import {describeBytes, limits} from '../../analysis/limits.js';
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
	let claimed = 0;
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

		if (typeof entry !== 'object' || entry === null || (entry.payload !== undefined && entry.payload !== null && typeof entry.payload !== 'string')) {
			throw inFile(label, 'not a tar-split stream (a line is not an entry)');
		}

		const pieces = entry.type === 2 && entry.payload ? [Buffer.from(entry.payload, 'base64')] : entry.type === 1 ? zeroPieces(bodySize(entry, claimed, label)) : [];
		if (entry.type === 1) claimed += entry.size ?? 0;
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

/** A file entry's body size, checked: a whole number, and all bodies of the layer within what any layer holds. */
function bodySize(entry: TarSplitEntry, claimedBefore: number, label: string): number {
	const size = entry.size ?? 0;
	if (!Number.isSafeInteger(size) || size < 0) throw inFile(label, `a file entry has the size ${String(size)}, not a byte count`);
	if (claimedBefore + size > limits.layerBodyBytes) throw inFile(label, `its file entries claim more than ${describeBytes(limits.layerBodyBytes)} of bodies, more than any layer holds`);
	return size;
}

function * zeroPieces(size: number): Generator<Buffer> {
	for (let left = size; left > 0; left -= zeros.length) yield zeros.subarray(0, Math.min(left, zeros.length));
}

/** Lists a layer from its inflated `tar-split.json.gz`. Entries carry no digests: bodies were never read. */
export async function listTarSplit(jsonLines: Buffer, label: string): Promise<LayerListing> {
	if (jsonLines.toString('utf8').trim() === '') return {entries: [], tarBytes: 0, warnings: []};
	return walkTarStream(Readable.from(synthesizedTar(jsonLines, label), {objectMode: false}), label, {hashContent: false});
}
