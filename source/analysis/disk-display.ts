/** How the disk overviews word a root and its images, shared by the text table and the terminal UI. */
import {type DiskReport} from './disk-report.js';
import {type ImageUsage, type UsageRow} from './disk-usage.js';
import {escapeControl, formatBytes} from './display.js';

export type Column = {title: string; right?: boolean};

/** Lays out rows under titles, each column as wide as its widest cell, two spaces apart. */
export function alignColumns(columns: Column[], rows: string[][]): string[] {
	const widths = columns.map((column, index) => Math.max(column.title.length, ...rows.map(row => row[index]!.length)));
	const line = (cells: string[]) => cells
		.map((cell, index) => (columns[index]!.right ? cell.padStart(widths[index]!) : cell.padEnd(widths[index]!)))
		.join('  ')
		.trimEnd();
	return [line(columns.map(column => column.title)), ...rows.map(row => line(row))];
}

/** An image's flags as the tables show them: in use or unused, then dangling, intermediate, broken. */
export function flagsOf(image: ImageUsage): string {
	return [image.inUse ? 'in use' : 'unused', image.dangling ? 'dangling' : '', image.intermediate ? 'intermediate' : '', image.broken ? 'broken' : ''].filter(Boolean).join(', ');
}

/** The `docker system df` rows of one root, with a title row. */
export function summaryRows(summary: DiskReport['roots'][number]['summary']): string[] {
	const columns: Column[] = [{title: 'TYPE'}, {title: 'TOTAL', right: true}, {title: 'ACTIVE', right: true}, {title: 'SIZE', right: true}, {title: 'RECLAIMABLE', right: true}];
	const row = (name: string, usage: UsageRow) => [name, String(usage.total), String(usage.active), formatBytes(usage.sizeBytes), formatBytes(usage.reclaimableBytes)];
	return alignColumns(columns, [
		row('Images', summary.images), row('Containers', summary.containers), row('Local Volumes', summary.volumes), row('Build Cache', summary.buildCache),
	]);
}

/** A root as the overviews title it: its path, its store (and containerd namespace), its driver. */
export function rootTitle(root: DiskReport['roots'][number]): string {
	const store = root.store === 'containerd' ? `containerd image store, namespace ${escapeControl(root.namespace ?? '')}` : root.store;
	return `${escapeControl(root.path)} (${store}, ${root.driver})`;
}

/** The command that cleans a root up: docker for Docker's stores, nerdctl for other containerd namespaces. */
export function toolOf(root: DiskReport['roots'][number]): string {
	if (root.store === 'docker' || root.namespace === 'moby') return 'docker';
	if (root.store === 'containerd') return `nerdctl -n ${root.namespace ?? 'default'}`;
	return 'podman';
}
