/**
 * Images of a containerd namespace opened like an archive: the content store is laid out like an OCI layout's
 * `blobs/`, so each layer blob is read (gzip, zstd or plain) by the archive reader itself.
 */
import {familiarReference} from '../../analysis/reference.js';
import {contentDirectory} from './metadata.js';
import {type PlatformImage} from './images.js';
import {type ContainerdNamespaceStore, type StoreImage} from './store.js';
import {type ArchiveImage} from '../archive/archive-images.js';
import {blobPath, hostPlatform, platformMatches} from '../archive/oci.js';
import {readLayers} from '../layers/read-layers.js';
import {RootFiles} from '../storage-root/stored-images.js';
import {type RootImages} from '../storage-root/open-root.js';
import {type StorageRoot} from '../storage-root/storage-root.js';

/**
 * The platform of an image to open: the one asked for, else the host's, else the first one present; undefined when
 * the image lacks the one asked for.
 */
export function choosePlatform(image: StoreImage, wanted?: string): PlatformImage | undefined {
	const {platforms} = image.resolved;
	if (wanted !== undefined) return platforms.find(platform => platformMatches(platform.platform, wanted));
	return platforms.find(platform => platformMatches(platform.platform, hostPlatform())) ?? platforms[0];
}

function archiveImageOf(image: StoreImage, platform: PlatformImage, blobFile: (digest: string) => string): ArchiveImage {
	const diffIds = platform.config.rootfs?.diff_ids ?? [];
	const opened: ArchiveImage = {
		references: [...image.repoTags, ...image.repoDigests].map(familiarReference),
		id: platform.configDigest,
		storeId: image.id,
		manifestDigest: platform.manifestDigest,
		configFile: blobFile(platform.configDigest),
		config: platform.config,
		layers: platform.layers.map((layer, index) => {
			const blob: ArchiveImage['layers'][number] = {
				index, file: blobFile(layer.descriptor.digest), digest: layer.descriptor.digest,
				inArchive: layer.present, foreign: layer.foreign,
			};
			if (layer.descriptor.mediaType) blob.mediaType = layer.descriptor.mediaType;
			if (layer.descriptor.size !== undefined) blob.storedBytes = layer.descriptor.size;
			if (diffIds[index]) blob.diffId = diffIds[index];
			return blob;
		}),
		layout: 'containerd',
	};
	if (platform.platform) opened.platform = platform.platform;
	return opened;
}

/** A namespace's images, each at its chosen platform; images lacking a platform asked for are left out. */
export function openContainerdImages(root: StorageRoot, base: string, store: ContainerdNamespaceStore, platform: string | undefined, label: string): RootImages {
	const files = new RootFiles(root, label);
	const blobFile = (digest: string) => `${base ? `${base}/` : ''}${contentDirectory}/${blobPath(digest)}`;
	const images = store.images.flatMap(image => {
		const chosen = image.broken ? undefined : choosePlatform(image, platform);
		return chosen ? [archiveImageOf(image, chosen, blobFile)] : [];
	});
	return {files, images, readLayers: async (image, onProgress) => readLayers(files, image, onProgress)};
}
