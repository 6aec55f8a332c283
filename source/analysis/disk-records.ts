/**
 * What a storage-root reader hands the disk accounting: plain records, no file system. Sizes are in bytes, ids are
 * the store's own (`sha256:<hex>` image ids, chainIDs for Docker layers, layer ids for containers/storage).
 */
import {normalizeReference} from './reference.js';

/** `containerd`: a containerd namespace (Docker's containerd image store is namespace `moby`). */
export type StoreKind = 'docker' | 'containers-storage' | 'containerd';

export type ImageRecord = {
	id: string;
	/** Familiar `name:tag` references, as `docker image ls` shows them. */
	repoTags: string[];
	/** `name@sha256:…` references. */
	repoDigests: string[];
	/** RFC 3339, from the image config. */
	created?: string;
	/** The legacy builder's parent image id (Docker), or the inferred parent (containers/storage). */
	parent?: string;
	/** Layer ids from the base up (containerd: the content blobs and snapshots the image pins). */
	layers: string[];
	/** Why the engine would not load this image (a missing layer), when it would not. */
	broken?: string;
	/** Bytes the store keeps for the image besides its layers (containers/storage: manifests, config, signatures). */
	metadataBytes?: number;
	/** containerd: parts the image keeps that Docker leaves out of its SIZE (an index, attestation manifests). */
	uncountedParts?: string[];
};

export type LayerRecord = {
	id: string;
	parent?: string;
	diffId?: string;
	/** The graph driver directory that holds the layer's files. */
	cacheId: string;
	/** The store's own figure for the layer (Docker: layerdb `size`; containers/storage: `diff-size`). */
	sizeBytes: number;
	/**
	 * containerd's two kinds of part: a content blob (compressed, as pulled or built) or a snapshot (the unpacked
	 * layer, allocated bytes). Absent for the other stores, whose layers are all of one kind.
	 */
	kind?: 'content' | 'snapshot';
	/** Left out of SHARED SIZE (Docker 26's containerd store shares only layer snapshots, `computeSharedSize`). */
	unshared?: boolean;
	/** containerd: parts this one keeps alive through its `containerd.io/gc.ref.*` labels. */
	references?: string[];
};

/** `unknown` where the state lives outside the storage root (podman keeps it in libpod's database). */
export type ContainerState = 'running' | 'paused' | 'restarting' | 'created' | 'exited' | 'dead' | 'unknown';

export type ContainerRecord = {
	id: string;
	name: string;
	imageId: string;
	/** What the user typed when creating it (`Config.Image`). */
	imageName?: string;
	state: ContainerState;
	created?: string;
	/** Driver directories of its writable and init layers. */
	mountId?: string;
	initId?: string;
	/** Bytes in its writable layer (Docker's SizeRw), -1 when unknown. */
	writableBytes: number;
	/** Bytes of its json-file logs, which `docker system df` does not count. */
	logBytes: number;
	volumes: string[];
};

export type VolumeRecord = {
	name: string;
	/** Bytes in `_data`, -1 when Docker would not measure it (driver options, another driver). */
	sizeBytes: number;
	anonymous?: boolean;
};

/** A graph driver directory no layer or container record names, with its size. */
export type LooseDirectory = {
	name: string;
	sizeBytes: number;
	/** BuildKit's 25-character snapshot ids are build cache, anything else is an orphan. */
	kind: 'build-cache' | 'orphan';
	/** Build cache whose bytes an image also uses (BuildKit's `Shared`): Docker's Build Cache row leaves it out. */
	shared?: boolean;
};

export type StoreRecords = {
	/** The root's path; for containerd, its root and namespace (`/var/lib/containerd (moby)`). */
	root: string;
	/** The root as given, which opens this store again (a Docker root for its containerd store). */
	source?: string;
	store: StoreKind;
	driver: string;
	/** containerd only. */
	namespace?: string;
	/** containerd: Σ usage of every snapshot of the namespace, containers' included (Docker 26's `LayersSize`). */
	snapshotUsageBytes?: number;
	/**
	 * containerd: whether the engine's `LayersSize` adds the images' content blobs to the snapshots, as Docker 28.1
	 * and later do (moby #49707); guessed from containerd's metadata schema (2.x), which no older Docker ran.
	 */
	layersSizeCountsContent?: boolean;
	/** containerd: parts its garbage collector keeps for another reason than an image (leases, gc.root labels). */
	heldParts?: string[];
	/** containerd: active and view snapshots (containers' writable layers), linked into the parts by their parents. */
	activeLayers?: LayerRecord[];
	images: ImageRecord[];
	layers: LayerRecord[];
	containers: ContainerRecord[];
	volumes: VolumeRecord[];
	looseDirectories: LooseDirectory[];
	warnings: string[];
};

/** Orders references the way Docker's reference store lists them: by their full form. */
export function compareReferences(a: string, b: string): number {
	const [left, right] = [normalizeReference(a), normalizeReference(b)];
	return left < right ? -1 : left > right ? 1 : 0;
}

/** BuildKit names the driver directories it creates with 25 lowercase base-32 characters (docs/formats.md §3.4). */
export function isBuildKitId(name: string): boolean {
	return /^[a-z\d]{25}$/.test(name);
}

/**
 * Driver directories that no layer, container or init layer claims. `l` (overlay2's short links), `*-removing`
 * (a delete in progress) and non-directories are never candidates.
 */
export function unclaimedDirectories(
	names: string[], layers: LayerRecord[], containers: ContainerRecord[], otherClaims: string[] = [],
): string[] {
	const claimed = new Set<string>(['l', ...otherClaims]);
	for (const layer of layers) claimed.add(layer.cacheId);
	for (const container of containers) {
		if (container.mountId) claimed.add(container.mountId);
		if (container.initId) claimed.add(container.initId);
	}

	return names.filter(name => !claimed.has(name) && !name.endsWith('-removing'));
}
