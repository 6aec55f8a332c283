import {inspectDisk} from '../inspect-disk.js';
import {diskTable} from '../output/disk-table.js';
import {writeJsonReport} from '../output/json-report.js';
import {type DiskRoots} from '../sources/choose-source.js';
import {writeStdout} from '../terminal.js';

export type DiskOverviewOptions = {
	/** `--json PATH|-`: the disk report (schema/disk-report.schema.json) instead of the table. */
	json?: string;
};

/** `layerscope [--root DIR]` with no image and no terminal: the disk overview as a plain table or as JSON. */
export async function runDiskOverview(disk: DiskRoots, options: DiskOverviewOptions): Promise<number> {
	const report = inspectDisk(disk);
	if (options.json === undefined) await writeStdout(diskTable(report));
	else writeJsonReport(report, options.json);
	return 0;
}
