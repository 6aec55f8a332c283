import {alignColumns, type Column, flagsOf, rootTitle, summaryRows, toolOf} from '../analysis/disk-display.js';
import {type DiskReport, listedImages} from '../analysis/disk-report.js';
import {type ImageUsage, type UsageRow} from '../analysis/disk-usage.js';
import {escapeControl, formatBytes} from '../analysis/display.js';

function imageRows(images: ImageUsage[]): string[] {
	const columns: Column[] = [
		{title: 'REPOSITORY:TAG'}, {title: 'IMAGE ID'}, {title: 'CREATED'}, {title: 'SIZE', right: true},
		{title: 'SHARED SIZE', right: true}, {title: 'UNIQUE SIZE', right: true}, {title: 'CONTAINERS', right: true}, {title: 'FLAGS'},
	];
	const rows = images.map(image => [
		escapeControl(image.repoTags.join(' ') || '<none>:<none>'),
		image.id.replace(/^sha256:/, '').slice(0, 12),
		escapeControl(image.created?.slice(0, 19).replace('T', ' ') ?? ''),
		formatBytes(image.sizeBytes),
		formatBytes(image.sharedSizeBytes),
		formatBytes(image.uniqueSizeBytes),
		String(image.containers),
		flagsOf(image),
	]);
	return alignColumns(columns, rows);
}

/** What the container was created from, as docker ps shows it: the name while it still names that image, else the id. */
function imageLabel(container: DiskReport['containers'][number], images: ImageUsage[]): string {
	const tags = images.find(image => image.id === container.imageId)?.repoTags ?? [];
	const name = container.imageName;
	if (name && tags.some(tag => tag === name || tag === `${name}:latest`)) return name;
	return container.imageId.replace(/^sha256:/, '').slice(0, 12);
}

function containerRows(containers: DiskReport['containers'], images: ImageUsage[]): string[] {
	const columns: Column[] = [{title: 'CONTAINER'}, {title: 'NAME'}, {title: 'IMAGE'}, {title: 'STATE'}, {title: 'WRITABLE', right: true}, {title: 'LOGS', right: true}];
	const sized = (bytes: number) => (bytes < 0 ? 'unknown' : formatBytes(bytes));
	return alignColumns(columns, containers.map(container => [
		container.id.slice(0, 12), escapeControl(container.name), escapeControl(imageLabel(container, images)),
		container.state, sized(container.writableBytes), formatBytes(container.logBytes),
	]));
}

/** Docker's `volume prune` takes anonymous volumes only (`-a`: every unused one); podman's takes every unused one. */
function volumeLines(reclaimable: DiskReport['reclaimable'], tool: string, count: (n: number, noun: string) => string): string[] {
	const line = (command: string, {bytes, volumes}: {bytes: number; volumes: string[]}, noun: string) => `  ${command.padEnd(25)}  ${formatBytes(bytes).padStart(10)}  (${count(volumes.length, noun)})`;
	if (tool === 'podman') return [line('podman volume prune', reclaimable.unusedVolumes, 'unused volume')];
	return [line(`${tool} volume prune`, reclaimable.anonymousVolumes, 'anonymous volume'), line(`${tool} volume prune -a`, reclaimable.unusedVolumes, 'unused volume')];
}

function reclaimableLines(reclaimable: DiskReport['reclaimable'], tool: string): string[] {
	const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
	const images = (n: number) => count(n, 'image');
	const held = (bytes: number) => (bytes > 0 ? `; ${formatBytes(bytes)} more stays with the build cache until docker builder prune` : '');
	const reported = (summary: DiskReport['reclaimable']['imagePrune']) => (summary.engineReportedBytes === undefined ? '' : `; the engine reports ${formatBytes(summary.engineReportedBytes)}, its blobs only`);
	const prune = (summary: DiskReport['reclaimable']['imagePrune']) => `(removes ${images(summary.images.length)}${held(summary.heldByBuildCacheBytes)}${reported(summary)})`;
	return [
		'Reclaimable, counting a layer only when nothing kept still needs it:',
		`  ${`${tool} image prune`.padEnd(25)}  ${formatBytes(reclaimable.imagePrune.bytes).padStart(10)}  ${prune(reclaimable.imagePrune)}`,
		`  ${`${tool} image prune -a`.padEnd(25)}  ${formatBytes(reclaimable.imagePruneAll.bytes).padStart(10)}  ${prune(reclaimable.imagePruneAll)}`,
		`  ${`${tool} container prune`.padEnd(25)}  ${formatBytes(reclaimable.stoppedContainers.bytes).padStart(10)}  (${reclaimable.stoppedContainers.containers.length} stopped containers' writable layers)`,
		...volumeLines(reclaimable, tool, count),
		`  build cache                ${formatBytes(reclaimable.buildCache.bytes).padStart(10)}`,
		`  orphaned layers            ${formatBytes(reclaimable.orphans.bytes).padStart(10)}`,
	];
}

/** How containerd counts, under its df rows: both parts of an image's size, and what the Images row leaves out. */
function containerdNotes(root: DiskReport['roots'][number]): string[] {
	if (root.store !== 'containerd') return [];
	const {contentBytes = 0, snapshotBytes = 0, countsContent = false} = root.summary.images;
	const rowSays = countsContent
		? `every snapshot (${formatBytes(snapshotBytes)}) and the images' blobs (${formatBytes(contentBytes)}), as Docker 28.1 and later do (Docker 26-28.0: snapshots only)`
		: `every snapshot (${formatBytes(snapshotBytes)}) and leaves out the images' blobs (${formatBytes(contentBytes)}), as Docker 26-28.0 do (28.1 and later add them)`;
	return [
		'',
		'containerd keeps each image twice: compressed content blobs and unpacked snapshots. An image\'s SIZE is both;',
		`SHARED SIZE counts snapshots only; the Images row counts ${rowSays}.`,
	];
}

/** The disk overview as plain text, for a pipe or a log: per root, its images, the df rows, what prunes free. */
export function diskTable(report: DiskReport): string {
	const lines: string[] = [];
	for (const root of report.roots) {
		const images = listedImages(report.images.filter(image => image.root === root.path));
		const hidden = report.images.filter(image => image.root === root.path && image.intermediate).length;
		lines.push(rootTitle(root), '');
		lines.push(...imageRows(images));
		if (hidden > 0) lines.push(`(${hidden} intermediate image${hidden === 1 ? '' : 's'} not shown)`);
		const containers = report.containers.filter(container => container.root === root.path);
		if (containers.length > 0) lines.push('', ...containerRows(containers, report.images));
		lines.push('', ...summaryRows(root.summary), ...containerdNotes(root), '', ...reclaimableLines(root.reclaimable, toolOf(root)));
		const orphans = report.orphans.filter(orphan => orphan.root === root.path);
		if (orphans.length > 0) {
			lines.push('', 'Orphans (no image, container or build cache refers to them):');
			for (const orphan of orphans) lines.push(`  ${orphan.kind.padEnd(9)}  ${escapeControl(orphan.id)}  ${formatBytes(orphan.sizeBytes)}`);
		}

		lines.push('');
	}

	if (report.warnings.length > 0) {
		lines.push(`Warnings (${report.warnings.length}):`, ...report.warnings.slice(0, 20).map(warning => `  ${escapeControl(warning)}`));
	}

	return `${lines.join('\n').trimEnd()}\n`;
}
