import {createHash} from 'node:crypto';
import {type ImageRecord, type LayerRecord} from '../../analysis/disk-records.js';
import {UserError} from '../../errors.js';
import {type ImageConfig, parseImageConfig} from '../image-config.js';
import {type DriverLayout, driverLayout, knownDrivers} from '../storage-root/driver-layout.js';
import {type StorageRoot} from '../storage-root/storage-root.js';

/** An image of Docker's classic store, with its config as stored. */
export type DockerImage = ImageRecord & {config: ImageConfig; configFile: string};

/** A container's entry in `layerdb/mounts/`. */
export type MountRecord = {containerId: string; mountId?: string; initId?: string; parent?: string};

export type DockerStore = {
	layout: DriverLayout;
	/** `image/<driver>`, where the metadata lives. */
	metadata: string;
	images: DockerImage[];
	layers: Map<string, LayerRecord>;
	mounts: MountRecord[];
	warnings: string[];
};

const hex64 = /^[a-f\d]{64}$/;

/** Whether a directory looks like Docker's data root (it has `image/<driver>/`). */
export function isDockerRoot(root: StorageRoot): boolean {
	return root.directories('image').some(name => knownDrivers.includes(name));
}

/** Whether a directory is a Docker data root that keeps its images in containerd (`containerd/daemon/`, `rootfs/`). */
export function isContainerdDockerRoot(root: StorageRoot): boolean {
	return root.directories('containerd').includes('daemon') && root.directories('image').length === 0;
}

/** Reads the image and layer stores of Docker's classic (graph driver) store (docs/formats.md §3.1-3.4). */
export function readDockerStore(root: StorageRoot): DockerStore {
	const layout = activeDriver(root);
	const metadata = `image/${layout.driver}`;
	const warnings: string[] = [];
	const layers = readLayerDb(root, metadata, warnings);
	const references = readRepositories(root, metadata, warnings);
	const images = readImageDb(root, metadata, warnings).map(image => {
		const named = references.get(image.id);
		const missing = image.layers.find(layer => !layers.has(layer));
		const record: DockerImage = {...image, repoTags: named?.tags ?? [], repoDigests: named?.digests ?? []};
		if (missing) record.broken = `layer ${missing} is missing from layerdb`;
		return record;
	});
	return {layout, metadata, images, layers, mounts: readMounts(root, metadata), warnings};
}

function activeDriver(root: StorageRoot): DriverLayout {
	const present = root.directories('image');
	const candidates = knownDrivers.filter(driver => present.includes(driver));
	// Docker ignores vfs when another driver has data (`scanPriorDrivers`).
	const withData = candidates.find(driver => driver !== 'vfs' && root.entries(driverLayout(driver)!.layersDirectory).length > 0);
	const chosen = withData ?? candidates[0];
	if (!chosen) {
		if (isContainerdDockerRoot(root)) {
			throw new UserError(`${root.path}: this Docker root uses the containerd image store (Docker 29's default), which layerscope does not read yet; save an image (docker save IMAGE -o image.tar) and use --tar`);
		}

		const other = present.find(name => !name.startsWith('.'));
		if (other) throw new UserError(`${root.path}: the ${other} storage driver is not supported (overlay2, vfs and aufs are)`);
		throw new UserError(`${root.path}: not a Docker data root (no image/<driver>/ directory)`);
	}

	return driverLayout(chosen)!;
}

/** The chainIDs of an image's layers (docs/formats.md §2.8). */
export function chainIds(diffIds: string[]): string[] {
	const chain: string[] = [];
	for (const diffId of diffIds) {
		const previous = chain.at(-1);
		chain.push(previous === undefined ? diffId : `sha256:${createHash('sha256').update(`${previous} ${diffId}`).digest('hex')}`);
	}

	return chain;
}

function readImageDb(root: StorageRoot, metadata: string, warnings: string[]) {
	const content = `${metadata}/imagedb/content/sha256`;
	const images: Array<Omit<DockerImage, 'repoTags' | 'repoDigests'>> = [];
	for (const entry of root.entries(content)) {
		if (!hex64.test(entry.name)) continue;
		const configFile = `${content}/${entry.name}`;
		const bytes = root.bytes(configFile);
		if (bytes === undefined) {
			warnings.push(`${configFile} vanished while it was read`);
			continue;
		}

		// Docker checks the content against its name and skips a mismatch; so do we.
		if (createHash('sha256').update(bytes).digest('hex') !== entry.name) {
			warnings.push(`${configFile}: content does not match its digest, skipped as Docker does`);
			continue;
		}

		const config = parseConfig(bytes);
		if (!config) {
			warnings.push(`${configFile}: not an image config, skipped`);
			continue;
		}

		const image: Omit<DockerImage, 'repoTags' | 'repoDigests'> = {
			id: `sha256:${entry.name}`, config, configFile, layers: chainIds(config.rootfs?.diff_ids ?? []),
		};
		if (config.created) image.created = config.created;
		const parent = root.text(`${metadata}/imagedb/metadata/sha256/${entry.name}/parent`);
		if (parent) image.parent = parent;
		images.push(image);
	}

	return images;
}

function parseConfig(bytes: Buffer): ImageConfig | undefined {
	try {
		return parseImageConfig(JSON.parse(bytes.toString('utf8')));
	} catch {
		return undefined;
	}
}

function readLayerDb(root: StorageRoot, metadata: string, warnings: string[]): Map<string, LayerRecord> {
	const layers = new Map<string, LayerRecord>();
	const directory = `${metadata}/layerdb/sha256`;
	for (const name of root.directories(directory)) {
		// `<chainID>-<random>-removing` is a layer being deleted; anything else not a chainID is not a layer.
		if (!hex64.test(name)) continue;
		const at = `${directory}/${name}`;
		const cacheId = root.text(`${at}/cache-id`);
		const size = Number(root.text(`${at}/size`) ?? 'NaN');
		if (!cacheId || !Number.isSafeInteger(size)) {
			warnings.push(`${at}: no cache-id or size, not a complete layer`);
			continue;
		}

		const layer: LayerRecord = {id: `sha256:${name}`, cacheId, sizeBytes: size};
		const parent = root.text(`${at}/parent`);
		if (parent) layer.parent = parent;
		const diffId = root.text(`${at}/diff`);
		if (diffId) layer.diffId = diffId;
		layers.set(layer.id, layer);
	}

	return layers;
}

function readRepositories(root: StorageRoot, metadata: string, warnings: string[]) {
	const byImage = new Map<string, {tags: string[]; digests: string[]}>();
	const {value, problem} = root.json(`${metadata}/repositories.json`);
	if (problem) warnings.push(problem);
	const repositories = (value as {Repositories?: Record<string, Record<string, string>>} | undefined)?.Repositories ?? {};
	for (const references of Object.values(repositories)) {
		for (const [reference, id] of Object.entries(references ?? {})) {
			const named = byImage.get(id) ?? {tags: [], digests: []};
			(reference.includes('@') ? named.digests : named.tags).push(reference);
			byImage.set(id, named);
		}
	}

	return byImage;
}

function readMounts(root: StorageRoot, metadata: string): MountRecord[] {
	const directory = `${metadata}/layerdb/mounts`;
	return root.directories(directory).map(containerId => {
		const mount: MountRecord = {containerId};
		const mountId = root.text(`${directory}/${containerId}/mount-id`);
		const initId = root.text(`${directory}/${containerId}/init-id`);
		const parent = root.text(`${directory}/${containerId}/parent`);
		if (mountId) mount.mountId = mountId;
		if (initId) mount.initId = initId;
		if (parent) mount.parent = parent;
		return mount;
	});
}
