/**
 * A containerd namespace as disk records: images by target digest, their content blobs and snapshots as parts, the
 * containers that use them, and what containerd's garbage collector keeps or would remove (docs/formats.md §4.3-4.5).
 */
import {type ContainerRecord, isBuildKitId, type LooseDirectory, type StoreRecords} from '../../analysis/disk-records.js';
import {readContainers, readDockerVolumes} from '../docker/containers.js';
import {allocatedSize, directorySize} from '../storage-root/directory-size.js';
import {engineOn} from '../storage-root/running-engine.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {contentDirectory, type Namespace, snapshotterDirectory, snapshotterName} from './metadata.js';
import {type ContainerdNamespaceStore, type ContainerdStore, contentPart, snapshotPart} from './store.js';

/** The Docker data root whose images live in this containerd store, and whether its volumes count here. */
export type DockerSide = {root: StorageRoot; volumes: boolean};

export function namespaceLabel(store: ContainerdStore, namespace: string): string {
	return `${store.root.full(store.base)} (${namespace})`;
}

/** One record set per namespace holding anything; Docker's containers and volumes join namespace `moby`. */
export function containerdRecords(store: ContainerdStore, docker: DockerSide | undefined, emptyAllowed: boolean): StoreRecords[] {
	// A namespace without images (BuildKit's `moby_history`, or the one a classic-store dockerd keeps its running
	// containers in) is no image store; an empty `moby` counts only where nothing else would be shown.
	const withImages = store.namespaces.filter(({images}) => images.length > 0);
	const stores = withImages.length > 0 || !emptyAllowed ? withImages : store.namespaces.filter(({namespace}) => namespace.name === 'moby');
	const loose = looseFiles(store);
	const running = runningWarning(store, docker);
	return stores.map((namespaceStore, position) => {
		const warnings = [...namespaceStore.warnings, ...running];
		const isDocker = namespaceStore.namespace.name === 'moby' && docker !== undefined;
		const usageOf = snapshotUsageOf(store, namespaceStore.namespace, warnings);
		const containers = isDocker ? dockerContainers(namespaceStore, docker.root, usageOf, warnings) : namespaceContainers(namespaceStore, usageOf);
		return {
			root: namespaceLabel(store, namespaceStore.namespace.name),
			store: 'containerd',
			driver: snapshotterName,
			namespace: namespaceStore.namespace.name,
			images: namespaceStore.images.map(({resolved: _resolved, names: _names, ...image}) => image),
			layers: [...namespaceStore.parts.values()],
			activeLayers: [...namespaceStore.activeParts.values()],
			containers,
			volumes: isDocker && docker.volumes ? readDockerVolumes(docker.root, warnings) : [],
			// Files no namespace claims belong to the root: listed once, with the first namespace.
			looseDirectories: [...buildCacheOf(namespaceStore, usageOf), ...(position === 0 ? loose : [])],
			snapshotUsageBytes: [...namespaceStore.namespace.snapshots.keys()].reduce((sum, key) => sum + Math.max(0, usageOf(key)), 0),
			layersSizeCountsContent: (store.metadata.schemaVersion ?? 0) >= 4,
			heldParts: [...heldByCollector(namespaceStore)],
			warnings,
		} satisfies StoreRecords;
	});
}

/** An engine at work on the root changes it while it is read: its figures may then differ from ours. */
function runningWarning(store: ContainerdStore, docker: DockerSide | undefined): string[] {
	const engine = (docker ? engineOn(docker.root.path) : undefined) ?? engineOn(store.root.full(store.base));
	return engine ? [`${engine.name} (pid ${engine.pid}) is running on this root: what it changes meanwhile can make figures differ from its own`] : [];
}

function snapshotDirectory(store: ContainerdStore, id: number | undefined): string | undefined {
	if (id === undefined) return undefined;
	return store.root.directory(`${store.base ? `${store.base}/` : ''}${snapshotterDirectory}/snapshots/${id}/fs`);
}

/**
 * A snapshot's usage as the overlay snapshotter's `Usage` gives it: committed, the size recorded at commit; active,
 * its directory measured now (once, however many records ask); a view has none of its own. -1 when there is no
 * such snapshot or directory.
 */
function snapshotUsageOf(store: ContainerdStore, namespace: Namespace, warnings: string[]): (key: string) => number {
	const measured = new Map<string, number>();
	const measure = (id: number | undefined) => {
		const directory = snapshotDirectory(store, id);
		if (directory === undefined) return -1;
		const tally = allocatedSize(directory);
		for (const path of tally.vanished) warnings.push(`${path} vanished while it was measured`);
		return tally.bytes;
	};

	return key => {
		const snapshot = namespace.snapshots.get(key);
		if (snapshot === undefined) return -1;
		if (snapshot.kind === 'committed') return snapshot.sizeBytes ?? 0;
		if (snapshot.kind !== 'active') return 0;
		if (!measured.has(key)) measured.set(key, measure(snapshot.id));
		return measured.get(key)!;
	};
}

type UsageOf = ReturnType<typeof snapshotUsageOf>;

/** Docker's containers of this store (`Driver` is the snapshotter), each with its lease's two snapshots. */
function dockerContainers(namespaceStore: ContainerdNamespaceStore, dockerRoot: StorageRoot, usageOf: UsageOf, warnings: string[]): ContainerRecord[] {
	return readContainers(dockerRoot, {
		owns: driver => driver === snapshotterName,
		writableBytes: id => usageOf(id),
		mountOf: id => ({containerId: id, mountId: snapshotPart(id), initId: snapshotPart(`${id}-init`)}),
	}, warnings);
}

/** containerd's own container records (nerdctl, Kubernetes): their state lives with the runtime, not here. */
function namespaceContainers(namespaceStore: ContainerdNamespaceStore, usageOf: UsageOf): ContainerRecord[] {
	const {namespace} = namespaceStore;
	const targetOf = new Map(namespace.images.map(image => [image.name, image.target.digest]));
	return namespace.containers.map(container => {
		const record: ContainerRecord = {
			id: container.id,
			name: container.id,
			imageId: (container.image && targetOf.get(container.image)) ?? container.image ?? '',
			state: 'unknown',
			writableBytes: container.snapshotKey ? usageOf(container.snapshotKey) : -1,
			logBytes: 0,
			volumes: [],
		};
		if (container.image) record.imageName = container.image;
		if (container.created) record.created = container.created;
		if (container.snapshotKey) record.mountId = snapshotPart(container.snapshotKey);
		return record;
	});
}

/**
 * BuildKit's cache records in the namespace: one lease per record, named by its 25-character id. A record's size,
 * as BuildKit reports it, is its own snapshot (not an image's layer snapshot it merely points at) and the layer
 * blobs it made; it is shared when an image uses one of them.
 */
function buildCacheOf({namespace, images}: ContainerdNamespaceStore, usageOf: UsageOf): LooseDirectory[] {
	const imageParts = new Set(images.flatMap(image => image.layers));
	return namespace.leases.filter(lease => isBuildKitId(lease.id)).map(lease => {
		const ownSnapshots = lease.snapshots.filter(key => !key.startsWith('sha256:'));
		const layerBlobs = lease.content.filter(digest => 'containerd.io/uncompressed' in (namespace.blobs.get(digest)?.labels ?? {}));
		const snapshotBytes = ownSnapshots.reduce((sum, key) => sum + Math.max(0, usageOf(key)), 0);
		const blobBytes = layerBlobs.reduce((sum, digest) => sum + (namespace.blobs.get(digest)?.size ?? 0), 0);
		const shared = [...lease.snapshots.map(snapshotPart), ...layerBlobs.map(contentPart)].some(part => imageParts.has(part));
		return {name: lease.id, sizeBytes: snapshotBytes + blobBytes, kind: 'build-cache', shared};
	});
}

/**
 * Roots of containerd's collector besides images (`core/metadata/gc.go`): what a lease holds (a build, a pull, a
 * container) and what is labelled `containerd.io/gc.root`.
 */
function heldByCollector({namespace}: ContainerdNamespaceStore, now = Date.now()): Set<string> {
	const held = new Set<string>();
	// An expired lease (BuildKit's temporary ones, `containerd.io/gc.expire`) holds nothing: the next collection drops it.
	const expired = (labels: Record<string, string>) => Date.parse(labels['containerd.io/gc.expire'] ?? '') < now;
	for (const lease of namespace.leases.filter(candidate => !expired(candidate.labels))) {
		for (const digest of lease.content) held.add(contentPart(digest));
		for (const key of lease.snapshots) held.add(snapshotPart(key));
	}

	for (const blob of namespace.blobs.values()) if ('containerd.io/gc.root' in blob.labels) held.add(contentPart(blob.digest));
	for (const snapshot of namespace.snapshots.values()) if ('containerd.io/gc.root' in snapshot.labels) held.add(snapshotPart(snapshot.key));
	return held;
}

/**
 * Files of the root that no namespace knows: snapshot directories without a snapshotter record and content blobs
 * no namespace lists (left behind by a crash or an interrupted delete). Both are what containerd would never use.
 */
function looseFiles(store: ContainerdStore): LooseDirectory[] {
	const at = (relative: string) => (store.base ? `${store.base}/${relative}` : relative);
	const recorded = new Set([...store.metadata.snapshotter.values()].map(record => String(record.id)));
	const loose: LooseDirectory[] = store.root.directories(at(`${snapshotterDirectory}/snapshots`))
		.filter(name => !recorded.has(name))
		.map(name => ({name: `${snapshotterDirectory}/snapshots/${name}`, sizeBytes: allocatedSize(store.root.directory(at(`${snapshotterDirectory}/snapshots/${name}`))).bytes, kind: 'orphan'}));
	const listed = new Set(store.metadata.namespaces.flatMap(namespace => [...namespace.blobs.keys()]));
	for (const entry of store.root.entries(at(`${contentDirectory}/blobs/sha256`))) {
		if (!entry.isFile() || listed.has(`sha256:${entry.name}`)) continue;
		const name = `${contentDirectory}/blobs/sha256/${entry.name}`;
		loose.push({name, sizeBytes: store.root.fileSize(at(name)) ?? 0, kind: 'orphan'});
	}

	// A download that stopped half way leaves its data in `ingest/<hash>/`; one no namespace still tracks is dead.
	const ingesting = new Set(store.metadata.namespaces.flatMap(namespace => namespace.ingests));
	for (const hash of store.root.directories(at(`${contentDirectory}/ingest`))) {
		const name = `${contentDirectory}/ingest/${hash}`;
		const ref = store.root.text(at(`${name}/ref`));
		if (ref !== undefined && [...ingesting].some(tracked => ref === tracked || ref.endsWith(`/${tracked}`) || tracked.endsWith(`/${ref}`))) continue;
		loose.push({name, sizeBytes: directorySize(store.root.directory(at(name))).bytes, kind: 'orphan'});
	}

	return loose;
}
