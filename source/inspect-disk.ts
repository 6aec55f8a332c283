/** The model step of the disk views: storage roots read into records, accounted for as the engines count. */
import {diskReport, type DiskReport} from './analysis/disk-report.js';
import {diskUsage, type DiskUsage} from './analysis/disk-usage.js';
import {UserError} from './errors.js';
import {type DiskRoots} from './sources/choose-source.js';
import {readStorageRoot} from './sources/storage-root/read-root.js';
import {version} from './version.js';

/** Reads every root and accounts for its disk: the pure model the overview (text, JSON, TUI) renders. */
export function inspectDisk({roots, found}: DiskRoots): DiskReport {
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
