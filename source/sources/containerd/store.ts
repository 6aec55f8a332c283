/**
 * Docker's containerd image store (and any containerd namespace) read offline: where it lives, its images resolved
 * through the content store, and the parts (content blobs, snapshots) each image pins (docs/formats.md §4).
 */
import {type ImageRecord, type LayerRecord} from '../../analysis/disk-records.js';
import {familiarReference} from '../../analysis/reference.js';
import {blobPath, hostPlatform, platformMatches} from '../archive/oci.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {namespaceBlobs, type ResolvedImage, resolveImage} from './images.js';
import {type ContainerdMetadata, contentDirectory, metadataFile, type Namespace, readContainerdMetadata, type Snapshot, snapshotterDirectory, snapshotterName} from './metadata.js';

/** Where a root keeps containerd's data: the root itself (`/var/lib/containerd`) or dockerd's own containerd. */
export function containerdBase(root: StorageRoot): string | undefined {
	if (root.fileSize(metadataFile) !== undefined) return '';
	if (root.fileSize(`containerd/daemon/${metadataFile}`) !== undefined) return 'containerd/daemon';
	return undefined;
}

const danglingPrefix = 'moby-dangling@';
/** The legacy builder's parent image (its target digest), as Docker's containerd store records it. */
const parentLabel = 'org.mobyproject.image.parent';

/** One image as Docker's containerd store lists it: every record naming the same target is one image. */
export type StoreImage = ImageRecord & {resolved: ResolvedImage; names: string[]};

export type ContainerdNamespaceStore = {
	namespace: Namespace;
	images: StoreImage[];
	/** Content blobs and committed snapshots as accountable parts, by part id. */
	parts: Map<string, LayerRecord>;
	/** Active and view snapshots, which the collector follows but which are measured with their containers. */
	activeParts: Map<string, LayerRecord>;
	warnings: string[];
};

export type ContainerdStore = {root: StorageRoot; base: string; metadata: ContainerdMetadata; namespaces: ContainerdNamespaceStore[]};

export const contentPart = (digest: string) => `content:${digest}`;
export const snapshotPart = (key: string) => `snapshot:${key}`;

/** Reads a containerd root found at `base` of `root`, every namespace with its images resolved. */
export function readContainerdStore(root: StorageRoot, base: string): ContainerdStore {
	const metadata = readContainerdMetadata(root, base);
	return {root, base, metadata, namespaces: metadata.namespaces.map(namespace => namespaceStore(root, base, namespace))};
}

function namespaceStore(root: StorageRoot, base: string, namespace: Namespace): ContainerdNamespaceStore {
	const blobs = namespaceBlobs(root, base, namespace);
	const warnings: string[] = [];
	const {parts, activeParts} = partsOf(namespace);
	for (const [snapshotter, count] of Object.entries(namespace.otherSnapshotters)) {
		warnings.push(`${count} snapshots of the ${snapshotter} snapshotter are not read (only overlayfs is): image sizes leave them out`);
	}

	const byTarget = new Map<string, StoreImage>();
	for (const record of namespace.images) {
		const known = byTarget.get(record.target.digest);
		if (known) {
			addName(known, record.name);
			continue;
		}

		const resolved = resolveImage(record, blobs);
		if (resolved.problem) warnings.push(`image ${record.name}: ${resolved.problem}`);
		const image = storeImage(resolved, namespace, blobs.has);
		addName(image, record.name);
		byTarget.set(record.target.digest, image);
	}

	return {namespace, images: [...byTarget.values()], parts, activeParts, warnings};
}

/**
 * The namespace's content blobs and snapshots as parts: committed snapshots are accounted by the size recorded at
 * commit; active ones (containers' writable layers) are measured with their containers, not as parts.
 */
function partsOf(namespace: Namespace): {parts: Map<string, LayerRecord>; activeParts: Map<string, LayerRecord>} {
	const parts = new Map<string, LayerRecord>();
	const activeParts = new Map<string, LayerRecord>();
	for (const blob of namespace.blobs.values()) {
		const part: LayerRecord = {id: contentPart(blob.digest), cacheId: `${contentDirectory}/${blobPath(blob.digest)}`, sizeBytes: blob.size, kind: 'content', unshared: true};
		withReferences(part, blob.labels);
		parts.set(part.id, part);
	}

	for (const snapshot of namespace.snapshots.values()) {
		const part: LayerRecord = {
			id: snapshotPart(snapshot.key), cacheId: `${snapshotterDirectory}/snapshots/${snapshot.id ?? '?'}`,
			sizeBytes: snapshot.kind === 'committed' ? snapshot.sizeBytes ?? 0 : 0, kind: 'snapshot',
		};
		if (snapshot.parent) part.parent = snapshotPart(snapshot.parent);
		// A build container's `-init` snapshot lies in a legacy-built image's chain but is no layer of it.
		if (!snapshot.key.startsWith('sha256:')) part.unshared = true;
		withReferences(part, snapshot.labels);
		(snapshot.kind === 'committed' ? parts : activeParts).set(part.id, part);
	}

	return {parts, activeParts};
}

/** The parts a blob's or snapshot's `containerd.io/gc.ref.*` labels keep alive (`core/metadata/gc.go`). */
function withReferences(part: LayerRecord, labels: Record<string, string>): void {
	const references: string[] = [];
	for (const [label, value] of Object.entries(labels)) {
		if (label.startsWith('containerd.io/gc.ref.content')) references.push(contentPart(value));
		else if (label === `containerd.io/gc.ref.snapshot.${snapshotterName}`) references.push(snapshotPart(value));
	}

	if (references.length > 0) part.references = references;
}

function addName(image: StoreImage, name: string): void {
	image.names.push(name);
	// Kubernetes' CRI also names each image by its config digest: an id, not a tag.
	if (name.startsWith(danglingPrefix) || /^sha256:[a-f\d]{64}$/.test(name)) return;
	if (name.includes('@')) image.repoDigests.push(familiarReference(name));
	else image.repoTags.push(familiarReference(name));
	// Docker lists a tagged image's digest reference too (`name@<target digest>`), as the classic store does.
	const repository = familiarReference(name).replace(/@.*$/, '').replace(/:[^:/]+$/, '');
	const digest = `${repository}@${image.id}`;
	if (!name.includes('@') && !image.repoDigests.includes(digest)) image.repoDigests.push(digest);
}

/**
 * The parts an image pins, as Docker 26 counts its size (`daemon/containerd/image_list.go`): its target and each
 * present platform's manifest, config and layer blobs, and every snapshot from each platform's top layer down its
 * parent chain (which, for the legacy builder's images, passes through the build containers' `-init` snapshots).
 */
function storeImage(resolved: ResolvedImage, namespace: Namespace, present: (digest: string) => boolean): StoreImage {
	const {record} = resolved;
	// An index and attestation manifests are not counted: only each platform's manifest, config and layers.
	const content = new Set<string>();
	const snapshots = new Set<string>();
	for (const platform of resolved.platforms) {
		content.add(platform.manifestDigest);
		content.add(platform.configDigest);
		for (const layer of platform.layers) if (layer.present) content.add(layer.descriptor.digest);
		for (const key of snapshotChain(namespace, platform.layers.at(-1)?.chainId)) snapshots.add(key);
	}

	const image: StoreImage = {
		id: record.target.digest,
		repoTags: [],
		repoDigests: [],
		layers: [...[...content].filter(digest => present(digest)).map(contentPart), ...[...snapshots].map(snapshotPart)],
		resolved,
		names: [],
	};
	const uncounted = resolved.otherBlobs.filter(digest => present(digest) && !content.has(digest));
	if (uncounted.length > 0) image.uncountedParts = uncounted.map(contentPart);
	// Docker dates an image by its best platform for this host (the first present, when the host's is not).
	const host = resolved.platforms.find(platform => platformMatches(platform.platform, hostPlatform())) ?? resolved.platforms[0];
	const created = host?.config.created;
	if (created) image.created = created;
	const parent = record.labels[parentLabel];
	if (parent) image.parent = parent;
	if (resolved.platforms.length === 0) image.broken = resolved.problem ?? 'no platform of it is in the content store';
	return image;
}

/** Keys from a snapshot down its parents; stops at a missing or repeated key. */
export function snapshotChain(namespace: Namespace, top: string | undefined): string[] {
	const chain: string[] = [];
	const seen = new Set<string>();
	for (let key = top; key && !seen.has(key); key = namespace.snapshots.get(key)?.parent) {
		const snapshot: Snapshot | undefined = namespace.snapshots.get(key);
		if (!snapshot) break;
		seen.add(key);
		chain.push(key);
	}

	return chain;
}
