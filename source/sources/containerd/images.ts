/**
 * An image record of containerd's store resolved through its content store: the target (an index or a manifest),
 * each platform's manifest, config and layer blobs, and the chainIDs under which their layers are unpacked.
 */
import {limits} from '../../analysis/limits.js';
import {blobPath, isForeignLayer, type OciDescriptor, platformOf} from '../archive/oci.js';
import {chainIds} from '../docker/store.js';
import {type ImageConfig, parseImageConfig} from '../image-config.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {type ContainerdImage, contentDirectory, type Namespace} from './metadata.js';

export type ResolvedLayer = {
	descriptor: OciDescriptor;
	/** Whether the blob is in the content store (and known to this namespace). */
	present: boolean;
	foreign: boolean;
	diffId?: string;
	chainId?: string;
};

export type PlatformImage = {
	manifestDigest: string;
	platform?: string;
	configDigest: string;
	config: ImageConfig;
	layers: ResolvedLayer[];
};

export type ResolvedImage = {
	record: ContainerdImage;
	/** Every platform manifest whose manifest and config are present (attestation manifests are not images). */
	platforms: PlatformImage[];
	/** The index, when the target is one, and manifests the index lists that are present but are no image. */
	otherBlobs: string[];
	problem?: string;
};

const indexTypes = new Set(['application/vnd.oci.image.index.v1+json', 'application/vnd.docker.distribution.manifest.list.v2+json']);

type BlobReader = {json: (digest: string) => unknown; has: (digest: string) => boolean};

/** Reads blobs of a namespace from the shared content store: a blob the namespace does not list is not its own. */
export function namespaceBlobs(root: StorageRoot, base: string, namespace: Namespace): BlobReader {
	const file = (digest: string) => `${base ? `${base}/` : ''}${contentDirectory}/${blobPath(digest)}`;
	const cache = new Map<string, unknown>();
	const present = new Map<string, boolean>();
	return {
		// Images share most blobs: each file is looked at once.
		has(digest) {
			if (!present.has(digest)) present.set(digest, namespace.blobs.has(digest) && root.fileSize(file(digest)) !== undefined);
			return present.get(digest)!;
		},
		json(digest) {
			if (!cache.has(digest)) {
				const bytes = namespace.blobs.has(digest) ? root.bytes(file(digest), limits.jsonDocumentBytes) : undefined;
				let value: unknown;
				try {
					value = bytes === undefined ? undefined : JSON.parse(bytes.toString('utf8'));
				} catch {
					value = undefined;
				}

				cache.set(digest, value);
			}

			return cache.get(digest);
		},
	};
}

function isAttestation(descriptor: OciDescriptor): boolean {
	return descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
		|| (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown');
}

/** Walks an image record's target to every platform image whose manifest and config are in the store. */
export function resolveImage(record: ContainerdImage, blobs: BlobReader): ResolvedImage {
	const resolved: ResolvedImage = {record, platforms: [], otherBlobs: []};
	const target = blobs.json(record.target.digest) as {mediaType?: string; manifests?: OciDescriptor[]} | undefined;
	if (target === undefined) {
		resolved.problem = `its target ${record.target.digest} is not in the content store`;
		return resolved;
	}

	const isIndex = indexTypes.has(record.target.mediaType) || Array.isArray(target.manifests);
	if (!isIndex) {
		const platform = platformImage({digest: record.target.digest, mediaType: record.target.mediaType, size: record.target.size}, blobs);
		if (platform) resolved.platforms.push(platform);
		else resolved.problem = `manifest ${record.target.digest} has no config in the content store`;
		return resolved;
	}

	resolved.otherBlobs.push(record.target.digest);
	for (const descriptor of target.manifests ?? []) {
		if (typeof descriptor?.digest !== 'string' || !blobs.has(descriptor.digest)) continue;
		const platform = isAttestation(descriptor) ? undefined : platformImage(descriptor, blobs);
		if (platform) resolved.platforms.push(platform);
		else resolved.otherBlobs.push(descriptor.digest);
	}

	return resolved;
}

function platformImage(descriptor: OciDescriptor, blobs: BlobReader): PlatformImage | undefined {
	const manifest = blobs.json(descriptor.digest) as {config?: OciDescriptor; layers?: OciDescriptor[]} | undefined;
	const configDigest = manifest?.config?.digest;
	if (typeof configDigest !== 'string') return undefined;
	const config = parseImageConfig(blobs.json(configDigest));
	if (!config) return undefined;
	const diffIds = config.rootfs?.diff_ids ?? [];
	const chain = chainIds(diffIds);
	const layers = (manifest?.layers ?? []).map((layer, index): ResolvedLayer => {
		const resolvedLayer: ResolvedLayer = {descriptor: layer, present: blobs.has(layer.digest), foreign: isForeignLayer(layer.mediaType)};
		if (diffIds[index]) resolvedLayer.diffId = diffIds[index];
		if (chain[index]) resolvedLayer.chainId = chain[index];
		return resolvedLayer;
	});
	const platform: PlatformImage = {manifestDigest: descriptor.digest, configDigest, config, layers};
	const name = platformOf(descriptor) ?? [config.os, config.architecture, config.variant].filter(Boolean).join('/');
	if (name) platform.platform = name;
	return platform;
}
