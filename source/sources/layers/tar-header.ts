import {type EntryType} from '../../analysis/model.js';

/** A decoded tar header, before PAX and GNU long-name records are folded in. Names are binary strings. */
export type RawTarHeader = {
	name: string;
	mode: number;
	uid: number;
	gid: number;
	size: number;
	mtime: number;
	typeflag: string;
	linkname: string;
	devMajor: number;
	devMinor: number;
};

export const blockSize = 512;

/** Kinds of header a tar walker meets: a real entry, or a record that modifies the next one. */
export type HeaderKind = 'entry' | 'pax' | 'pax-global' | 'gnu-long-name' | 'gnu-long-link' | 'unsupported';

export function headerKind(typeflag: string): HeaderKind {
	switch (typeflag) {
		case 'x': {
			return 'pax';
		}

		case 'g': {
			return 'pax-global';
		}

		case 'L': {
			return 'gnu-long-name';
		}

		case 'K': {
			return 'gnu-long-link';
		}

		case 'S':
		case 'M':
		case 'V': {
			return 'unsupported';
		}

		default: {
			return 'entry';
		}
	}
}

/** Maps a tar typeflag to an entry type; `7` (contiguous) and old NUL are regular files. */
export function entryTypeOf(typeflag: string): EntryType | undefined {
	switch (typeflag) {
		case '0':
		case '\0':
		case '':
		case '7': {
			return 'file';
		}

		case '1': {
			return 'hardlink';
		}

		case '2': {
			return 'symlink';
		}

		case '3': {
			return 'char';
		}

		case '4': {
			return 'block';
		}

		case '5': {
			return 'dir';
		}

		case '6': {
			return 'fifo';
		}

		default: {
			return undefined;
		}
	}
}

export function isZeroBlock(block: Uint8Array): boolean {
	for (const byte of block) if (byte !== 0) return false;
	return true;
}

/** Decodes one 512-byte header. Returns undefined when the checksum does not match (not a tar header). */
export function decodeHeader(block: Buffer): RawTarHeader | undefined {
	if (block.length < blockSize || !checksumMatches(block)) return undefined;
	let name = cString(block, 0, 100);
	// POSIX ustar ("ustar\0") splits long names into a prefix; GNU ("ustar  \0") uses that space for other fields.
	const posixUstar = block[257] === 0x75 && block[262] === 0 && block[263] === 0x30;
	if (posixUstar && block[345] !== 0) name = `${cString(block, 345, 155)}/${name}`;
	return {
		name,
		mode: numeric(block, 100, 8),
		uid: numeric(block, 108, 8),
		gid: numeric(block, 116, 8),
		size: numeric(block, 124, 12),
		mtime: numeric(block, 136, 12),
		typeflag: block[156] === 0 ? '0' : String.fromCharCode(block[156]!),
		linkname: block[157] === 0 ? '' : cString(block, 157, 100),
		devMajor: numeric(block, 329, 8),
		devMinor: numeric(block, 337, 8),
	};
}

/** The unsigned header checksum: the sum of all bytes with the checksum field read as spaces. */
function checksumMatches(block: Buffer): boolean {
	let sum = byteSum(block);
	for (let i = 148; i < 156; i++) sum -= block[i]!;
	return numeric(block, 148, 8) === sum + 8 * 32;
}

let wordsOf: {buffer: ArrayBufferLike; words: Uint32Array} | undefined;

/**
 * Sum of the 512 bytes, four at a time when the block is aligned (this runs once per tar entry). Headers are read
 * through one window buffer, so its 32-bit view is made once, not once per header.
 */
function byteSum(block: Buffer): number {
	if (block.byteOffset % 4 !== 0) {
		let sum = 0;
		for (let i = 0; i < blockSize; i++) sum += block[i]!;
		return sum;
	}

	if (wordsOf?.buffer !== block.buffer) wordsOf = {buffer: block.buffer, words: new Uint32Array(block.buffer, 0, Math.floor(block.buffer.byteLength / 4))};
	const {words} = wordsOf;
	let pairs = 0;
	for (let index = block.byteOffset / 4, end = index + blockSize / 4; index < end; index++) {
		const word = words[index]!;
		pairs += (word & 0x00_ff_00_ff) + ((word >>> 8) & 0x00_ff_00_ff);
	}

	return (pairs & 0xff_ff) + Math.floor(pairs / 0x1_00_00);
}

function cString(block: Buffer, offset: number, length: number): string {
	let end = offset;
	const limit = offset + length;
	while (end < limit && block[end] !== 0) end++;
	return block.toString('latin1', offset, end);
}

/** Octal digits (leading spaces, trailing NUL or space), or GNU base-256 when the high bit of the first byte is set. */
function numeric(block: Buffer, offset: number, length: number): number {
	const first = block[offset]!;
	if (first & 0x80) {
		let value = first & 0x7f;
		for (let i = 1; i < length; i++) value = value * 256 + block[offset + i]!;
		return value;
	}

	let value = 0;
	let i = offset;
	const end = offset + length;
	while (i < end && block[i] === 0x20) i++;
	for (; i < end; i++) {
		const digit = block[i]! - 0x30;
		if (digit < 0 || digit > 7) break;
		value = value * 8 + digit;
	}

	return value;
}

/** PAX records (`<len> <key>=<value>\n`). Keys and values are kept as binary strings, as raw bytes. */
export function decodePax(buffer: Buffer): Map<string, string> {
	const records = new Map<string, string>();
	let at = 0;
	while (at < buffer.length) {
		const space = buffer.indexOf(0x20, at);
		if (space === -1) break;
		const length = Number.parseInt(buffer.toString('latin1', at, space), 10);
		if (!Number.isFinite(length) || length <= 0 || at + length > buffer.length) break;
		const record = buffer.toString('latin1', space + 1, at + length - 1);
		const equals = record.indexOf('=');
		if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1));
		at += length;
	}

	return records;
}

export function paddedSize(size: number): number {
	return Math.ceil(size / blockSize) * blockSize;
}
