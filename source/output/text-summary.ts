import {escapeControl, formatBytes, formatPercent, shortCommand} from '../analysis/display.js';
import {describeGroup} from '../analysis/finding-groups.js';
import {type WasteClass} from '../analysis/model.js';
import {familiarReference} from '../analysis/reference.js';
import {type Report} from '../analysis/report.js';

/** How each class of finding is named in text meant for people. */
export const classNames: Record<WasteClass, string> = {
	overwritten: 'overwritten', deleted: 'deleted', metadataOnly: 'metadata-only', duplicate: 'duplicate',
};

/** A readable account of the report for a terminal or a log: image, layers, figures, the largest findings. */
export function textSummary(report: Report, options: {width?: number; findings?: number} = {}): string {
	const width = Math.max(60, options.width ?? 100);
	const lines: string[] = [];
	const {image, metrics, baseImage} = report;
	const name = image.references.length > 0 ? image.references.map(reference => familiarReference(reference)).join(', ') : '<none>';
	const platform = [image.os, image.architecture, image.variant].filter(Boolean).join('/');
	lines.push(`Image      ${escapeControl(name)}  ${image.id.slice(0, 19)}${platform ? `  ${escapeControl(platform)}` : ''}${image.created ? `  created ${escapeControl(image.created)}` : ''}`);
	const fromRoot = ['docker-root', 'containerd', 'containers-storage'].includes(report.source.layout);
	lines.push(`${fromRoot ? 'Root     ' : 'Archive  '}  ${escapeControl(report.source.path)} (${report.source.layout}${report.source.compression === 'none' ? '' : `, ${report.source.compression}`}, ${report.source.images} image${report.source.images === 1 ? '' : 's'})`);
	lines.push(`Base image ${baseImage.layers} layer${baseImage.layers === 1 ? '' : 's'} (${baseImage.method}: ${escapeControl(baseImage.detail)})`, '');
	lines.push(...layerTable(report, width), '');
	const own = metrics.layerscope;
	lines.push(
		`Efficiency ${formatPercent(own.efficiency)}: ${formatBytes(own.visibleBytes)} visible of ${formatBytes(own.storedBytes)} stored`,
		`Retained   ${formatBytes(own.retainedBytes)}: deleted ${formatBytes(own.deletedBytes)}, overwritten ${formatBytes(own.overwrittenBytes)}, metadata-only ${formatBytes(own.metadataOnlyBytes)}`,
		`Duplicate  ${formatBytes(own.duplicateBytes)} of content stored at more than one path`,
		`dive-compatible: efficiency ${formatPercent(metrics.dive.efficiency, 2)}, wasted ${formatBytes(metrics.dive.wastedBytes)}, user wasted ${formatPercent(metrics.dive.userWastedPercent, 2)} of ${formatBytes(metrics.dive.userSizeBytes)}`,
	);
	lines.push(...groupLines(report, options.findings ?? 10, width));
	if (report.warnings.length > 0) {
		lines.push('', `Warnings (${report.warnings.length}):`);
		for (const warning of report.warnings.slice(0, 20)) lines.push(`  ${escapeControl(warning)}`);
		if (report.warnings.length > 20) lines.push(`  … and ${report.warnings.length - 20} more (see --json)`);
	}

	return `${lines.join('\n')}\n`;
}

function layerTable(report: Report, width: number): string[] {
	const lines = ['Layer        Size  Retained   +Add  ~Mod  ~Meta  -Del  Command'];
	const commandWidth = width - 50;
	for (const layer of report.layers) {
		const {changes} = layer;
		lines.push([
			String(layer.index).padStart(5),
			formatBytes(layer.fileBytes).padStart(11),
			formatBytes(layer.retainedBytes).padStart(9),
			String(changes.added).padStart(6),
			String(changes.modified).padStart(5),
			String(changes.metadataOnly).padStart(6),
			String(changes.removed).padStart(5),
			` ${layer.inArchive ? '' : '(not in archive) '}${layerStep(layer, commandWidth)}`,
		].join(' '));
	}

	return lines;
}

/** The build step, or for a layer made without one (`docker import`, `docker commit`) its comment. */
function layerStep(layer: Report['layers'][number], width: number): string {
	if (!layer.createdBy && layer.comment) return shortCommand(`(${layer.comment})`, width);
	return shortCommand(layer.createdBy, width);
}

/** The findings by cause, largest group first, each a sentence, its hint and its largest paths. */
function groupLines(report: Report, limit: number, width: number): string[] {
	const {findings, findingGroups: groups} = report;
	if (groups.length === 0) return ['', 'No wasted bytes found.'];
	const lines = ['', `Findings (${findings.length}, in ${groups.length} group${groups.length === 1 ? '' : 's'} by cause, largest first):`];
	for (const group of groups.slice(0, limit)) {
		lines.push(`  ${formatBytes(group.bytes).padStart(9)}  ${classNames[group.class].padEnd(13)} ${describeGroup(group, Math.max(20, width - 70))}`);
		const largest = group.findings.slice(0, 3).map(index => escapeControl(findings[index]?.path ?? ''));
		const more = group.findings.length > 3 ? ` and ${group.findings.length - 3} more` : '';
		lines.push(`             ${group.findings.length === 1 ? 'path' : 'largest'}: ${largest.join(', ')}${more}`);
		lines.push(`             hint: ${group.hint}`);
	}

	if (groups.length > limit) lines.push(`  … and ${groups.length - limit} more groups (every finding is in --json)`);
	return lines;
}
