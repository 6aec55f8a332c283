/** Decoders for the Go encodings containerd writes into its bbolt files (docs/formats.md §4.6). */

/** `binary.Uvarint`: 7 bits a byte, least significant first; undefined when the bytes end mid-number. */
export function uvarint(bytes: Buffer): bigint | undefined {
	let value = 0n;
	let shift = 0n;
	for (const byte of bytes) {
		value |= BigInt(byte & 0x7F) << shift;
		if ((byte & 0x80) === 0) return value;
		shift += 7n;
		if (shift > 63n) return undefined;
	}

	return undefined;
}

/** `binary.Varint`: an unsigned varint holding the zigzag form of a signed number. */
export function varint(bytes: Buffer): bigint | undefined {
	const unsigned = uvarint(bytes);
	if (unsigned === undefined) return undefined;
	return (unsigned & 1n) === 0n ? unsigned >> 1n : -(unsigned >> 1n) - 1n;
}

/** A varint that fits a JavaScript number (sizes, counts, ids); undefined otherwise. */
export function varintNumber(bytes: Buffer | undefined, signed = true): number | undefined {
	if (bytes === undefined) return undefined;
	const value = signed ? varint(bytes) : uvarint(bytes);
	if (value === undefined || value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)) return undefined;
	return Number(value);
}

/** Seconds between Go's zero time (0001-01-01 UTC) and the Unix epoch. */
const goEpochOffset = 62_135_596_800n;

/**
 * `time.Time.MarshalBinary` as an RFC 3339 UTC string: version 1 or 2, 8 bytes of seconds since year 1, 4 of
 * nanoseconds (both big-endian), the zone offset (which names the same instant, so it is dropped).
 */
export function goTime(bytes: Buffer | undefined): string | undefined {
	if (bytes === undefined || bytes.length < 15 || (bytes[0] !== 1 && bytes[0] !== 2)) return undefined;
	const seconds = bytes.readBigInt64BE(1) - goEpochOffset;
	const nanoseconds = bytes.readUInt32BE(9);
	const milliseconds = Number(seconds) * 1000 + Math.floor(nanoseconds / 1e6);
	if (!Number.isFinite(milliseconds) || Math.abs(milliseconds) > 8.64e15) return undefined;
	const iso = new Date(milliseconds).toISOString();
	return `${iso.slice(0, 19)}.${String(nanoseconds).padStart(9, '0')}Z`;
}
