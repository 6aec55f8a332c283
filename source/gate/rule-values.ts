import {parseSize} from './size-units.js';

/** A threshold read from text, or what is wrong with the text, phrased to follow the name of the key. */
export type Parsed<T> = {ok: true; value: T} | {ok: false; problem: string};

/** Growth over a baseline: in bytes, or in percent of the baseline's figure. */
export type Growth = {bytes: number} | {percent: number};

const ok = <T>(value: T): Parsed<T> => ({ok: true, value});
const bad = (text: string, expected: string): Parsed<never> => ({ok: false, problem: `${JSON.stringify(text)} is not ${expected}`});

/** The values that turn a rule off, as dive accepts them (its case is ignored, so is surrounding space). */
export function isDisabled(text: string): boolean {
	return ['', 'disabled', 'off', 'false'].includes(text.trim().toLowerCase());
}

/** A decimal number as Go's `strconv.ParseFloat` reads it, without its hexadecimal, `inf` and `NaN` forms. */
function parseDecimal(text: string): number | undefined {
	return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text.trim()) ? Number(text) : undefined;
}

/** dive's ratio thresholds (`lowestEfficiency`, `highestUserWastedPercent`): a number from 0 to 1. */
export function parseDiveRatio(text: string): Parsed<number> {
	const value = parseDecimal(text);
	if (value === undefined) return bad(text, 'a number');
	if (value < 0 || value > 1) return {ok: false, problem: `${text.trim()} is outside the allowed range 0 to 1`};
	return ok(value);
}

/** A ratio from 0 to 1 (`0.05`) or a percent from 0 to 100 (`5%`); a bare number above 1 is refused as ambiguous. */
export function parseShare(text: string): Parsed<number> {
	const trimmed = text.trim();
	const percent = trimmed.endsWith('%') ? parseDecimal(trimmed.slice(0, -1)) : undefined;
	if (percent !== undefined) {
		return percent >= 0 && percent <= 100 ? ok(percent / 100) : {ok: false, problem: `${trimmed} is outside 0% to 100%`};
	}

	const ratio = parseDecimal(trimmed);
	if (ratio === undefined) return bad(text, 'a ratio (0.05) or a percent (5%)');
	if (ratio < 0 || ratio > 1) return {ok: false, problem: `${trimmed} is not a ratio from 0 to 1 (write ${trimmed}% for a percent)`};
	return ok(ratio);
}

/** A size in bytes with dive's units (`1B`, `50kB`, `20MB`) or binary ones (`512KiB`, `1GiB`). */
export function parseBytes(text: string): Parsed<number> {
	const bytes = parseSize(text);
	return bytes === undefined ? bad(text, 'a size (such as 0, 1B, 50kB, 20MB, 1GiB)') : ok(bytes);
}

export function parseCount(text: string): Parsed<number> {
	return /^\d+$/.test(text.trim()) ? ok(Number(text)) : bad(text, 'a whole number');
}

/** A growth limit: a size (`5MB`) or a percent of the baseline (`10%`). */
export function parseGrowth(text: string): Parsed<Growth> {
	const trimmed = text.trim();
	if (trimmed.endsWith('%')) {
		const percent = parseDecimal(trimmed.slice(0, -1));
		return percent !== undefined && percent >= 0 ? ok({percent}) : bad(text, 'a percent (10%) or a size (5MB)');
	}

	const bytes = parseSize(trimmed);
	return bytes === undefined ? bad(text, 'a size (5MB) or a percent (10%)') : ok({bytes});
}
