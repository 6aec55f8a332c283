import {compareReferences, type ContainerRecord, type ContainerState, type LayerRecord, type StoreRecords} from './disk-records.js';
import {childrenOf, loadedImages, type PruneOutcome, simulatePrune} from './prune.js';

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

export type VolumeUsage = {name: string; sizeBytes: number; links: number};

/** A row of `docker system df`: count, active count, bytes, and what a prune frees. */
export type UsageRow = {total: number; active: number; sizeBytes: number; reclaimableBytes: number};

export type Orphan = {kind: 'directory' | 'layer'; id: string; sizeBytes: number};

export type LayerUsage = {id: string; sizeBytes: number; images: string[]};

export type Reclaimable = {
	/** `docker image prune`. */
	imagePrune: PruneOutcome;
	/** `docker image prune -a`. */
	imagePruneAll: PruneOutcome;
	/** `docker container prune`: the writable layers of containers not running. */
	stoppedContainers: {bytes: number; containers: string[]};
	/** Volumes no container refers to. */
	unusedVolumes: {bytes: number; volumes: string[]};
	buildCacheBytes: number;
	orphanBytes: number;
};

export type DiskUsage = {
	root: string;
	store: StoreRecords['store'];
	driver: string;
	images: ImageUsage[];
	containers: ContainerUsage[];
	volumes: VolumeUsage[];
	layers: LayerUsage[];
	buildCache: Array<{id: string; sizeBytes: number}>;
	/** The rows of `docker system df`, as Docker ≤ 28 computes them (this engine's definition, spec/formats.md 6.2). */
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
	const images = imageUsages(records, layers);
	const listed = images.filter(image => !image.intermediate && !image.broken);
	const containers = records.containers.map(container => containerUsage(container));
	const volumes = volumeUsages(records);
	const buildCache = records.looseDirectories.filter(directory => directory.kind === 'build-cache').map(({name, sizeBytes}) => ({id: name, sizeBytes}));
	const orphans = orphansOf(records, layers);
	const stopped = containers.filter(container => !container.active);
	const unusedVolumes = volumes.filter(volume => volume.links === 0 && volume.sizeBytes > 0);
	return {
		root: records.root,
		store: records.store,
		driver: records.driver,
		images,
		containers,
		volumes,
		layers: layerUsages(records.layers, listed),
		buildCache,
		summary: {images: imagesRow(listed, layers), ...otherRows(containers, volumes, buildCache)},
		reclaimable: {
			imagePrune: simulatePrune(records.images, records.containers, layers, false),
			imagePruneAll: simulatePrune(records.images, records.containers, layers, true, records.store),
			stoppedContainers: {bytes: sumOf(stopped, container => container.writableBytes), containers: stopped.map(container => container.id)},
			unusedVolumes: {bytes: sumOf(unusedVolumes, volume => volume.sizeBytes), volumes: unusedVolumes.map(volume => volume.name)},
			buildCacheBytes: sumOf(buildCache, entry => entry.sizeBytes),
			orphanBytes: sumOf(orphans, orphan => orphan.sizeBytes),
		},
		orphans,
		warnings: records.warnings,
	};
}

/** The Containers, Local Volumes and Build Cache rows of `docker system df`. */
function otherRows(containers: ContainerUsage[], volumes: VolumeUsage[], buildCache: DiskUsage['buildCache']): Omit<DiskUsage['summary'], 'images'> {
	const stopped = containers.filter(container => !container.active);
	const unused = volumes.filter(volume => volume.links === 0);
	const buildCacheBytes = sumOf(buildCache, entry => entry.sizeBytes);
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

	return flagged.map(({image, dangling, intermediate}) => {
		const sizeOf = (layer: string) => layers.get(layer)?.sizeBytes ?? 0;
		const sizeBytes = image.layers.reduce((sum, layer) => sum + sizeOf(layer), image.metadataBytes ?? 0);
		const sharedSizeBytes = image.layers.reduce((sum, layer) => sum + ((users.get(layer) ?? 0) > 1 ? sizeOf(layer) : 0), 0);
		const containers = records.containers.filter(container => container.imageId === image.id).length;
		const usage: ImageUsage = {
			id: image.id, repoTags: [...image.repoTags].sort(compareReferences), repoDigests: [...image.repoDigests].sort(compareReferences),
			sizeBytes, sharedSizeBytes, uniqueSizeBytes: sizeBytes - sharedSizeBytes,
			containers, inUse: containers > 0, dangling, intermediate, layers: image.layers,
		};
		if (image.created) usage.created = image.created;
		if (image.broken) usage.broken = image.broken;
		return usage;
	});
}

/** Docker ≤ 28's Images row: distinct layers of listed images; reclaimable = that − unique bytes of used images. */
function imagesRow(listed: ImageUsage[], layers: Map<string, LayerRecord>): UsageRow {
	const distinct = new Set(listed.flatMap(image => image.layers));
	const sizeBytes = [...distinct].reduce((sum, layer) => sum + (layers.get(layer)?.sizeBytes ?? 0), 0);
	const used = listed.filter(image => image.containers > 0);
	return {
		total: listed.length,
		active: used.length,
		sizeBytes,
		reclaimableBytes: sizeBytes - used.reduce((sum, image) => sum + image.uniqueSizeBytes, 0),
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
	}));
}

function layerUsages(layers: LayerRecord[], listed: ImageUsage[]): LayerUsage[] {
	return layers.map(layer => ({
		id: layer.id, sizeBytes: layer.sizeBytes, images: listed.filter(image => image.layers.includes(layer.id)).map(image => image.id),
	}));
}

/** Layer records no image or container needs, and driver directories nothing claims (BuildKit's excepted). */
function orphansOf(records: StoreRecords, layers: Map<string, LayerRecord>): Orphan[] {
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
