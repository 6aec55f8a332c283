import {type ContainerRecord, type ImageRecord, type LayerRecord} from '../../analysis/disk-records.js';
import {type ImageConfig, parseImageConfig} from '../image-config.js';
import {directorySize} from '../storage-root/directory-size.js';
import {type DriverLayout, driverLayout} from '../storage-root/driver-layout.js';
import {type StorageRoot} from '../storage-root/storage-root.js';

/** An image of containers/storage, with its config when the store has it. */
export type StorageImage = ImageRecord & {config: ImageConfig; configFile: string; topLayer?: string};

export type ContainersStore = {
	layout: DriverLayout;
	images: StorageImage[];
	layers: Map<string, LayerRecord>;
	containers: Array<{id: string; name: string; imageId: string; layer?: string; created?: string; imageName?: string}>;
	warnings: string[];
};

type ImageJson = {id?: string; names?: string[]; layer?: string; created?: string; 'big-data-sizes'?: Record<string, number>};
type LayerJson = {id?: string; parent?: string; 'diff-digest'?: string; 'diff-size'?: number; flags?: {incomplete?: boolean}};
type ContainerJson = {id?: string; names?: string[]; image?: string; layer?: string; created?: string; metadata?: string};

const drivers = ['overlay', 'vfs'];

/** Whether a directory is a containers/storage graph root (`overlay-images/` or `vfs-images/`). */
export function isContainersStorage(root: StorageRoot): boolean {
	return drivers.some(driver => root.bytes(`${driver}-images/images.json`) !== undefined);
}

function jsonArray<T>(root: StorageRoot, file: string, warnings: string[]): T[] {
	const {value, problem} = root.json(file);
	if (problem) warnings.push(problem);
	return Array.isArray(value) ? value as T[] : [];
}

/**
 * The file a big-data item is stored in: its key as is when it consists of `[a-z0-9.]` only, otherwise `=` and
 * the key in base64 (containers/storage `makeBigDataBaseName`, docs/formats.md §5).
 */
export function bigDataFile(key: string): string {
	return /^[a-z\d.]+$/.test(key) ? key : `=${Buffer.from(key).toString('base64')}`;
}

/** Reads images, layers and containers of a containers/storage root (docs/formats.md §5). */
export function readContainersStore(root: StorageRoot): ContainersStore {
	const driver = drivers.find(candidate => root.bytes(`${candidate}-images/images.json`) !== undefined)!;
	const warnings: string[] = [];
	const layers = new Map<string, LayerRecord>();
	for (const layer of jsonArray<LayerJson>(root, `${driver}-layers/layers.json`, warnings)) {
		if (!layer.id || layer.flags?.incomplete) continue;
		const record: LayerRecord = {id: layer.id, cacheId: layer.id, sizeBytes: Math.max(0, layer['diff-size'] ?? 0)};
		if (layer.parent) record.parent = layer.parent;
		if (layer['diff-digest']) record.diffId = layer['diff-digest'];
		layers.set(layer.id, record);
	}

	const images = jsonArray<ImageJson>(root, `${driver}-images/images.json`, warnings)
		.filter(image => typeof image.id === 'string')
		.map(image => storageImage(root, driver, image, layers));
	inferParents(images);
	const containers = jsonArray<ContainerJson>(root, `${driver}-containers/containers.json`, warnings)
		.filter(container => container.id && container.image)
		.map(container => ({
			id: container.id!, name: container.names?.[0] ?? '', imageId: `sha256:${container.image!}`,
			...(container.layer ? {layer: container.layer} : {}), ...(container.created ? {created: container.created} : {}),
		}));
	return {layout: driverLayout(driver)!, images, layers, containers, warnings};
}

function storageImage(root: StorageRoot, driver: string, image: ImageJson, layers: Map<string, LayerRecord>): StorageImage {
	const configFile = `${driver}-images/${image.id!}/${bigDataFile(`sha256:${image.id!}`)}`;
	const config = parseImageConfig(root.json(configFile).value) ?? {};
	const chain: string[] = [];
	for (let layer = image.layer; layer; layer = layers.get(layer)?.parent) chain.unshift(layer);
	const names = image.names ?? [];
	const record: StorageImage = {
		id: `sha256:${image.id!}`, repoTags: names.filter(name => !name.includes('@')), repoDigests: names.filter(name => name.includes('@')),
		layers: chain, config, configFile,
	};
	if (image.layer) record.topLayer = image.layer;
	if (image.created ?? config.created) record.created = (image.created ?? config.created)!;
	const metadataBytes = Object.values(image['big-data-sizes'] ?? {}).reduce((sum, bytes) => sum + bytes, 0);
	if (metadataBytes > 0) record.metadataBytes = metadataBytes;
	if (image.layer && !layers.has(image.layer)) record.broken = `top layer ${image.layer} is missing from layers.json`;
	return record;
}

/**
 * containers/storage records no parents; podman infers them (libimage `layer_tree.go`): P is C's parent when C's
 * top layer sits on P's, or both share one top layer and C's history is P's plus one step.
 */
function inferParents(images: StorageImage[]): void {
	for (const child of images) {
		const steps = child.config.history?.length ?? 0;
		const parent = images.find(candidate => candidate !== child && candidate.topLayer !== undefined && (
			(candidate.topLayer === child.layers.at(-2) && candidate.layers.length === child.layers.length - 1 && historyPrefix(candidate, child))
			|| (candidate.topLayer === child.topLayer && (candidate.config.history?.length ?? 0) === steps - 1 && historyPrefix(candidate, child))
		));
		if (parent) child.parent = parent.id;
	}
}

function historyPrefix(parent: StorageImage, child: StorageImage): boolean {
	const mine = parent.config.history ?? [];
	const theirs = child.config.history ?? [];
	return mine.length + 1 === theirs.length && mine.every((step, index) => step.created_by === theirs[index]?.created_by);
}

/** Container records with their writable layers measured (`<driver>/<layer>/diff`). */
export function storageContainers(root: StorageRoot, store: ContainersStore, warnings: string[]): ContainerRecord[] {
	return store.containers.map(container => {
		const tally = container.layer && store.layout.changesOnly ? directorySize(root.directory(store.layout.filesOf(container.layer))) : undefined;
		for (const path of tally?.vanished ?? []) warnings.push(`${path} vanished while it was measured`);
		const record: ContainerRecord = {
			id: container.id, name: container.name, imageId: container.imageId, state: 'unknown',
			writableBytes: tally?.bytes ?? -1, logBytes: 0, volumes: [],
		};
		if (container.layer) record.mountId = container.layer;
		if (container.created) record.created = container.created;
		return record;
	});
}
