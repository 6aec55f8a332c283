import wrapAnsi from 'wrap-ansi';
import {escapeControl, formatBytes, formatPercent, shortCommand} from '../analysis/display.js';
import {describeGroup, type FindingGroup} from '../analysis/finding-groups.js';
import {type Report} from '../analysis/report.js';
import {type Finding} from '../analysis/waste.js';
import {type LayerRow} from './browse-model.js';
import {cut} from './tree-line.js';

/**
 * A layer's place for a pane title: `Layer 9 (last of 10)`, `Layer 3 (4th of 10)`. Layers are numbered from 0, so a
 * bare `9 of 9` would read as one layer too few.
 */
export function layerTitle(layer: number, count: number): string {
	if (count === 0) return 'No layers';
	if (count === 1) return `Layer ${layer} (the only one)`;
	if (layer === count - 1) return `Layer ${layer} (last of ${count})`;
	return `Layer ${layer} (${ordinal(layer + 1)} of ${count})`;
}

function ordinal(position: number): string {
	const lastTwo = position % 100;
	const suffix = lastTwo >= 11 && lastTwo <= 13 ? 'th' : ['th', 'st', 'nd', 'rd'][position % 10] ?? 'th';
	return `${position}${suffix}`;
}

/** A layer-list line: `  3   217 MB  RUN python3 …`; history steps without a layer get no number and no size. */
export function layerLineText(row: LayerRow, width: number): string {
	const command = row.createdBy === undefined && row.comment ? `(${escapeControl(row.comment)})` : undefined;
	if (row.kind === 'empty') return cut(`   ·           ${command ?? shortCommand(row.createdBy, width)}`, width);
	const prefix = `${String(row.layer).padStart(4)} ${formatBytes(row.bytes).padStart(9)}  `;
	return cut(prefix + (command ?? shortCommand(row.createdBy, width - prefix.length)), width);
}

/**
 * The layer details pane: identifiers, sizes, date and the build step in `height` lines. Each field takes one line
 * (cut to fit) and the command the rest; `wrapAll` wraps every field whole instead.
 */
export function layerDetailLines(report: Report, layer: number, width: number, height: number, wrapAll = false): string[] {
	const facts = report.layers[layer];
	if (!facts) return [];
	const compressed = facts.compressedBytes === undefined ? 'not in the archive' : `${formatBytes(facts.compressedBytes)} compressed (${facts.compression})`;
	const sizes = `${compressed}, ${formatBytes(facts.uncompressedBytes)} uncompressed, ${formatBytes(facts.fileBytes)} in ${facts.entries} entries`;
	const lines = [
		`Digest   ${facts.digest ?? '(none)'}`,
		`DiffID   ${facts.diffId ?? '(none)'}`,
		`Media    ${facts.mediaType ?? '(not recorded)'}`,
		`Size     ${sizes}`,
		`Created  ${escapeControl(facts.created ?? '(unknown)')}`,
	].flatMap(line => (wrapAll ? wrap(escapeControl(line), width, height) : [cut(escapeControl(line), width)]));
	const command = escapeControl(facts.createdBy ?? (facts.comment ? `(${facts.comment})` : '(no build step)'));
	return [...lines, ...wrap(`Command  ${command}`, width, Math.max(1, height - lines.length))].slice(0, height);
}

/**
 * Wrapping at word boundaries (a word longer than the line is broken) at `width` columns, at most `lines` lines. When
 * the text does not fit, the last line shows as much of the rest as it can and ends with `…`.
 */
export function wrap(text: string, width: number, lines: number): string[] {
	if (width <= 0 || lines <= 0) return [];
	const all = wrapAnsi(text, width, {hard: true, trim: true}).split('\n');
	if (all.length <= lines) return all;
	return [...all.slice(0, lines - 1), cut(all.slice(lines - 1).join(' '), width)];
}

const classLabels: Record<Finding['class'], string> = {
	deleted: 'deleted', overwritten: 'overwritten', metadataOnly: 'metadata-only', duplicate: 'duplicate',
};

/** The figures at the top of the image summary, both families labelled. */
export function summaryFigureText(report: Report, width: number): string[] {
	const own = report.metrics.layerscope;
	const dive = report.metrics.dive;
	const base = report.baseImage;
	return [
		`Total    ${formatBytes(own.storedBytes)} in ${report.layers.length} layers, ${formatBytes(own.visibleBytes)} visible`,
		`Base     ${base.layers === 0 ? 'no layers' : `layers 0-${base.layers - 1}`} (${base.method})`,
		`Efficiency ${formatPercent(own.efficiency)} (layerscope), retained ${formatBytes(own.retainedBytes)}`,
		`  overwritten ${formatBytes(own.overwrittenBytes)}, deleted ${formatBytes(own.deletedBytes)}, metadata-only ${formatBytes(own.metadataOnlyBytes)}`,
		`Duplicate ${formatBytes(own.duplicateBytes)}`,
		`dive-compatible: efficiency ${formatPercent(dive.efficiency, 2)}, wasted ${formatBytes(dive.wastedBytes)}, user wasted ${formatPercent(dive.userWastedPercent, 2)}`,
		`Findings (${report.findings.length} in ${report.findingGroups.length} groups, largest first)`,
	].map(line => cut(escapeControl(line), width));
}

/** One finding line: bytes, class, path, and the layers involved. */
export function findingLineText(finding: Finding, width: number): string {
	const layers = finding.class === 'duplicate'
		? `layers ${(finding.layers ?? []).join(',')}`
		: `${finding.storedInLayer ?? '?'}→${finding.hiddenInLayer ?? '?'}`;
	const files = finding.files > 1 ? ` (${finding.files} files)` : '';
	return cut(`${formatBytes(finding.bytes).padStart(9)} ${classLabels[finding.class].padEnd(13)} ${escapeControl(finding.path)}${files}  ${layers}`, width);
}

/** One group line: bytes, class, open or not, the directory, how many files, and the layers involved. */
export function groupLineText(group: FindingGroup, open: boolean, width: number): string {
	const layers = group.removedIn === null ? `layer ${group.storedIn}` : `${group.storedIn}→${group.removedIn}`;
	const files = group.count > 1 ? ` (${group.count} files)` : '';
	return cut(`${formatBytes(group.bytes).padStart(9)} ${classLabels[group.class].padEnd(13)} ${open ? '▾' : '▸'}${escapeControl(group.directory)}${files}  ${layers}`, width);
}

/** The selected group in words, and its hint, wrapped into `height` lines. */
export function groupDetailText(group: FindingGroup | undefined, width: number, height: number): string[] {
	if (!group) return [];
	// What happened takes at most half the room: the hint, what to do about it, gets the rest.
	const lines = wrap(describeGroup(group, width), width, Math.max(1, Math.ceil(height / 2)));
	lines.push(...wrap(`hint: ${escapeControl(group.hint)}`, width, Math.max(1, height - lines.length)));
	return lines.slice(0, height);
}

/** The selected finding's commands and hint, wrapped into `height` lines. */
export function findingDetailText(finding: Finding | undefined, width: number, height: number): string[] {
	if (!finding) return [];
	const verb = finding.class === 'deleted' ? 'removed' : 'replaced';
	const lines: string[] = [];
	if (finding.class === 'duplicate') {
		lines.push(cut(escapeControl(`same content at ${(finding.paths ?? []).join(', ')}`), width));
	} else {
		lines.push(
			cut(`stored in layer ${finding.storedInLayer}: ${shortCommand(finding.storedBy, width)}`, width),
			cut(`${verb} in layer ${finding.hiddenInLayer}: ${shortCommand(finding.hiddenBy, width)}`, width),
		);
	}

	if (finding.hint) lines.push(...wrap(`hint: ${escapeControl(finding.hint)}`, width, Math.max(1, height - lines.length)));
	return lines.slice(0, height);
}
