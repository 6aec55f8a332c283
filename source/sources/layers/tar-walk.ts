import {createHash, type Hash, hash} from 'node:crypto';
import {type Readable} from 'node:stream';
import {type LayerEntry, type LayerListing} from '../../analysis/model.js';
import {timeSlices} from '../../analysis/steps.js';
import {inFile, UserError} from '../../errors.js';
import {type FileRange, WindowedReader} from './file-range.js';
import {buildEntry, type HeaderFields} from './layer-entry.js';
import {blockSize, decodeHeader, decodePax, entryTypeOf, type HeaderKind, headerKind, isZeroBlock, paddedSize} from './tar-header.js';

const maxMetaRecordBytes = 1024 * 1024;
/** Entries between two looks at the clock: the walk gives the event loop a turn every 20 ms (`timeSlices`). */
const entriesBetweenChecks = 256;
const sliceMs = 20;

type Collector = {entries: LayerEntry[]; warnings: string[]; seen: number};

function collect(collector: Collector, fields: HeaderFields, label: string): LayerEntry | undefined {
	const built = buildEntry(fields);
	if ('problem' in built) {
		collector.warnings.push(`${label}: entry skipped: ${built.problem}`);
		return undefined;
	}

	if ('skipped' in built) return undefined;
	collector.entries.push(built.entry);
	return built.entry;
}

/** A header with PAX and GNU long-name records folded in, and where its content starts in the range. */
export type TarHeaderAt = {fields: HeaderFields; typeflag: string; offset: number};

/**
 * Walks the headers of an uncompressed tar in a seekable file, skipping every body. Yields real entries only
 * (typeflag known or not); PAX and GNU long-name records are applied to the entry they precede, as Docker does,
 * and PAX global headers are ignored, as Docker does.
 */
export function * tarHeaders(range: FileRange, reader = new WindowedReader(range)): Generator<TarHeaderAt> {
	let pax: Map<string, string> | undefined;
	let longName: string | undefined;
	let longLink: string | undefined;
	let at = 0;
	while (at + blockSize <= range.length) {
		const block = reader.read(at, blockSize);
		if (isZeroBlock(block)) return;
		const header = decodeHeader(block);
		if (!header) throw inFile(range.label, `not a valid tar: bad header at byte ${at}`);
		const dataStart = at + blockSize;
		const size = pax?.has('size') ? Number(pax.get('size')) : header.size;
		if (!Number.isSafeInteger(size) || size < 0) throw inFile(range.label, `bad entry size at byte ${at}`);
		if (dataStart + size > range.length) {
			throw inFile(range.label, `truncated: an entry at byte ${at} claims ${size} bytes but the tar ends first`);
		}

		const kind = headerKind(header.typeflag);
		if (kind === 'pax' || kind === 'gnu-long-name' || kind === 'gnu-long-link' || kind === 'pax-global') {
			const record = readMetaRecord(reader, dataStart, size, range.label);
			if (kind === 'pax') pax = decodePax(record);
			else if (kind === 'gnu-long-name') longName = cStringOf(record);
			else if (kind === 'gnu-long-link') longLink = cStringOf(record);
		} else {
			yield {
				typeflag: header.typeflag,
				offset: at,
				fields: {
					name: pax?.get('path') ?? longName ?? header.name,
					type: entryTypeOf(header.typeflag) ?? 'file',
					size,
					mode: header.mode,
					uid: pax?.has('uid') ? Number(pax.get('uid')) : header.uid,
					gid: pax?.has('gid') ? Number(pax.get('gid')) : header.gid,
					linkname: pax?.get('linkpath') ?? longLink ?? header.linkname,
					mtime: pax?.has('mtime') ? Math.floor(Number(pax.get('mtime'))) : header.mtime,
					devMajor: header.devMajor,
					devMinor: header.devMinor,
					dataOffset: dataStart,
				},
			};
			pax = undefined;
			longName = undefined;
			longLink = undefined;
		}

		at = dataStart + paddedSize(size);
	}

	if (at !== range.length) throw inFile(range.label, 'truncated: the tar ends inside an entry');
}

/** Bytes of each file's start kept with its entry: enough to tell most different contents apart without a hash. */
const headBytes = 64;

/**
 * Lists an uncompressed layer tar that sits in a seekable file by reading its headers: bodies are skipped, and each
 * regular file's entry remembers where its content starts, so that it can be hashed later if needed, and its first
 * bytes, which the window that read the header mostly holds already.
 */
export async function walkSeekableTar(range: FileRange, onBytes?: (done: number) => void): Promise<LayerListing> {
	const collector: Collector = {entries: [], warnings: [], seen: 0};
	const reader = new WindowedReader(range);
	const slice = timeSlices(sliceMs);
	for (const {fields, typeflag, offset} of tarHeaders(range, reader)) {
		if (entryTypeOf(typeflag) === undefined) {
			const what = headerKind(typeflag) === 'unsupported' ? 'a sparse or multi-volume entry' : `an entry of unknown type '${typeflag}'`;
			collector.warnings.push(`${range.label}: ${fields.name} is ${what}; skipped`);
		} else {
			const entry = collect(collector, fields, range.label);
			if (entry?.type === 'file' && entry.size > 0) entry.head = reader.fingerprint(entry.dataOffset!, Math.min(headBytes, entry.size));
		}

		if (++collector.seen % entriesBetweenChecks === 0 && slice.over()) {
			onBytes?.(offset);
			await slice.yield();
		}
	}

	onBytes?.(range.length);
	return {entries: collector.entries, tarBytes: range.length, warnings: collector.warnings};
}

function readMetaRecord(reader: WindowedReader, offset: number, size: number, label: string): Buffer {
	if (size > maxMetaRecordBytes) throw inFile(label, `a tar metadata record of ${size} bytes is too large`);
	return Buffer.from(reader.read(offset, size));
}

function cStringOf(record: Buffer): string {
	const end = record.indexOf(0);
	return record.toString('latin1', 0, end === -1 ? record.length : end);
}

/**
 * Lists a tar that arrives as a stream (a decompressing layer, standard input). With `hashContent`, every regular
 * file's sha256 is computed on the way, because the bytes cannot be read again. Reading stops at the end-of-archive
 * marker, as tar does: whatever follows (an eStargz table of contents, padding, a bomb of zeros) is not read.
 */
export async function walkTarStream(
	input: Readable, label: string, options: {hashContent: boolean; onBytes?: (done: number) => void},
): Promise<LayerListing> {
	const parser = new StreamingTarParser(label, options.hashContent);
	const slice = timeSlices(sliceMs);
	let entriesBefore = 0;
	try {
		for await (const chunk of input) {
			parser.push(chunk as Buffer);
			options.onBytes?.(parser.bytesRead);
			if (parser.ended) break;
			if (parser.collector.entries.length - entriesBefore > entriesBetweenChecks && slice.over()) {
				entriesBefore = parser.collector.entries.length;
				await slice.yield();
			}
		}
	} catch (error) {
		if (error instanceof UserError) throw error;
		throw inFile(label, `not a readable tar: ${describeStreamError(error)}`);
	}

	parser.finish();
	return {entries: parser.collector.entries, tarBytes: parser.bytesRead, warnings: parser.collector.warnings};
}

/** A piece of the body of the `index`-th entry; `end` on its last piece (an empty body has one, empty). */
export type BodyPiece = {index: number; bytes: Buffer; end: boolean};

/**
 * The bodies of the wanted entries (by their place in the listing `walkTarStream` makes) of a tar that arrives as a
 * stream, piece by piece as the input brings them, in tar order: nothing is held but the piece at hand. Reading
 * stops once every wanted body is whole.
 */
export async function * tarEntryBodies(input: Readable, label: string, wanted: ReadonlySet<number>): AsyncGenerator<BodyPiece> {
	const parser = new StreamingTarParser(label, false, wanted);
	try {
		for await (const chunk of input) {
			parser.push(chunk as Buffer);
			yield * parser.takeBodies();
			if (parser.bodiesDone === wanted.size || parser.ended) break;
		}
	} catch (error) {
		if (error instanceof UserError) throw error;
		throw inFile(label, `not a readable tar: ${describeStreamError(error)}`);
	}

	if (parser.bodiesDone < wanted.size) throw inFile(label, 'ends before the entries wanted (did the file change?)');
}

/** A push parser over tar bytes: headers, PAX and GNU long-name records, bodies hashed or skipped. */
class StreamingTarParser {
	readonly collector: Collector = {entries: [], warnings: [], seen: 0};
	bytesRead = 0;
	ended = false;
	private pending: Buffer = Buffer.alloc(0);
	private bodyLeft = 0;
	private paddingLeft = 0;
	private hash: Hash | undefined;
	private hashed: LayerEntry | undefined;
	private meta: {kind: HeaderKind; size: number} | undefined;
	private pax: Map<string, string> | undefined;
	private longName: string | undefined;
	private longLink: string | undefined;
	/** With `wantedBodies`: the pieces of their bodies not yet taken, whose body is coming, and how many are whole. */
	private bodyPieces: BodyPiece[] = [];
	private wantedNow: number | undefined;
	bodiesDone = 0;

	constructor(private readonly label: string, private readonly hashContent: boolean, private readonly wantedBodies?: ReadonlySet<number>) {}

	/** The pieces of wanted bodies that arrived since the last call. */
	takeBodies(): BodyPiece[] {
		const pieces = this.bodyPieces;
		this.bodyPieces = [];
		return pieces;
	}

	push(chunk: Buffer): void {
		let data = chunk;
		while (data.length > 0 && !this.ended) {
			if (this.bodyLeft > 0) {
				const take = Math.min(this.bodyLeft, data.length);
				if (this.wantedNow !== undefined) this.bodyPieces.push({index: this.wantedNow, bytes: Buffer.from(data.subarray(0, take)), end: take === this.bodyLeft});
				this.hashBody(data.subarray(0, take), take === this.bodyLeft);
				this.bodyLeft -= take;
				this.bytesRead += take;
				data = data.subarray(take);
				if (this.bodyLeft === 0) this.finishBody();
			} else if (this.paddingLeft > 0) {
				const take = Math.min(this.paddingLeft, data.length);
				this.paddingLeft -= take;
				this.bytesRead += take;
				data = data.subarray(take);
			} else {
				data = this.takeRecord(data);
			}
		}
	}

	finish(): void {
		if (this.ended) return;
		if (this.bodyLeft > 0 || this.paddingLeft > 0 || this.meta || this.pending.length > 0) throw inFile(this.label, 'truncated (the data ends inside an entry)');
		if (this.bytesRead === 0) throw inFile(this.label, 'empty, not a tar');
	}

	/** Gathers a header (512 bytes) or a metadata record, which may arrive split over chunks. */
	private takeRecord(data: Buffer): Buffer {
		const want = this.meta ? this.meta.size : blockSize;
		const take = Math.min(want - this.pending.length, data.length);
		this.pending = this.pending.length === 0 && take === want ? data.subarray(0, take) : Buffer.concat([this.pending, data.subarray(0, take)]);
		this.bytesRead += take;
		if (this.pending.length === want) {
			const record = this.pending;
			this.pending = Buffer.alloc(0);
			if (this.meta) {
				this.paddingAfter(this.meta.size);
				this.applyMeta(record);
			} else {
				this.applyHeader(record);
			}
		}

		return data.subarray(take);
	}

	private applyHeader(block: Buffer): void {
		if (isZeroBlock(block)) {
			this.ended = true;
			return;
		}

		const header = decodeHeader(block);
		if (!header) throw inFile(this.label, `not a valid tar: bad header at byte ${this.bytesRead - blockSize}`);
		const size = this.pax?.has('size') ? Number(this.pax.get('size')) : header.size;
		if (!Number.isSafeInteger(size) || size < 0) throw inFile(this.label, `bad entry size at byte ${this.bytesRead - blockSize}`);
		const kind = headerKind(header.typeflag);
		if (kind !== 'entry' && kind !== 'unsupported') {
			if (size > maxMetaRecordBytes) throw inFile(this.label, `a tar metadata record of ${size} bytes is too large`);
			this.meta = {kind, size};
			if (size === 0) this.applyMeta(Buffer.alloc(0));
			return;
		}

		const type = entryTypeOf(header.typeflag);
		const pax = this.pax;
		const entry = type === undefined ? undefined : collect(this.collector, {
			name: pax?.get('path') ?? this.longName ?? header.name,
			type,
			size,
			mode: header.mode,
			uid: pax?.has('uid') ? Number(pax.get('uid')) : header.uid,
			gid: pax?.has('gid') ? Number(pax.get('gid')) : header.gid,
			linkname: pax?.get('linkpath') ?? this.longLink ?? header.linkname,
			mtime: pax?.has('mtime') ? Math.floor(Number(pax.get('mtime'))) : header.mtime,
			devMajor: header.devMajor,
			devMinor: header.devMinor,
		}, this.label);
		if (type === undefined) this.collector.warnings.push(`${this.label}: ${header.name}: entry of type '${header.typeflag}' skipped`);
		this.pax = undefined;
		this.longName = undefined;
		this.longLink = undefined;
		this.bodyLeft = size;
		this.paddingAfter(size);
		if (entry?.type === 'file' && size > 0 && this.hashContent) this.hashed = entry;
		const index = this.collector.entries.length - 1;
		if (entry !== undefined && this.wantedBodies?.has(index)) {
			if (size > 0) {
				this.wantedNow = index;
			} else {
				this.bodyPieces.push({index, bytes: Buffer.alloc(0), end: true});
				this.bodiesDone++;
			}
		}
	}

	/** A body that arrives whole in one chunk (most small files) is hashed in one call, without a Hash object. */
	private hashBody(piece: Buffer, last: boolean): void {
		if (!this.hashed) return;
		if (last && !this.hash) {
			this.hashed.digest = hash('sha256', piece, 'hex');
			this.hashed = undefined;
			return;
		}

		this.hash ??= createHash('sha256');
		this.hash.update(piece);
	}

	private applyMeta(record: Buffer): void {
		const {kind} = this.meta!;
		this.meta = undefined;
		if (kind === 'pax') this.pax = decodePax(record);
		else if (kind === 'gnu-long-name') this.longName = cStringOf(record);
		else if (kind === 'gnu-long-link') this.longLink = cStringOf(record);
	}

	private paddingAfter(size: number): void {
		this.paddingLeft = paddedSize(size) - size;
	}

	private finishBody(): void {
		if (this.wantedNow !== undefined) {
			this.wantedNow = undefined;
			this.bodiesDone++;
		}

		if (this.hash && this.hashed) this.hashed.digest = this.hash.digest('hex');
		this.hash = undefined;
		this.hashed = undefined;
	}
}

export function describeStreamError(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	if (/Unexpected end of data|premature close/i.test(message)) return 'truncated (the data ends early)';
	if (/Invalid tar header/i.test(message)) return 'bad tar header';
	return message.split('\n')[0] ?? message;
}
