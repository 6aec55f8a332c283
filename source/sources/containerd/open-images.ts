/**
 * Images of a containerd namespace opened like an archive: the content store is laid out like an OCI layout's
 * `blobs/`, so each layer blob is read (gzip, zstd or plain) by the archive reader itself.
 */
import {familiarReference} from '../../analysis/reference.js';
import {UserError} from '../../errors.js';
import {blobPath, hostPlatform, platformMatches} from '../archive/oci.js';
import {type OpenedImages, type SourceImage} from '../image-source.js';
import {readLayers} from '../layers/read-layers.js';
import {RootFiles} from '../storage-root/root-files.js';
import {type ContainerdLocation} from '../storage-root/root-stores.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {type PlatformImage} from './images.js';
import {contentDirectory} from './metadata.js';
import {namespaceLabel} from './records.js';
import {type ContainerdNamespaceStore, type ContainerdStore, readContainerdStore, type StoreImage} from './store.js';

/**
 * The platform of an image to open: the one asked for, else the host's, else the first one present; undefined when
 * the image lacks the one asked for.
 */
export function choosePlatform(image: StoreImage, wanted?: string): PlatformImage | undefined {
	const {platforms} = image.resolved;
	if (wanted !== undefined) return platforms.find(platform => platformMatches(platform.platform, wanted));
	return platforms.find(platform => platformMatches(platform.platform, hostPlatform())) ?? platforms[0];
}

function sourceImageOf(image: StoreImage, platform: PlatformImage, blobFile: (digest: string) => string): SourceImage {
	const diffIds = platform.config.rootfs?.diff_ids ?? [];
	const opened: SourceImage = {
		references: [...image.repoTags, ...image.repoDigests].map(familiarReference),
		id: platform.configDigest,
		storeId: image.id,
		manifestDigest: platform.manifestDigest,
		configFile: blobFile(platform.configDigest),
		config: platform.config,
		layers: platform.layers.map((layer, index) => {
			const blob: SourceImage['layers'][number] = {
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
export function openContainerdImages(root: StorageRoot, base: string, store: ContainerdNamespaceStore, platform: string | undefined, label: string): OpenedImages {
	const files = new RootFiles(root, label);
	const blobFile = (digest: string) => `${base ? `${base}/` : ''}${contentDirectory}/${blobPath(digest)}`;
	const images = store.images.flatMap(image => {
		const chosen = image.broken ? undefined : choosePlatform(image, platform);
		return chosen ? [sourceImageOf(image, chosen, blobFile)] : [];
	});
	return {files, label, images, readLayers: async (image, onProgress) => readLayers(files, image, onProgress), close: () => files.close()};
}

/**
 * The namespaces of a containerd store that hold images, each opened at the platform asked for. A store with no
 * image yet (a fresh Docker 29 install) still counts when nothing else is beside it: an image is then simply not in it.
 */
export function openContainerdNamespaces(location: ContainerdLocation, options: {besideClassic: boolean; platform: string | undefined}): OpenedImages[] {
	const store = readStoreBeside(location, options.besideClassic);
	if (!store) return [];
	const withImages = store.namespaces.filter(candidate => candidate.images.length > 0 || (!options.besideClassic && candidate.namespace.name === 'moby'));
	return withImages.map(namespace => openContainerdImages(store.root, store.base, namespace, options.platform, namespaceLabel(store, namespace.namespace.name)));
}

/** Beside a classic store, an unreadable containerd database (dockerd rewriting it) is passed over. */
function readStoreBeside(location: ContainerdLocation, besideClassic: boolean): ContainerdStore | undefined {
	try {
		return readContainerdStore(location.root, location.base);
	} catch (error) {
		if (besideClassic && error instanceof UserError) return undefined;
		throw error;
	}
}
