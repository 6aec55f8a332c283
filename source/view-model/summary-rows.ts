/**
 * The summary pane's list: the findings' groups, largest first, and under the open group its findings. Enter on a
 * group opens or closes it; Enter on a finding shows it in the tree.
 */
import {type Report} from '../analysis/report.js';

export type SummaryRow = {kind: 'group'; group: number; open: boolean} | {kind: 'finding'; finding: number; group: number};

/** The rows with `openGroup` (an index into `findingGroups`) showing its findings. */
export function summaryRows(report: Report, openGroup: number | undefined): SummaryRow[] {
	return report.findingGroups.flatMap((group, index): SummaryRow[] => {
		const row: SummaryRow = {kind: 'group', group: index, open: index === openGroup};
		if (index !== openGroup) return [row];
		return [row, ...group.findings.map((finding): SummaryRow => ({kind: 'finding', finding, group: index}))];
	});
}
