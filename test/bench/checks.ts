import {type Measurement, megabytes} from './measure.js';

export type Verdict = 'PASS' | 'FAIL' | 'SKIP';
export type Check = {requirement: string; verdict: Verdict; detail: string};
export type Ratio = {name: string; value?: number};

const maxSlowdownVersusOpenssl = 1.5;
const maxPeakRssBytes = 400e6;
const maxRssGrowthForTenTimesTheBytes = 1.25;

/** The figures the requirements are stated in, from the rows measured. */
export function ratios(rows: Measurement[]): Ratio[] {
	const time = (id: string) => best(rows, id);
	return [
		{name: 'A: analysis / openssl dgst -sha256', value: quotient(time('a.analysis'), time('a.openssl'))},
		{name: 'A: analysis / tar -tvf (outer archive)', value: quotient(time('a.analysis'), time('a.tar'))},
		{name: 'A: analysis / tar -tvf of every layer', value: quotient(time('a.analysis'), time('a.tar-layers'))},
		{name: 'A: --list / openssl dgst -sha256', value: quotient(time('a.list'), time('a.openssl'))},
		{name: 'B: analysis / gzip -dc', value: quotient(time('b.analysis'), time('b.gzip'))},
		{name: 'memory: peak RSS, 10x bytes / 1x bytes', value: quotient(rss(rows, 'memory.large'), rss(rows, 'memory.small'))},
		{name: 'C: containerd disk overview / du -s', value: quotient(time('c.disk'), time('c.du'))},
		{name: 'C: containerd image analysis / its floor (gzip -dc or openssl)', value: quotient(time('c.image'), time('c.floor'))},
	];
}

export function checks(rows: Measurement[]): Check[] {
	const analysisA = best(rows, 'a.analysis');
	const openssl = best(rows, 'a.openssl');
	const rssA = rss(rows, 'a.analysis');
	const analysisB = best(rows, 'b.analysis');
	const gzip = best(rows, 'b.gzip');
	const rssSmall = rss(rows, 'memory.small');
	const rssLarge = rss(rows, 'memory.large');
	return [
		judge(`A: full analysis within ${maxSlowdownVersusOpenssl}x of openssl dgst -sha256`, analysisA, openssl,
			(a, o) => a <= o * maxSlowdownVersusOpenssl, (a, o) => `${a.toFixed(2)} s vs ${o.toFixed(2)} s = ${(a / o).toFixed(2)}x`),
		judge('A: full analysis peak RSS under 400 MB', rssA, maxPeakRssBytes / 1024,
			kib => kib * 1024 < maxPeakRssBytes, kib => `${megabytes(kib)} MB`),
		judge('B: full analysis no slower than gzip -dc', analysisB, gzip,
			(a, g) => a <= g, (a, g) => `${a.toFixed(2)} s vs ${g.toFixed(2)} s = ${(a / g).toFixed(2)}x`),
		judge(`memory: 10x the bytes within ${maxRssGrowthForTenTimesTheBytes}x the peak RSS`, rssLarge, rssSmall,
			(large, small) => large <= small * maxRssGrowthForTenTimesTheBytes,
			(large, small) => `${megabytes(large)} MB vs ${megabytes(small)} MB = ${(large / small).toFixed(2)}x`),
	];
}

function judge(
	requirement: string, measured: number | undefined, reference: number | undefined,
	passes: (measured: number, reference: number) => boolean, describe: (measured: number, reference: number) => string,
): Check {
	if (measured === undefined || reference === undefined) return {requirement, verdict: 'SKIP', detail: 'a figure it needs is missing'};
	return {requirement, verdict: passes(measured, reference) ? 'PASS' : 'FAIL', detail: describe(measured, reference)};
}

function best(rows: Measurement[], id: string): number | undefined {
	return rows.find(row => row.id === id)?.bestSeconds;
}

function rss(rows: Measurement[], id: string): number | undefined {
	return rows.find(row => row.id === id)?.peakRssKiB;
}

function quotient(a: number | undefined, b: number | undefined): number | undefined {
	return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}
