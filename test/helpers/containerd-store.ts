/**
 * Writes small containerd roots in tests, laid out as containerd 1.7 lays them out (docs/formats.md §4.2-4.4): the
 * content store, `meta.db` with namespaces, the overlayfs snapshotter's `metadata.db` and its snapshot directories.
 */
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {chainIds} from '../../source/sources/docker/store.js';
import {type BoltTree, makeBolt} from './make-bolt.js';
import {makeTar, sha256, type TarSpec} from './make-tar.js';

function uvarint(value: number): Buffer {
	const bytes: number[] = [];
	let rest = BigInt(value);
	do {
		const low = Number(rest & 0x7Fn);
		rest >>= 7n;
		bytes.push(rest > 0n ? low | 0x80 : low);
	} while (rest > 0n);
	return Buffer.from(bytes);
}

/** Go's `binary.PutVarint`: zigzag, then unsigned. */
const varint = (value: number) => uvarint(value >= 0 ? value * 2 : -value * 2 - 1);

/** Go's `time.MarshalBinary` of a UTC time. */
function goTime(iso: string): Buffer {
	const milliseconds = Date.parse(iso);
	const bytes = Buffer.alloc(15);
	bytes[0] = 1;
	bytes.writeBigInt64BE(BigInt(Math.floor(milliseconds / 1000)) + 62_135_596_800n, 1);
	bytes.writeUInt32BE((milliseconds % 1000) * 1e6, 9);
	bytes.writeInt16BE(-1, 13);
	return bytes;
}

export type StoreLayer = {files: TarSpec[]; gzip?: boolean; unpacked?: boolean; blobMissing?: boolean};

export type StoreImageSpec = {
	names: string[];
	layers: StoreLayer[];
	/** More platforms: the target becomes an index of one manifest per platform (each with its own config). */
	platforms?: string[];
	labels?: Record<string, string>;
};

export type StoreSpec = {
	namespaces: Record<string, {
		images: StoreImageSpec[];
		containers?: Array<{id: string; image: string}>;
		leases?: Array<{id: string; snapshots?: string[]; content?: string[]; labels?: Record<string, string>}>;
		/** Snapshot keys recorded under another snapshotter (`native`, `btrfs`), which layerscope does not read. */
		otherSnapshots?: {snapshotter: string; keys: string[]};
	}>;
};

export type WrittenStore = {root: string; targets: Record<string, string>; snapshotSizes: Record<string, number>};

class StoreWriter {
	readonly blobs = new Map<string, Buffer>();
	readonly snapshotter: BoltTree = {};
	nextSnapshot = 1;
	constructor(readonly root: string) {}

	blob(bytes: Buffer, labels: Record<string, string> = {}, namespace: BoltTree): string {
		const digest = `sha256:${sha256(bytes)}`;
		this.blobs.set(digest, bytes);
		((namespace['content'] as BoltTree)['blob'] as BoltTree)[digest] = {size: varint(bytes.length), createdat: goTime('2026-11-30T10:00:00Z'), labels};
		return digest;
	}

	snapshot(namespace: string, tree: BoltTree, key: string, parent: string | undefined, kind: 2 | 3, sizeBytes: number): void {
		const id = this.nextSnapshot++;
		const backendName = `${namespace}/${id}/${key}`;
		const snapshots = ((tree['snapshots'] as BoltTree)['overlayfs'] as BoltTree);
		snapshots[key] = {name: backendName, ...(parent ? {parent} : {}), createdat: goTime('2026-11-30T10:00:00Z'), labels: {}};
		const parentBackend = parent ? (snapshots[parent] as BoltTree)['name'] as string : undefined;
		this.snapshotter[backendName] = {id: uvarint(id), kind: Buffer.from([kind]), ...(parentBackend ? {parent: parentBackend} : {}), ...(kind === 3 ? {size: varint(sizeBytes), inodes: varint(3)} : {})};
		mkdirSync(path.join(this.root, `io.containerd.snapshotter.v1.overlayfs/snapshots/${id}/fs`), {recursive: true});
	}
}

/** Writes a containerd root: every image built from its layer tars, unpacked into committed snapshots. */
export async function writeContainerdStore(root: string, spec: StoreSpec): Promise<WrittenStore> {
	const writer = new StoreWriter(root);
	const v1: BoltTree = {version: Buffer.from([6])};
	const targets: Record<string, string> = {};
	const snapshotSizes: Record<string, number> = {};
	const missing = new Set<string>();
	for (const [name, namespaceSpec] of Object.entries(spec.namespaces)) {
		const namespace: BoltTree = {images: {}, content: {blob: {}}, snapshots: {overlayfs: {}}, leases: {}, containers: {}};
		v1[name] = namespace;
		for (const image of namespaceSpec.images) {
			const tars = await Promise.all(image.layers.map(async layer => makeTar(layer.files)));
			const diffIds = tars.map(tar => `sha256:${sha256(tar)}`);
			const chain = chainIds(diffIds);
			const layerDescriptors = image.layers.map((layer, index) => {
				const stored = layer.gzip === false ? tars[index]! : gzipSync(tars[index]!);
				const digest = writer.blob(stored, {'containerd.io/uncompressed': diffIds[index]!}, namespace);
				if (layer.blobMissing) missing.add(digest);
				return {mediaType: layer.gzip === false ? 'application/vnd.oci.image.layer.v1.tar' : 'application/vnd.oci.image.layer.v1.tar+gzip', digest, size: stored.length};
			});
			for (const [index, key] of chain.entries()) {
				if (image.layers[index]!.unpacked === false || ((namespace['snapshots'] as BoltTree)['overlayfs'] as BoltTree)[key]) continue;
				const size = 4096 * (index + 2);
				writer.snapshot(name, namespace, key, chain[index - 1], 3, size);
				snapshotSizes[key] = size;
			}

			const manifests = (image.platforms ?? ['linux/amd64']).map(platform => {
				const [os, architecture] = platform.split('/');
				const config = Buffer.from(JSON.stringify({architecture, os, rootfs: {type: 'layers', diff_ids: diffIds}, history: image.layers.map((_, index) => ({created_by: `RUN step ${index}`}))}));
				const configDigest = writer.blob(config, {[`containerd.io/gc.ref.snapshot.overlayfs`]: chain.at(-1)!}, namespace);
				const manifest = Buffer.from(JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length}, layers: layerDescriptors}));
				const labels = Object.fromEntries([['containerd.io/gc.ref.content.config', configDigest], ...layerDescriptors.map((layer, index) => [`containerd.io/gc.ref.content.l.${index}`, layer.digest])]);
				// BuildKit's provenance: an `unknown/unknown` manifest pointing at the image it describes.
				const annotations = os === 'unknown' ? {annotations: {'vnd.docker.reference.type': 'attestation-manifest'}} : {};
				return {digest: writer.blob(manifest, labels, namespace), size: manifest.length, platform: {os, architecture}, ...annotations};
			});
			let target = {digest: manifests[0]!.digest, mediaType: 'application/vnd.oci.image.manifest.v1+json', size: manifests[0]!.size};
			if (image.platforms) {
				const index = Buffer.from(JSON.stringify({schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: manifests.map(manifest => ({mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifest}))}));
				const labels = Object.fromEntries(manifests.map((manifest, position) => [`containerd.io/gc.ref.content.m.${position}`, manifest.digest]));
				target = {digest: writer.blob(index, labels, namespace), mediaType: 'application/vnd.oci.image.index.v1+json', size: index.length};
			}

			for (const imageName of image.names) {
				targets[imageName] = target.digest;
				(namespace['images'] as BoltTree)[imageName] = {
					createdat: goTime('2026-11-30T10:00:00Z'), updatedat: goTime('2026-11-30T10:00:00Z'),
					target: {digest: target.digest, mediatype: target.mediaType, size: varint(target.size)}, labels: image.labels ?? {},
				};
			}
		}

		for (const container of namespaceSpec.containers ?? []) {
			const parentChain = Object.keys(((namespace['snapshots'] as BoltTree)['overlayfs'] as BoltTree)).find(key => key.startsWith('sha256:'));
			writer.snapshot(name, namespace, container.id, parentChain, 2, 0);
			writeFileSync(path.join(root, `io.containerd.snapshotter.v1.overlayfs/snapshots/${writer.nextSnapshot - 1}/fs/written`), Buffer.alloc(10_000, 1));
			(namespace['containers'] as BoltTree)[container.id] = {image: container.image, snapshotKey: container.id, snapshotter: 'overlayfs', createdat: goTime('2026-11-30T11:00:00Z')};
		}

		if (namespaceSpec.otherSnapshots) {
			(namespace['snapshots'] as BoltTree)[namespaceSpec.otherSnapshots.snapshotter] = Object.fromEntries(namespaceSpec.otherSnapshots.keys.map(key => [key, {name: `${name}/0/${key}`}]));
		}

		for (const lease of namespaceSpec.leases ?? []) {
			(namespace['leases'] as BoltTree)[lease.id] = {
				createdat: goTime('2026-11-30T11:00:00Z'),
				labels: lease.labels ?? {},
				snapshots: {overlayfs: Object.fromEntries((lease.snapshots ?? []).map(key => [key, '']))},
				content: Object.fromEntries((lease.content ?? []).map(digest => [digest, ''])),
			};
		}
	}

	const blobDirectory = path.join(root, 'io.containerd.content.v1.content/blobs/sha256');
	mkdirSync(blobDirectory, {recursive: true});
	for (const [digest, bytes] of writer.blobs) if (!missing.has(digest)) writeFileSync(path.join(blobDirectory, digest.slice(7)), bytes);
	mkdirSync(path.join(root, 'io.containerd.metadata.v1.bolt'), {recursive: true});
	writeFileSync(path.join(root, 'io.containerd.metadata.v1.bolt/meta.db'), makeBolt({v1}));
	mkdirSync(path.join(root, 'io.containerd.snapshotter.v1.overlayfs/snapshots'), {recursive: true});
	writeFileSync(path.join(root, 'io.containerd.snapshotter.v1.overlayfs/metadata.db'), makeBolt({v1: {snapshots: writer.snapshotter, parents: {}}}));
	return {root, targets, snapshotSizes};
}
