/** Median and 90th percentile of a list of timings, in milliseconds, for the TUI benchmark's tables. */
export type Timing = {label: string; count: number; medianMs: number; p90Ms: number; maxMs: number};

export function summarize(label: string, samples: number[]): Timing {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
	return {label, count: sorted.length, medianMs: at(0.5), p90Ms: at(0.9), maxMs: sorted.at(-1) ?? Number.NaN};
}

export function timingTable(timings: Timing[]): string {
	const rows = timings.map(timing => `${timing.label.padEnd(44)} ${String(timing.count).padStart(5)} ${timing.medianMs.toFixed(1).padStart(8)} ${timing.p90Ms.toFixed(1).padStart(8)} ${timing.maxMs.toFixed(1).padStart(8)}`);
	return [`${'key press → frame'.padEnd(44)} ${'n'.padStart(5)} ${'median'.padStart(8)} ${'p90'.padStart(8)} ${'max'.padStart(8)}  (ms)`, ...rows].join('\n');
}

export const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
