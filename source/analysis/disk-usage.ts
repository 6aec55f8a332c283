import {compareReferences, type ContainerRecord, type ContainerState, type LayerRecord, type StoreRecords} from './disk-records.js';
import {childrenOf, containerParts, imageParts, loadedImages, type PruneOutcome, reachableParts, simulatePrune} from './prune.js';

/** One image as `docker system df -v` and `docker image ls -a` account for it. Sizes in bytes. */
export type ImageUsage = {
	id: string;
	repoTags: string[];
	repoDigests: string[];
	created?: string;
	/** Σ of the store's size of every layer of the image (Docker's SIZE). */
	sizeBytes: number;
	/** Σ of the sizes of its layers that another listed image also uses (Docker's SHARED SIZE). */
	sharedSizeBytes: number;
	uniqueSizeBytes: number;
	/** Containers (any state) created from this image. */
	containers: number;
	inUse: boolean;
	/** No tag and no children: what `docker image prune` removes. */
	dangling: boolean;
	/** No tag or digest, but children: the legacy builder's step images, hidden by `docker image ls`. */
	intermediate: boolean;
	/** Why the engine would not load it; such an image is left out of every sum. */
	broken?: string;
	layers: string[];
	/** containerd: SIZE's two parts, the compressed content blobs and the unpacked snapshots. */
	contentBytes?: number;
	snapshotBytes?: number;
};

export type ContainerUsage = {
	id: string;
	name: string;
	imageId: string;
	imageName?: string;
	state: ContainerState;
	active: boolean;
	writableBytes: number;
	logBytes: number;
};

export type VolumeUsage = {name: string; sizeBytes: number; links: number; anonymous?: boolean};

/** A row of `docker system df`: count, active count, bytes, and what a prune frees. */
export type UsageRow = {
	total: number;
	active: number;
	sizeBytes: number;
	reclaimableBytes: number;
	/**
	 * containerd's Images row, in two parts: every snapshot of the namespace (containers' too), and the distinct
	 * content blobs of every image (an index included). Docker 26 to 28.0 count only the snapshots in SIZE; 28.1 and
	 * later add the blobs; `countsContent` says which of the two `sizeBytes` and `reclaimableBytes` follow.
	 */
	contentBytes?: number;
	snapshotBytes?: number;
	countsContent?: boolean;
};

export type Orphan = {kind: 'directory' | 'layer'; id: string; sizeBytes: number};

export type LayerUsage = {id: string; sizeBytes: number; images: string[]};

export type Reclaimable = {
	/** `docker image prune`. */
	imagePrune: PruneOutcome;
	/** `docker image prune -a`. */
	imagePruneAll: PruneOutcome;
	/** `docker container prune`: the writable layers of containers not running. */
	stoppedContainers: {bytes: number; containers: string[]};
	/** Volumes no container refers to (`docker volume prune -a`). */
	unusedVolumes: {bytes: number; volumes: string[]};
	/** The anonymous ones among them: what `docker volume prune` removes (API 1.42 and later). */
	anonymousVolumes: {bytes: number; volumes: string[]};
	buildCacheBytes: number;
	orphanBytes: number;
};

export type DiskUsage = {
	root: string;
	store: StoreRecords['store'];
	driver: string;
	namespace?: string;
	/** The root as given, which opens this store again. */
	source?: string;
	images: ImageUsage[];
	containers: ContainerUsage[];
	volumes: VolumeUsage[];
	layers: LayerUsage[];
	buildCache: Array<{id: string; sizeBytes: number; shared?: boolean}>;
	/** The rows of `docker system df`, as Docker ≤ 28 computes them (this engine's definition, docs/formats.md §6.2). */
	summary: {images: UsageRow; containers: UsageRow; volumes: UsageRow; buildCache: UsageRow};
	reclaimable: Reclaimable;
	orphans: Orphan[];
	warnings: string[];
};

function isActive(state: ContainerState): boolean {
	return state === 'running' || state === 'paused' || state === 'restarting';
}

const sumOf = <T>(items: T[], bytes: (item: T) => number) => items.reduce((sum, item) => sum + Math.max(0, bytes(item)), 0);

/** The whole disk account of one storage root, from its records alone. */
export function diskUsage(records: StoreRecords): DiskUsage {
	const layers = new Map(records.layers.map(layer => [layer.id, layer]));
	// containerd: containers' snapshots link into the parts through their parents; only the collector walks them.
	const graph = new Map([...layers, ...(records.activeLayers ?? []).map(layer => [layer.id, layer] as const)]);
	const images = imageUsages(records, layers);
	const listed = images.filter(image => !image.intermediate && !image.broken);
	const containers = records.containers.map(container => containerUsage(container));
	const volumes = volumeUsages(records);
	const buildCache = records.looseDirectories.filter(directory => directory.kind === 'build-cache')
		.map(({name, sizeBytes, shared}) => (shared === undefined ? {id: name, sizeBytes} : {id: name, sizeBytes, shared}));
	const orphans = orphansOf(records, graph);
	const stopped = containers.filter(container => !container.active);
	const unusedVolumes = volumes.filter(volume => volume.links === 0 && volume.sizeBytes > 0);
	const anonymousVolumes = unusedVolumes.filter(volume => volume.anonymous === true);
	const usage: DiskUsage = {
		root: records.root,
		store: records.store,
		driver: records.driver,
		images,
		containers,
		volumes,
		layers: layerUsages(records.layers, listed),
		buildCache,
		summary: {images: imagesRow(listed, layers, records), ...otherRows(containers, volumes, buildCache)},
		reclaimable: {
			imagePrune: simulatePrune(records.images, records.containers, graph, false, records.store, records.heldParts),
			imagePruneAll: simulatePrune(records.images, records.containers, graph, true, records.store, records.heldParts),
			stoppedContainers: {bytes: sumOf(stopped, container => container.writableBytes), containers: stopped.map(container => container.id)},
			unusedVolumes: {bytes: sumOf(unusedVolumes, volume => volume.sizeBytes), volumes: unusedVolumes.map(volume => volume.name)},
			anonymousVolumes: {bytes: sumOf(anonymousVolumes, volume => volume.sizeBytes), volumes: anonymousVolumes.map(volume => volume.name)},
			buildCacheBytes: sumOf(buildCache.filter(entry => !entry.shared), entry => entry.sizeBytes),
			orphanBytes: sumOf(orphans, orphan => orphan.sizeBytes),
		},
		orphans,
		warnings: records.warnings,
	};
	if (records.namespace !== undefined) usage.namespace = records.namespace;
	if (records.source !== undefined) usage.source = records.source;
	return usage;
}

/** The Containers, Local Volumes and Build Cache rows of `docker system df`. */
function otherRows(containers: ContainerUsage[], volumes: VolumeUsage[], buildCache: DiskUsage['buildCache']): Omit<DiskUsage['summary'], 'images'> {
	const stopped = containers.filter(container => !container.active);
	const unused = volumes.filter(volume => volume.links === 0);
	// Docker ≤ 28 leaves out records whose bytes an image uses too (`Shared`).
	const buildCacheBytes = sumOf(buildCache.filter(entry => !entry.shared), entry => entry.sizeBytes);
	return {
		containers: {
			total: containers.length, active: containers.length - stopped.length,
			sizeBytes: sumOf(containers, container => container.writableBytes), reclaimableBytes: sumOf(stopped, container => container.writableBytes),
		},
		volumes: {
			total: volumes.length, active: volumes.length - unused.length,
			sizeBytes: sumOf(volumes, volume => volume.sizeBytes), reclaimableBytes: sumOf(unused, volume => volume.sizeBytes),
		},
		buildCache: {total: buildCache.length, active: 0, sizeBytes: buildCacheBytes, reclaimableBytes: buildCacheBytes},
	};
}

function imageUsages(records: StoreRecords, layers: Map<string, LayerRecord>): ImageUsage[] {
	const children = childrenOf(loadedImages(records.images));
	const flagged = records.images.map(image => ({
		image,
		dangling: image.repoTags.length === 0 && !children.has(image.id),
		intermediate: image.repoTags.length === 0 && image.repoDigests.length === 0 && children.has(image.id),
	}));
	// Docker counts a layer as shared among the images `docker image ls` lists: tagged or childless (getLayerRefs).
	const users = new Map<string, number>();
	for (const {image, intermediate} of flagged) {
		if (intermediate || image.broken) continue;
		for (const layer of new Set(image.layers)) users.set(layer, (users.get(layer) ?? 0) + 1);
	}

	// containerd's SHARED SIZE counts layer snapshots only (`computeSharedSize`): blobs are never shared there.
	const shareable = (layer: string) => layers.get(layer)?.unshared !== true;
	const isContent = (layer: string) => layers.get(layer)?.kind === 'content';
	return flagged.map(({image, dangling, intermediate}) => {
		const sizeOf = (layer: string) => layers.get(layer)?.sizeBytes ?? 0;
		const sizeBytes = image.layers.reduce((sum, layer) => sum + sizeOf(layer), image.metadataBytes ?? 0);
		const sharedSizeBytes = image.layers.reduce((sum, layer) => sum + (shareable(layer) && (users.get(layer) ?? 0) > 1 ? sizeOf(layer) : 0), 0);
		const containers = records.containers.filter(container => container.imageId === image.id).length;
		const usage: ImageUsage = {
			id: image.id, repoTags: [...image.repoTags].sort(compareReferences), repoDigests: [...image.repoDigests].sort(compareReferences),
			sizeBytes, sharedSizeBytes, uniqueSizeBytes: sizeBytes - sharedSizeBytes,
			containers, inUse: containers > 0, dangling, intermediate, layers: image.layers,
		};
		if (image.created) usage.created = image.created;
		if (image.broken) usage.broken = image.broken;
		if (records.store === 'containerd') {
			usage.contentBytes = image.layers.reduce((sum, layer) => sum + (isContent(layer) ? sizeOf(layer) : 0), 0);
			usage.snapshotBytes = sizeBytes - usage.contentBytes;
		}

		return usage;
	});
}

/**
 * The Images row as Docker's CLI ≤ 28 computes it: distinct layers of listed images (containerd: every snapshot
 * of the namespace, plus the blobs of every image from Docker 28.1 on); reclaimable = that − unique bytes of used
 * images, which goes below zero on Docker 26's containerd store, whose SIZE leaves out blobs that images count.
 */
function imagesRow(listed: ImageUsage[], layers: Map<string, LayerRecord>, records: StoreRecords): UsageRow {
	const bytesOf = (ids: Iterable<string>) => [...ids].reduce((sum, layer) => sum + (layers.get(layer)?.sizeBytes ?? 0), 0);
	const used = listed.filter(image => image.containers > 0);
	const rowOf = (sizeBytes: number): UsageRow => ({
		total: listed.length, active: used.length, sizeBytes,
		reclaimableBytes: sizeBytes - used.reduce((sum, image) => sum + image.uniqueSizeBytes, 0),
	});
	if (records.snapshotUsageBytes === undefined) return rowOf(bytesOf(new Set(listed.flatMap(image => image.layers))));
	const content = new Set(loadedImages(records.images).flatMap(imageParts).filter(part => layers.get(part)?.kind === 'content'));
	const contentBytes = bytesOf(content);
	const countsContent = records.layersSizeCountsContent === true;
	return {
		...rowOf(records.snapshotUsageBytes + (countsContent ? contentBytes : 0)),
		snapshotBytes: records.snapshotUsageBytes, contentBytes, countsContent,
	};
}

function containerUsage(container: ContainerRecord): ContainerUsage {
	const usage: ContainerUsage = {
		id: container.id, name: container.name, imageId: container.imageId, state: container.state,
		active: isActive(container.state), writableBytes: container.writableBytes, logBytes: container.logBytes,
	};
	if (container.imageName) usage.imageName = container.imageName;
	return usage;
}

function volumeUsages(records: StoreRecords): VolumeUsage[] {
	return records.volumes.map(volume => ({
		name: volume.name,
		sizeBytes: volume.sizeBytes,
		links: records.containers.filter(container => container.volumes.includes(volume.name)).length,
		...(volume.anonymous === undefined ? {} : {anonymous: volume.anonymous}),
	}));
}

function layerUsages(layers: LayerRecord[], listed: ImageUsage[]): LayerUsage[] {
	return layers.map(layer => ({
		id: layer.id, sizeBytes: layer.sizeBytes, images: listed.filter(image => image.layers.includes(layer.id)).map(image => image.id),
	}));
}

/** Layer records no image or container needs, and driver directories nothing claims (BuildKit's excepted). */
function orphansOf(records: StoreRecords, layers: Map<string, LayerRecord>): Orphan[] {
	if (records.store === 'containerd') return collectorOrphans(records, layers);
	const needed = new Set(records.images.flatMap(image => image.layers));
	for (const container of records.containers) if (container.mountId) needed.add(container.mountId);
	// A layer that is some needed layer's parent is needed too (a chain is whole even if no image names a prefix).
	for (const id of [...needed]) {
		for (let parent = layers.get(id)?.parent; parent && !needed.has(parent); parent = layers.get(parent)?.parent) needed.add(parent);
	}

	const orphanLayers: Orphan[] = records.layers
		.filter(layer => !needed.has(layer.id))
		.map(layer => ({kind: 'layer', id: layer.id, sizeBytes: layer.sizeBytes}));
	const orphanDirectories: Orphan[] = records.looseDirectories
		.filter(directory => directory.kind === 'orphan')
		.map(directory => ({kind: 'directory', id: directory.name, sizeBytes: directory.sizeBytes}));
	return [...orphanLayers, ...orphanDirectories];
}

/** containerd: the parts its collector would remove (nothing reaches them), and files no namespace knows. */
function collectorOrphans(records: StoreRecords, layers: Map<string, LayerRecord>): Orphan[] {
	const reached = reachableParts([...records.images.flatMap(imageParts), ...containerParts(records.containers), ...records.heldParts ?? []], layers);
	const unreached: Orphan[] = records.layers.filter(layer => !reached.has(layer.id)).map(layer => ({kind: 'layer', id: layer.id, sizeBytes: layer.sizeBytes}));
	const files: Orphan[] = records.looseDirectories.filter(directory => directory.kind === 'orphan').map(directory => ({kind: 'directory', id: directory.name, sizeBytes: directory.sizeBytes}));
	return [...unreached, ...files];
}
