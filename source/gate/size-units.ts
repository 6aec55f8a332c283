const kilo = 1000;
const kibi = 1024;

/** go-humanize's unit table, which dive's `highestWastedBytes` goes through: SI units are decimal, `i` units binary. */
const bytesPerUnit: Record<string, number> = {
	'': 1, b: 1,
	k: kilo, kb: kilo, m: kilo ** 2, mb: kilo ** 2, g: kilo ** 3, gb: kilo ** 3,
	t: kilo ** 4, tb: kilo ** 4, p: kilo ** 5, pb: kilo ** 5, e: kilo ** 6, eb: kilo ** 6,
	ki: kibi, kib: kibi, mi: kibi ** 2, mib: kibi ** 2, gi: kibi ** 3, gib: kibi ** 3,
	ti: kibi ** 4, tib: kibi ** 4, pi: kibi ** 5, pib: kibi ** 5, ei: kibi ** 6, eib: kibi ** 6,
};

/**
 * Bytes in a size as dive reads it (go-humanize `ParseBytes`): a number, optionally with `,` between digit groups,
 * then a unit whose case is ignored, so `20MB` and `20Mb` are both 20,000,000 bytes and `20MiB` is 20 × 2^20.
 * Fractions of a byte are cut off, as dive's conversion to an integer does. `undefined` for anything else.
 */
export function parseSize(text: string): number | undefined {
	const match = /^([\d.,]*)(.*)$/s.exec(text.trim())!;
	const digits = match[1]!.replaceAll(',', '');
	if (!/^(\d+\.?\d*|\.\d+)$/.test(digits)) return undefined;
	const factor = bytesPerUnit[match[2]!.trim().toLowerCase()];
	return factor === undefined ? undefined : Math.floor(Number(digits) * factor);
}
