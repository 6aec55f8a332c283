import {alignColumns, flagsOf, rootTitle, summaryRows, toolOf} from '../analysis/disk-display.js';
import {type DiskReport} from '../analysis/disk-report.js';
import {escapeControl, formatBytes} from '../analysis/display.js';
import {type OverviewImage, overviewImages, type OverviewState, selectedImage, selectedLayers} from './disk-overview.js';
import {cut} from './tree-line.js';

/** A short id; containerd's parts keep their kind: `blob 1a2b…`, `snapshot 3c4d…` (a build's `-init` in full). */
function shortId(id: string): string {
	const part = /^(content|snapshot):(?:sha256:)?(.*)$/.exec(id);
	if (part) return `${part[1] === 'content' ? 'blob' : 'snapshot'} ${part[2]!.endsWith('-init') ? `${part[2]!.slice(0, 12)}…-init` : part[2]!.slice(0, 12)}`;
	return id.replace(/^sha256:/, '').slice(0, 12);
}
const nameWidth = 40;

export function imageName(image: OverviewImage): string {
	return escapeControl(image.repoTags.join(' ') || '<none>:<none>');
}

function pruneTool(report: DiskReport): string {
	const tools = new Set(report.roots.map(root => toolOf(root)));
	return tools.size === 1 ? `${[...tools][0]} image prune` : 'image prune';
}

/** Above the table: each root's `docker system df` rows, what the prunes would free, the orphans. */
export function overviewHeaderLines(report: DiskReport, width: number): string[] {
	const lines: string[] = [];
	for (const root of report.roots) {
		lines.push(rootTitle(root), ...summaryRows(root.summary).map(line => `  ${line}`));
		if (root.store === 'containerd') {
			const {contentBytes = 0, snapshotBytes = 0, countsContent = false} = root.summary.images;
			const row = countsContent ? 'both (Docker 28.1+)' : 'snapshots only (Docker 26-28.0)';
			lines.push(`  containerd: SIZE blobs+snapshots, SHARED snapshots; Images row ${row}: ${formatBytes(snapshotBytes)} + ${formatBytes(contentBytes)}`);
		}
	}

	const {imagePrune, imagePruneAll, orphans} = report.reclaimable;
	const count = (items: unknown[], noun: string) => `${items.length} ${noun}${items.length === 1 ? '' : 's'}`;
	const tool = pruneTool(report);
	lines.push(`${tool} frees ${formatBytes(imagePrune.bytes)} (${count(imagePrune.images, 'image')}) · ${tool} -a frees ${formatBytes(imagePruneAll.bytes)} (${count(imagePruneAll.images, 'image')})`);
	const listed = report.orphans.map(orphan => `${orphan.kind} ${shortId(escapeControl(orphan.id))} ${formatBytes(orphan.sizeBytes)}`).join(', ');
	lines.push(report.orphans.length === 0 ? 'Orphans: none' : `Orphans: ${count(report.orphans, 'layer directory')}, ${formatBytes(orphans.bytes)}: ${listed}`);
	if (report.warnings.length > 0) lines.push(`Warnings: ${report.warnings.length} (all in --json -), first: ${escapeControl(report.warnings[0]!)}`);
	return lines.map(line => cut(line, width));
}

/** The table's title: which table, how many rows, the order and the filter. */
export function tableTitle(report: DiskReport, state: OverviewState): string {
	if (state.table === 'layers') {
		const image = selectedImage(report, state);
		return image ? `Layers of ${cut(imageName(image), nameWidth)} ${shortId(image.id)} (Tab: images)` : 'Layers: no image selected (Tab: images)';
	}

	const shown = overviewImages(report, state).length;
	const hidden = report.images.filter(image => image.intermediate).length;
	const filter = state.filter.text === '' && !state.filter.editing ? '' : ` · filter: ${escapeControl(state.filter.text)}${state.filter.editing ? '▏' : ''}`;
	return `Images: ${shown} shown${hidden > 0 ? `, ${hidden} intermediate hidden` : ''} · by ${state.sort}${filter}`;
}

/** The table's column header and every row, columns aligned over all rows (the component shows a window). */
export function tableLines(report: DiskReport, state: OverviewState): {header: string; rows: string[]} {
	const [header = '', ...rows] = state.table === 'images' ? imageLines(overviewImages(report, state)) : layerLines(report, state);
	return {header, rows};
}

function imageLines(images: OverviewImage[]): string[] {
	return alignColumns([
		{title: 'REPOSITORY:TAG'}, {title: 'IMAGE ID'}, {title: 'CREATED'}, {title: 'SIZE', right: true}, {title: 'SHARED', right: true},
		{title: 'UNIQUE', right: true}, {title: 'CTRS', right: true}, {title: 'FLAGS'},
	], images.map(image => [
		cut(imageName(image), nameWidth), shortId(image.id), escapeControl(image.created?.slice(0, 16).replace('T', ' ') ?? ''), formatBytes(image.sizeBytes),
		formatBytes(image.sharedSizeBytes), formatBytes(image.uniqueSizeBytes), String(image.containers), flagsOf(image),
	]));
}

function layerLines(report: DiskReport, state: OverviewState): string[] {
	const names = new Map(report.images.map(image => [image.id, cut(imageName(image), nameWidth)]));
	return alignColumns([{title: 'LAYER'}, {title: 'SIZE', right: true}, {title: 'ALSO IN'}], selectedLayers(report, state).map(layer => [
		shortId(escapeControl(layer.id)), formatBytes(layer.sizeBytes),
		layer.sharedWith.length === 0 ? '(this image only)' : layer.sharedWith.map(id => names.get(id) ?? shortId(id)).join(', '),
	]));
}

export type OverviewLayout = {tooSmall: true; message: string} | {tooSmall: false; height: number; tableHeight: number};

export const minimumOverviewColumns = 60;
export const minimumOverviewRows = 12;

/** One row less than the terminal (P12): the header lines, the table's title and column header, its rows, the key bar. */
export function overviewLayout(headerLines: number, columns: number, rows: number): OverviewLayout {
	const height = rows - 1;
	const tableHeight = height - headerLines - 3;
	if (columns < minimumOverviewColumns || rows < minimumOverviewRows || tableHeight < 3) {
		return {tooSmall: true, message: `The terminal is ${columns}×${rows}; the disk overview needs at least ${minimumOverviewColumns}×${Math.max(minimumOverviewRows, headerLines + 7)}. Enlarge the window, or press q to quit.`};
	}

	return {tooSmall: false, height, tableHeight};
}
