import {type ContainerUsage, type DiskUsage, type ImageUsage, type LayerUsage, type Orphan, type VolumeUsage} from './disk-usage.js';
import {type PruneOutcome} from './prune.js';

type Rooted<T> = T & {root: string};

export type PruneSummary = {
	bytes: number;
	images: string[];
	untagged?: string[];
	heldByBuildCacheBytes: number;
	/** containerd: the figure Docker prints, its content blobs only. */
	engineReportedBytes?: number;
};

/** The disk overview of every root read: what `--json -` writes and what the views render. Sizes in bytes. */
export type DiskReport = {
	schemaVersion: 1;
	tool: {name: 'layerscope'; version: string};
	roots: Array<{
		path: string;
		/** The root as given, which opens this store again (a Docker root for its containerd store). */
		source?: string;
		store: DiskUsage['store'];
		driver: string;
		namespace?: string;
		summary: DiskUsage['summary'];
		reclaimable: DiskReport['reclaimable'];
	}>;
	images: Array<Rooted<ImageUsage>>;
	containers: Array<Rooted<ContainerUsage>>;
	volumes: Array<Rooted<VolumeUsage>>;
	buildCache: Array<Rooted<{id: string; sizeBytes: number; shared?: boolean}>>;
	/** Every layer with the listed images that pin it. */
	layers: Array<Rooted<LayerUsage>>;
	/** What each clean-up would really free, summed over the roots. */
	reclaimable: {
		imagePrune: PruneSummary;
		imagePruneAll: PruneSummary;
		stoppedContainers: {bytes: number; containers: string[]};
		unusedVolumes: {bytes: number; volumes: string[]};
		anonymousVolumes: {bytes: number; volumes: string[]};
		buildCache: {bytes: number};
		orphans: {bytes: number};
	};
	orphans: Array<Rooted<Orphan>>;
	warnings: string[];
};

function pruneSummary(outcome: PruneOutcome): PruneSummary {
	const summary: PruneSummary = {bytes: outcome.freedBytes, images: outcome.images, heldByBuildCacheBytes: outcome.heldByBuildCache.bytes};
	if (outcome.engineReportedBytes !== undefined) summary.engineReportedBytes = outcome.engineReportedBytes;
	return summary;
}

function reclaimableOf(usage: DiskUsage): DiskReport['reclaimable'] {
	const {reclaimable} = usage;
	return {
		imagePrune: pruneSummary(reclaimable.imagePrune),
		imagePruneAll: {...pruneSummary(reclaimable.imagePruneAll), untagged: reclaimable.imagePruneAll.untagged},
		stoppedContainers: reclaimable.stoppedContainers,
		unusedVolumes: reclaimable.unusedVolumes,
		anonymousVolumes: reclaimable.anonymousVolumes,
		buildCache: {bytes: reclaimable.buildCacheBytes},
		orphans: {bytes: reclaimable.orphanBytes},
	};
}

function addReclaimable(total: DiskReport['reclaimable'], more: DiskReport['reclaimable']): DiskReport['reclaimable'] {
	const prunes = (a: PruneSummary, b: PruneSummary): PruneSummary => {
		const sum: PruneSummary = {bytes: a.bytes + b.bytes, images: [...a.images, ...b.images], heldByBuildCacheBytes: a.heldByBuildCacheBytes + b.heldByBuildCacheBytes};
		if (a.engineReportedBytes !== undefined || b.engineReportedBytes !== undefined) sum.engineReportedBytes = (a.engineReportedBytes ?? 0) + (b.engineReportedBytes ?? 0);
		if (a.untagged ?? b.untagged) sum.untagged = [...a.untagged ?? [], ...b.untagged ?? []];
		return sum;
	};

	return {
		imagePrune: prunes(total.imagePrune, more.imagePrune),
		imagePruneAll: prunes(total.imagePruneAll, more.imagePruneAll),
		stoppedContainers: {bytes: total.stoppedContainers.bytes + more.stoppedContainers.bytes, containers: [...total.stoppedContainers.containers, ...more.stoppedContainers.containers]},
		unusedVolumes: {bytes: total.unusedVolumes.bytes + more.unusedVolumes.bytes, volumes: [...total.unusedVolumes.volumes, ...more.unusedVolumes.volumes]},
		anonymousVolumes: {bytes: total.anonymousVolumes.bytes + more.anonymousVolumes.bytes, volumes: [...total.anonymousVolumes.volumes, ...more.anonymousVolumes.volumes]},
		buildCache: {bytes: total.buildCache.bytes + more.buildCache.bytes},
		orphans: {bytes: total.orphans.bytes + more.orphans.bytes},
	};
}

const nothing: DiskReport['reclaimable'] = {
	imagePrune: {bytes: 0, images: [], heldByBuildCacheBytes: 0}, imagePruneAll: {bytes: 0, images: [], untagged: [], heldByBuildCacheBytes: 0},
	stoppedContainers: {bytes: 0, containers: []}, unusedVolumes: {bytes: 0, volumes: []}, anonymousVolumes: {bytes: 0, volumes: []}, buildCache: {bytes: 0}, orphans: {bytes: 0},
};

/** One report over several roots; every image, container and orphan names its root. */
export function diskReport(usages: DiskUsage[], version: string): DiskReport {
	const rooted = <T>(usage: DiskUsage, items: T[]): Array<Rooted<T>> => items.map(item => ({root: usage.root, ...item}));
	return {
		schemaVersion: 1,
		tool: {name: 'layerscope', version},
		roots: usages.map(usage => ({
			path: usage.root, ...(usage.source === undefined ? {} : {source: usage.source}), store: usage.store, driver: usage.driver,
			...(usage.namespace === undefined ? {} : {namespace: usage.namespace}),
			summary: usage.summary, reclaimable: reclaimableOf(usage),
		})),
		images: usages.flatMap(usage => rooted(usage, usage.images)),
		containers: usages.flatMap(usage => rooted(usage, usage.containers)),
		volumes: usages.flatMap(usage => rooted(usage, usage.volumes)),
		buildCache: usages.flatMap(usage => rooted(usage, usage.buildCache)),
		layers: usages.flatMap(usage => rooted(usage, usage.layers)),
		reclaimable: usages.map(reclaimableOf).reduce(addReclaimable, nothing),
		orphans: usages.flatMap(usage => rooted(usage, usage.orphans)),
		warnings: usages.flatMap(usage => usage.warnings.map(warning => `${usage.root}: ${warning}`)),
	};
}

export type ImageSortKey = 'size' | 'unique' | 'created' | 'name';

/** The images `docker image ls` shows (no intermediates), sorted: sizes and dates descending, names ascending. */
export function listedImages<Image extends ImageUsage>(images: Image[], key: ImageSortKey = 'size', filter = ''): Image[] {
	const needle = filter.toLowerCase();
	const nameOf = (image: ImageUsage) => image.repoTags[0] ?? image.repoDigests[0] ?? '';
	const matches = (image: ImageUsage) => needle === '' || [...image.repoTags, ...image.repoDigests, image.id].some(text => text.toLowerCase().includes(needle));
	const order: Record<ImageSortKey, (a: ImageUsage, b: ImageUsage) => number> = {
		size: (a, b) => b.sizeBytes - a.sizeBytes,
		unique: (a, b) => b.uniqueSizeBytes - a.uniqueSizeBytes,
		created: (a, b) => (b.created ?? '').localeCompare(a.created ?? ''),
		name: (a, b) => nameOf(a).localeCompare(nameOf(b)),
	};
	return images.filter(image => !image.intermediate && matches(image)).sort((a, b) => order[key](a, b) || a.id.localeCompare(b.id));
}

/** For an image, each of its layers with its size and the other listed images that pin it (none: its own bytes). */
export function layerSharing(report: DiskReport, root: string, imageId: string): Array<{id: string; sizeBytes: number; sharedWith: string[]}> {
	const image = report.images.find(candidate => candidate.root === root && candidate.id === imageId);
	const layers = new Map(report.layers.filter(layer => layer.root === root).map(layer => [layer.id, layer]));
	return (image?.layers ?? []).map(id => ({
		id, sizeBytes: layers.get(id)?.sizeBytes ?? 0, sharedWith: (layers.get(id)?.images ?? []).filter(other => other !== imageId),
	}));
}
