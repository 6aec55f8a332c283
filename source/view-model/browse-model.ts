import {textToBinary} from '../analysis/paths.js';
import {type Report} from '../analysis/report.js';
import {finish, type Steps} from '../analysis/steps.js';
import {type LayerOutcome} from '../analysis/union.js';
import {type Finding} from '../analysis/waste.js';
import {type FileActions} from './file-view.js';
import {findPath, type PathTable, tabulatingPaths} from './path-table.js';
import {createTreeView, type TreeView} from './tree-rows.js';

/** One line of the layer list: a real layer, or a history step that made no layer (shown, but not numbered). */
export type LayerRow =
	| {kind: 'layer'; layer: number; createdBy?: string; comment?: string; bytes: number}
	| {kind: 'empty'; createdBy?: string; comment?: string};

/** Where selecting a finding takes the tree: the layer where its bytes went to waste, and its path. */
export type FindingTarget = {layer: number; path?: number};

/** Everything the browser shows, computed once after the analysis. */
export type BrowseModel = {
	report: Report;
	table: PathTable;
	tree: TreeView;
	layerRows: LayerRow[];
	/** For each layer, its line in `layerRows`. */
	layerRowOf: number[];
	findingTargets: FindingTarget[];
	/** The layer the browser opens on: `--layer N`, else the last (the image as it runs). */
	openLayer: number;
	/** Reading and writing the image's files, where the session has the image open. */
	files?: FileActions;
};

/** Builds the browser's model from a finished analysis (contents hashed). */
export function createBrowseModel(report: Report, outcomes: LayerOutcome[], openLayer?: number): BrowseModel {
	return finish(creatingBrowseModel(report, outcomes, openLayer));
}

/** `createBrowseModel` as steps; `openLayer` is `--layer N`, else the last. */
export function * creatingBrowseModel(report: Report, outcomes: LayerOutcome[], openLayer = Math.max(0, report.layers.length - 1)): Steps<BrowseModel> {
	const table = yield * tabulatingPaths(outcomes);
	const layerRows = layerRowsOf(report);
	const layerRowOf: number[] = [];
	layerRows.forEach((row, index) => {
		if (row.kind === 'layer') layerRowOf[row.layer] = index;
	});
	return {
		report, table, tree: createTreeView(table), layerRows, layerRowOf,
		findingTargets: report.findings.map(finding => targetOf(finding, table)), openLayer,
	};
}

function layerRowsOf(report: Report): LayerRow[] {
	const rows: LayerRow[] = [];
	const listed = new Set<number>();
	const bytesOf = (layer: number) => report.layers[layer]?.fileBytes ?? 0;
	for (const step of report.history) {
		const described = {...(step.createdBy === undefined ? {} : {createdBy: step.createdBy}), ...(step.comment ? {comment: step.comment} : {})};
		if (step.layerIndex === undefined) {
			rows.push({kind: 'empty', ...described});
			continue;
		}

		listed.add(step.layerIndex);
		rows.push({kind: 'layer', layer: step.layerIndex, bytes: bytesOf(step.layerIndex), ...described});
	}

	for (const layer of report.layers) {
		if (!listed.has(layer.index)) rows.push({kind: 'layer', layer: layer.index, bytes: layer.fileBytes});
	}

	return rows;
}

function targetOf(finding: Finding, table: PathTable): FindingTarget {
	const layer = finding.class === 'duplicate' ? finding.layers?.at(-1) ?? table.layerCount - 1 : finding.hiddenInLayer ?? finding.storedInLayer ?? 0;
	const path = findPath(table, textToBinary(finding.path.replace(/^\//, '')));
	return path === undefined ? {layer} : {layer, path};
}
