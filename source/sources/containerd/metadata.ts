/**
 * containerd's records as they are on disk: the namespaced metadata database (`meta.db`, docs/formats.md §4.3) and the
 * overlayfs snapshotter's own database (`metadata.db`, 4.4), read through the bbolt reader without any lock.
 */
import {type StorageRoot} from '../storage-root/storage-root.js';
import {type BoltBucket, type BoltDatabase, BoltFormatError} from './bbolt.js';
import {readBolt} from './bolt-file.js';
import {goTime, varintNumber} from './go-binary.js';

export const metadataFile = 'io.containerd.metadata.v1.bolt/meta.db';
export const contentDirectory = 'io.containerd.content.v1.content';
export const snapshotterName = 'overlayfs';
export const snapshotterDirectory = `io.containerd.snapshotter.v1.${snapshotterName}`;

export type Descriptor = {digest: string; mediaType: string; size: number};

export type ContainerdImage = {
	name: string;
	target: Descriptor;
	labels: Record<string, string>;
	annotations: Record<string, string>;
	created?: string;
	updated?: string;
};

export type ContentBlob = {digest: string; size: number; labels: Record<string, string>; created?: string};

/** A snapshot as the namespace knows it (by key), joined with the snapshotter's record (by backend name). */
export type Snapshot = {
	key: string;
	/** `<namespace>/<seq>/<key>`: the snapshotter's name for it. */
	backendName: string;
	parent?: string;
	labels: Record<string, string>;
	created?: string;
	/** The snapshotter's directory number: `snapshots/<id>/fs`. */
	id?: number;
	kind?: 'view' | 'active' | 'committed';
	/** Allocated bytes and inodes, recorded when the snapshot was committed. */
	sizeBytes?: number;
	inodes?: number;
};

/** A container record of the namespace (nerdctl, Kubernetes; Docker keeps its own in `containers/`). */
export type ContainerdContainer = {id: string; image?: string; snapshotKey?: string; created?: string};

export type Lease = {id: string; labels: Record<string, string>; snapshots: string[]; content: string[]; created?: string};

export type Namespace = {
	name: string;
	images: ContainerdImage[];
	blobs: Map<string, ContentBlob>;
	/** This snapshotter's snapshots, by key. */
	snapshots: Map<string, Snapshot>;
	leases: Lease[];
	containers: ContainerdContainer[];
	/** Refs of downloads in progress (`content/ingests`), whose partial data lives under the content store's `ingest/`. */
	ingests: string[];
	/** Snapshotters other than overlayfs that hold snapshots in this namespace, with how many. */
	otherSnapshotters: Record<string, number>;
};

export type SnapshotterRecord = {id: number; kind: Snapshot['kind']; parent?: string; sizeBytes?: number; inodes?: number};

export type ContainerdMetadata = {
	/** `v1/version`: the metadata database version containerd writes (3 in containerd 1.7, 4 in 2.x). */
	schemaVersion?: number;
	/** Directory of containerd's root, relative to the storage root it was found in ('' when they are the same). */
	base: string;
	namespaces: Namespace[];
	/** Every snapshotter record by backend name, whichever namespace (if any) still knows it. */
	snapshotter: Map<string, SnapshotterRecord>;
};

const latin1 = (bytes: Buffer | undefined) => bytes?.toString('latin1');
const utf8 = (bytes: Buffer | undefined) => bytes?.toString('utf8');

function stringMap(bucket: BoltBucket | undefined): Record<string, string> {
	const map: Record<string, string> = {};
	if (!bucket) return map;
	for (const [key, value] of bucket.values()) map[Buffer.from(key, 'latin1').toString('utf8')] = value.toString('utf8');
	return map;
}

function keys(bucket: BoltBucket | undefined): string[] {
	if (!bucket) return [];
	return bucket.entries.map(entry => entry.key.toString('utf8'));
}

/** Reads every namespace of a containerd root found at `base` (relative to `root`). */
export function readContainerdMetadata(root: StorageRoot, base: string): ContainerdMetadata {
	const at = (relative: string) => (base ? `${base}/${relative}` : relative);
	const snapshotter = root.bytes(at(`${snapshotterDirectory}/metadata.db`)) === undefined
		? new Map<string, SnapshotterRecord>()
		: readBolt(root, at(`${snapshotterDirectory}/metadata.db`), readSnapshotter);
	const {namespaces, schemaVersion} = readBolt(root, at(metadataFile), database => {
		const top = database.root().bucket('v1');
		if (!top) throw new BoltFormatError('no v1 bucket: not containerd metadata');
		return {
			namespaces: [...top.buckets()].map(([name, bucket]) => readNamespace(Buffer.from(name, 'latin1').toString('utf8'), bucket)),
			schemaVersion: varintNumber(top.get('version')),
		};
	});
	for (const namespace of namespaces) {
		for (const snapshot of namespace.snapshots.values()) {
			const record = snapshotter.get(snapshot.backendName);
			if (!record) continue;
			snapshot.id = record.id;
			if (record.kind) snapshot.kind = record.kind;
			if (record.sizeBytes !== undefined) snapshot.sizeBytes = record.sizeBytes;
			if (record.inodes !== undefined) snapshot.inodes = record.inodes;
		}
	}

	return {base, namespaces, snapshotter, ...(schemaVersion === undefined ? {} : {schemaVersion})};
}

function readNamespace(name: string, bucket: BoltBucket): Namespace {
	return {
		name,
		images: [...bucket.bucket('images')?.buckets() ?? []].flatMap(([key, image]) => {
			const read = readImage(Buffer.from(key, 'latin1').toString('utf8'), image);
			return read ? [read] : [];
		}),
		blobs: new Map([...bucket.bucket('content', 'blob')?.buckets() ?? []].map(([digest, blob]) => [digest, readBlob(digest, blob)])),
		snapshots: new Map([...bucket.bucket('snapshots', snapshotterName)?.buckets() ?? []].map(([key, snapshot]) => {
			const decodedKey = Buffer.from(key, 'latin1').toString('utf8');
			return [decodedKey, readSnapshot(decodedKey, snapshot)];
		})),
		leases: [...bucket.bucket('leases')?.buckets() ?? []].map(([id, lease]) => readLease(id, lease)),
		containers: [...bucket.bucket('containers')?.buckets() ?? []].map(([id, container]) => readContainer(id, container)),
		ingests: keys(bucket.bucket('content', 'ingests')),
		otherSnapshotters: Object.fromEntries([...bucket.bucket('snapshots')?.buckets() ?? []]
			.filter(([snapshotter, snapshots]) => snapshotter !== snapshotterName && snapshots.entries.length > 0)
			.map(([snapshotter, snapshots]) => [snapshotter, snapshots.entries.length])),
	};
}

function readImage(name: string, bucket: BoltBucket): ContainerdImage | undefined {
	const target = bucket.bucket('target');
	const digest = latin1(target?.get('digest'));
	if (!target || !digest) return undefined;
	const image: ContainerdImage = {
		name,
		target: {digest, mediaType: utf8(target.get('mediatype')) ?? '', size: varintNumber(target.get('size')) ?? 0},
		labels: stringMap(bucket.bucket('labels')),
		annotations: stringMap(bucket.bucket('annotations')),
	};
	const created = goTime(bucket.get('createdat'));
	const updated = goTime(bucket.get('updatedat'));
	if (created) image.created = created;
	if (updated) image.updated = updated;
	return image;
}

function readBlob(digest: string, bucket: BoltBucket): ContentBlob {
	const blob: ContentBlob = {digest, size: varintNumber(bucket.get('size')) ?? 0, labels: stringMap(bucket.bucket('labels'))};
	const created = goTime(bucket.get('createdat'));
	if (created) blob.created = created;
	return blob;
}

function readSnapshot(key: string, bucket: BoltBucket): Snapshot {
	const snapshot: Snapshot = {key, backendName: utf8(bucket.get('name')) ?? '', labels: stringMap(bucket.bucket('labels'))};
	const parent = utf8(bucket.get('parent'));
	const created = goTime(bucket.get('createdat'));
	if (parent) snapshot.parent = parent;
	if (created) snapshot.created = created;
	return snapshot;
}

function readLease(id: string, bucket: BoltBucket): Lease {
	const lease: Lease = {
		id,
		labels: stringMap(bucket.bucket('labels')),
		snapshots: keys(bucket.bucket('snapshots', snapshotterName)),
		content: keys(bucket.bucket('content')),
	};
	const created = goTime(bucket.get('createdat'));
	if (created) lease.created = created;
	return lease;
}

function readContainer(id: string, bucket: BoltBucket): ContainerdContainer {
	const container: ContainerdContainer = {id: Buffer.from(id, 'latin1').toString('utf8')};
	const image = utf8(bucket.get('image'));
	const snapshotKey = utf8(bucket.get('snapshotKey'));
	const created = goTime(bucket.get('createdat'));
	if (image) container.image = image;
	if (snapshotKey) container.snapshotKey = snapshotKey;
	if (created) container.created = created;
	return container;
}

const kinds: Record<number, Snapshot['kind']> = {1: 'view', 2: 'active', 3: 'committed'};

function readSnapshotter(database: BoltDatabase): Map<string, SnapshotterRecord> {
	const records = new Map<string, SnapshotterRecord>();
	const snapshots = database.root().bucket('v1', 'snapshots');
	if (!snapshots) throw new BoltFormatError('no v1/snapshots bucket: not a snapshotter database');
	for (const [name, bucket] of snapshots.buckets()) {
		const id = varintNumber(bucket.get('id'), false);
		if (id === undefined) continue;
		const record: SnapshotterRecord = {id, kind: kinds[bucket.get('kind')?.[0] ?? 0]};
		const parent = utf8(bucket.get('parent'));
		const sizeBytes = varintNumber(bucket.get('size'));
		const inodes = varintNumber(bucket.get('inodes'));
		if (parent) record.parent = parent;
		if (sizeBytes !== undefined) record.sizeBytes = sizeBytes;
		if (inodes !== undefined) record.inodes = inodes;
		records.set(Buffer.from(name, 'latin1').toString('utf8'), record);
	}

	return records;
}
