import {compareReferences, type ContainerRecord, type ImageRecord, isBuildKitId, type LayerRecord, type StoreKind} from './disk-records.js';

/** What a prune would do: the images it removes, the layers it releases, and their bytes. */
export type PruneOutcome = {
	freedBytes: number;
	/** Image ids removed. */
	images: string[];
	/** Tags and digests removed from images that stay (`prune -a` keeps an image whose children stay). */
	untagged: string[];
	/** Layer ids released. */
	layers: string[];
	/**
	 * Released by the images but still held by BuildKit, which registered them (a 25-character cache id): the engine
	 * frees them only with `docker builder prune`, so they are not in `freedBytes`.
	 */
	heldByBuildCache: {bytes: number; layers: string[]};
	/**
	 * containerd: what the engine reports as reclaimed. Docker 26 counts only the content blobs the collector
	 * removed (`daemon/containerd/image_prune.go`), not the snapshots it removes with them.
	 */
	engineReportedBytes?: number;
};

/** Images the engine would load: a broken image (a missing layer) is invisible to Docker, so to its prune too. */
export function loadedImages(images: ImageRecord[]): ImageRecord[] {
	return images.filter(image => image.broken === undefined);
}

/** Children by parent id, among the given images. */
export function childrenOf(images: ImageRecord[]): Map<string, string[]> {
	const ids = new Set(images.map(image => image.id));
	const children = new Map<string, string[]>();
	for (const image of images) {
		if (!image.parent || !ids.has(image.parent)) continue;
		children.set(image.parent, [...(children.get(image.parent) ?? []), image.id]);
	}

	return children;
}

/**
 * Replays `docker image prune` (`all` false: untagged images without children) or `docker image prune -a` (every
 * image no container uses), the way the graph-driver engine deletes (docs/formats.md §6.3): an image used by any
 * container, running or not, stays; a deleted image's parent goes too once it is untagged, childless and unused;
 * with `all`, an unused image that keeps children is only untagged. containers/storage records no parents, so
 * `podman image prune -a` removes every unused image, children or not. A layer is freed only when no remaining
 * image still needs it.
 */
export function simulatePrune(
	allImages: ImageRecord[], containers: ContainerRecord[], layers: Map<string, LayerRecord>, all: boolean, store: StoreKind = 'docker',
	held: string[] = [],
): PruneOutcome {
	if (store === 'containerd') return collectorPrune(loadedImages(allImages), containers, layers, all, held);
	if (all && store === 'containers-storage') return unusedRemoved(loadedImages(allImages), containers, layers);
	const images = loadedImages(allImages);
	const byId = new Map(images.map(image => [image.id, image]));
	const used = new Set(containers.map(container => container.imageId));
	const remainingChildren = new Map([...childrenOf(images)].map(([parent, kids]) => [parent, new Set(kids)]));
	const references = new Map(images.map(image => [image.id, [...image.repoTags, ...image.repoDigests]]));
	const untagged: string[] = [];
	const isIntermediate = (image: ImageRecord) => (references.get(image.id) ?? []).length === 0 && remainingChildren.has(image.id);
	const queue = all
		? images.filter(image => !used.has(image.id) && !isIntermediate(image))
		: images.filter(image => image.repoTags.length === 0 && !remainingChildren.has(image.id) && !used.has(image.id));
	for (const image of queue) {
		untagged.push(...references.get(image.id)!);
		references.set(image.id, []);
	}

	// prune -a removes an in-use image's references one by one, in order; only the removal of the last one fails.
	if (all) {
		for (const image of images.filter(candidate => used.has(candidate.id))) {
			const kept = references.get(image.id)!.sort(compareReferences);
			untagged.push(...kept.splice(0, kept.length - 1));
		}
	}

	const deleted = replayDeletions(queue, byId, used, references, remainingChildren);
	const byDeletion = [...deleted].map(id => byId.get(id)!);
	return outcome(byDeletion, images.filter(image => !deleted.has(image.id)), layers, untagged);
}

/** Deletes each queued image that is unused, unreferenced and childless, then tries its parent the same way. */
function replayDeletions(
	queue: ImageRecord[], byId: Map<string, ImageRecord>, used: Set<string>, references: Map<string, string[]>, remainingChildren: Map<string, Set<string>>,
): Set<string> {
	const deleted = new Set<string>();
	const deletable = (image: ImageRecord) => !deleted.has(image.id) && !used.has(image.id)
		&& references.get(image.id)!.length === 0 && (remainingChildren.get(image.id)?.size ?? 0) === 0;
	while (queue.length > 0) {
		const image = queue.shift()!;
		if (!deletable(image)) continue;
		deleted.add(image.id);
		const parent = image.parent ? byId.get(image.parent) : undefined;
		if (parent) {
			remainingChildren.get(parent.id)?.delete(image.id);
			queue.push(parent);
		}
	}

	return deleted;
}

/** The snapshots containers keep (containerd: the writable one and its `-init`), roots of the collector. */
export function containerParts(containers: ContainerRecord[]): string[] {
	return containers.flatMap(container => [container.mountId, container.initId].filter(id => id !== undefined));
}

/** Every part an image keeps, counted in its size or not. */
export function imageParts(image: ImageRecord): string[] {
	return [...image.layers, ...image.uncountedParts ?? []];
}

/**
 * containerd parts reachable from the given roots: through snapshot parents and `gc.ref` labels, as containerd's
 * collector marks them (`core/metadata/gc.go`).
 */
export function reachableParts(roots: Iterable<string>, layers: Map<string, LayerRecord>): Set<string> {
	const reached = new Set<string>();
	const pending = [...roots];
	while (pending.length > 0) {
		const id = pending.pop()!;
		if (reached.has(id) || !layers.has(id)) continue;
		reached.add(id);
		const layer = layers.get(id)!;
		if (layer.parent) pending.push(layer.parent);
		pending.push(...layer.references ?? []);
	}

	return reached;
}

/** A reference as containers name images: familiar, `:latest` when no tag or digest is given. */
function withDefaultTag(reference: string): string {
	const familiar = reference.replace(/^docker\.io\/(library\/)?/, '');
	return /[:@][^/]*$/.test(familiar) ? familiar : `${familiar}:latest`;
}

/**
 * Docker's containerd store (docs/formats.md §6.3): `prune` deletes every `moby-dangling@` record (an untagged
 * image) that no container uses, and `prune -a` every name that no container was created from, keeping an image a
 * container uses under one name at least. Then containerd's collector removes what nothing reaches any more
 * (images, containers' snapshots and leases are its roots). Docker reports only the removed images' own blobs.
 */
function collectorPrune(images: ImageRecord[], containers: ContainerRecord[], layers: Map<string, LayerRecord>, all: boolean, held: string[]): PruneOutcome {
	const usedIds = new Set(containers.map(container => container.imageId));
	const usedNames = new Set(containers.flatMap(container => (container.imageName ? [withDefaultTag(container.imageName)] : [])));
	const untagged: string[] = [];
	const removed: ImageRecord[] = [];
	for (const image of images) {
		if (!all) {
			if (image.repoTags.length === 0 && !usedIds.has(image.id)) removed.push(image);
			continue;
		}

		const kept = image.repoTags.filter(tag => usedNames.has(withDefaultTag(tag)));
		if (kept.length === 0 && usedIds.has(image.id) && image.repoTags.length > 0) kept.push([...image.repoTags].sort(compareReferences)[0]!);
		if (kept.length === 0 && !usedIds.has(image.id)) {
			removed.push(image);
			continue;
		}

		untagged.push(...image.repoTags.filter(tag => !kept.includes(tag)));
	}

	const removedIds = new Set(removed.map(image => image.id));
	const kept = images.filter(image => !removedIds.has(image.id));
	const roots = [...containerParts(containers), ...held];
	const before = reachableParts([...images.flatMap(imageParts), ...roots], layers);
	const after = reachableParts([...kept.flatMap(imageParts), ...roots], layers);
	const freed = [...before].filter(id => !after.has(id));
	const own = new Set(removed.flatMap(imageParts));
	const bytesOf = (ids: string[]) => ids.reduce((sum, id) => sum + layers.get(id)!.sizeBytes, 0);
	return {
		freedBytes: bytesOf(freed),
		images: removed.map(image => image.id),
		untagged,
		layers: freed,
		heldByBuildCache: {bytes: 0, layers: []},
		engineReportedBytes: bytesOf(freed.filter(id => layers.get(id)!.kind === 'content' && own.has(id))),
	};
}

function unusedRemoved(images: ImageRecord[], containers: ContainerRecord[], layers: Map<string, LayerRecord>): PruneOutcome {
	const used = new Set(containers.map(container => container.imageId));
	const removed = images.filter(image => !used.has(image.id));
	return outcome(removed, images.filter(image => used.has(image.id)), layers, []);
}

function outcome(deleted: ImageRecord[], kept: ImageRecord[], layers: Map<string, LayerRecord>, untagged: string[]): PruneOutcome {
	const released = releasedLayers(deleted, kept, layers);
	const held = released.filter(id => isBuildKitId(layers.get(id)!.cacheId));
	const freed = released.filter(id => !held.includes(id));
	const bytesOf = (ids: string[]) => ids.reduce((sum, id) => sum + layers.get(id)!.sizeBytes, 0);
	return {
		freedBytes: bytesOf(freed),
		images: deleted.map(image => image.id),
		untagged: untagged.filter(reference => kept.some(image => image.repoTags.includes(reference) || image.repoDigests.includes(reference))),
		layers: freed,
		heldByBuildCache: {bytes: bytesOf(held), layers: held},
	};
}

function releasedLayers(deleted: ImageRecord[], kept: ImageRecord[], layers: Map<string, LayerRecord>): string[] {
	const needed = new Set(kept.flatMap(image => image.layers));
	const released = new Set<string>();
	for (const image of deleted) {
		for (const layer of image.layers) if (!needed.has(layer) && layers.has(layer)) released.add(layer);
	}

	return [...released];
}
