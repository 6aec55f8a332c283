import {diskReport, type DiskReport} from '../analysis/disk-report.js';
import {diskUsage, type DiskUsage} from '../analysis/disk-usage.js';
import {UserError} from '../errors.js';
import {diskTable} from '../output/disk-table.js';
import {writeJsonReport} from './report.js';
import {readStorageRoot} from '../sources/storage-root/read-root.js';
import {version} from '../version.js';

export type DiskOptions = {
	roots: string[];
	json?: string;
	/** Roots found by looking, not named: one that cannot be read is a warning while another can be. */
	found?: boolean;
};

/** Reads every root and accounts for its disk: the pure model the overview (text, JSON, TUI) renders. */
export function readDiskReport(roots: string[], found = false): DiskReport {
	const usages: DiskUsage[] = [];
	const skipped: UserError[] = [];
	for (const root of roots) {
		try {
			// A Docker root and the system containerd root it uses both lead to the same namespace: read it once.
			const fresh = readStorageRoot(root).filter(records => !usages.some(usage => usage.root === records.root));
			usages.push(...fresh.map(records => diskUsage(records)));
		} catch (error) {
			if (!found || !(error instanceof UserError)) throw error;
			skipped.push(error);
		}
	}

	if (usages.length === 0 && skipped[0]) throw skipped[0];
	const report = diskReport(usages, version);
	report.warnings.push(...skipped.map(error => `skipped: ${error.message}`));
	return report;
}

/** `layerscope --root DIR` with no image: the disk overview as JSON or as a plain table. Returns the exit code. */
export async function runDisk(options: DiskOptions): Promise<number> {
	const report = readDiskReport(options.roots, options.found);
	if (options.json !== undefined) {
		writeJsonReport(report, options.json);
		return 0;
	}

	await new Promise<void>((resolve, reject) => {
		process.stdout.write(diskTable(report), error => {
			if (error) reject(error);
			else resolve();
		});
	});
	return 0;
}
