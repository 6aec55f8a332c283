/**
 * The summary pane's list: the findings' groups, largest first, and under the open group its findings. Enter on a
 * group opens or closes it; Enter on a finding shows it in the tree.
 */
import {type Report} from '../analysis/report.js';

export type FindingRow = {kind: 'group'; group: number; open: boolean} | {kind: 'finding'; finding: number; group: number};

/** The rows with `openGroup` (an index into `findingGroups`) showing its findings. */
export function findingRows(report: Report, openGroup: number | undefined): FindingRow[] {
	return report.findingGroups.flatMap((group, index): FindingRow[] => {
		const row: FindingRow = {kind: 'group', group: index, open: index === openGroup};
		if (index !== openGroup) return [row];
		return [row, ...group.findings.map((finding): FindingRow => ({kind: 'finding', finding, group: index}))];
	});
}

/** How many rows `findingRows` gives, without making them: for every key press and redraw. */
export function findingRowCount(report: Report, openGroup: number | undefined): number {
	const open = openGroup === undefined ? undefined : report.findingGroups[openGroup];
	return report.findingGroups.length + (open?.findings.length ?? 0);
}
