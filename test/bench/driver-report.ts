/** What the analysis driver prints (one JSON line). Its own module: importing the driver would run it. */
export type DriverReport = {
	archive: string;
	mode: 'json' | 'list';
	layers: number;
	entries: number;
	/** Seconds per phase, in the order they ran. */
	phases: Record<string, number>;
	hashed?: {entries: number; bytes: number};
	/** process.resourceUsage().maxRSS, in KiB. */
	maxRssKiB: number;
};

export function parseDriverReport(stdout: string | undefined): DriverReport | undefined {
	try {
		return JSON.parse(stdout?.trim().split('\n').at(-1) ?? '') as DriverReport;
	} catch {
		return undefined;
	}
}
