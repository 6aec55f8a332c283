import {type ByteSink} from './content-pool.js';

export const tarBlock = 512;
/** Docker's writer (Go archive/tar) ends an archive with two zero blocks and no further record padding. */
export const endOfArchive = Buffer.alloc(2 * tarBlock);

export type UstarEntry = {
	name: string;
	type: 'file' | 'dir' | 'symlink';
	size?: number;
	mode?: number;
	linkname?: string;
	mtime?: number;
};

const typeflags = {file: '0', dir: '5', symlink: '2'} as const;
/** A fixed time keeps generated archives byte-identical from run to run. */
const fixedMtime = 1_700_000_000;

export function paddedSize(size: number): number {
	return Math.ceil(size / tarBlock) * tarBlock;
}

/** Bytes one entry takes in a tar written by this module: header plus padded body. */
export function entryBytes(size: number): number {
	return tarBlock + paddedSize(size);
}

/** A POSIX ustar header. Names up to 255 bytes go through the prefix field; longer ones are refused. */
export function ustarHeader(entry: UstarEntry): Buffer {
	const header = Buffer.alloc(tarBlock);
	const name = entry.type === 'dir' && !entry.name.endsWith('/') ? `${entry.name}/` : entry.name;
	const [prefix, base] = splitName(name);
	writeText(header, 0, 100, base);
	writeOctal(header, 100, 8, entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644));
	writeOctal(header, 108, 8, 0);
	writeOctal(header, 116, 8, 0);
	writeOctal(header, 124, 12, entry.type === 'file' ? entry.size ?? 0 : 0);
	writeOctal(header, 136, 12, entry.mtime ?? fixedMtime);
	header.write(typeflags[entry.type], 156, 'latin1');
	writeText(header, 157, 100, entry.linkname ?? '');
	header.write('ustar\u000000', 257, 'latin1');
	writeText(header, 265, 32, 'root');
	writeText(header, 297, 32, 'root');
	writeText(header, 345, 155, prefix);
	writeChecksum(header);
	return header;
}

/** Writes one entry whose body is produced by `writeBody` (exactly `size` bytes), then its padding. */
export function writeEntry(sink: ByteSink, entry: UstarEntry, writeBody?: (sink: ByteSink) => void): void {
	sink.write(ustarHeader(entry));
	const size = entry.type === 'file' ? entry.size ?? 0 : 0;
	if (size === 0) return;
	writeBody?.(sink);
	const padding = paddedSize(size) - size;
	if (padding > 0) sink.write(Buffer.alloc(padding));
}

function splitName(name: string): [prefix: string, base: string] {
	if (Buffer.byteLength(name) <= 100) return ['', name];
	// The split must fall on a slash, with at most 155 bytes before it and 100 after.
	for (let slash = name.indexOf('/'); slash !== -1; slash = name.indexOf('/', slash + 1)) {
		const prefix = name.slice(0, slash);
		const base = name.slice(slash + 1);
		if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(base) <= 100 && base !== '') return [prefix, base];
	}

	throw new Error(`name too long for a ustar header: ${name}`);
}

function writeText(header: Buffer, offset: number, length: number, text: string): void {
	if (Buffer.byteLength(text) > length) throw new Error(`tar header field too long: ${text}`);
	header.write(text, offset, length, 'utf8');
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
	const digits = value.toString(8);
	if (digits.length > length - 1) throw new Error(`${value} does not fit a ${length}-byte tar field`);
	header.write(`${digits.padStart(length - 1, '0')}\u0000`, offset, length, 'latin1');
}

function writeChecksum(header: Buffer): void {
	header.fill(0x20, 148, 156);
	let sum = 0;
	for (const byte of header) sum += byte;
	header.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8, 'latin1');
}
