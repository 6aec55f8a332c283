import {UserError} from '../../errors.js';
import {type ArchiveFiles} from '../archive/archive-files.js';
import {type DriverLayout} from './driver-layout.js';
import {type WhiteoutStyle} from './layer-directory.js';
import {type ContainersStore, isContainersStorage, readContainersStore} from '../containers-storage/store.js';
import {namespaceLabel} from '../containerd/records.js';
import {openContainerdImages} from '../containerd/open-images.js';
import {type ContainerdStore, readContainerdStore} from '../containerd/store.js';
import {type DockerStore, isDockerRoot, readDockerStore} from '../docker/store.js';
import {containerdOf} from './read-root.js';
import {type ArchiveImage} from '../archive/archive-images.js';
import {type ProgressListener} from '../../progress.js';
import {type ReadLayer} from '../layers/read-layers.js';
import {StorageRoot} from './storage-root.js';
import {openStoredImages, type StoredImage} from './stored-images.js';

/** A storage root's images, shaped like an opened archive so that the archive analysis reads them unchanged. */
export type RootImages = {
	files: ArchiveFiles;
	images: ArchiveImage[];
	readLayers: (image: ArchiveImage, onProgress?: ProgressListener) => Promise<ReadLayer[]>;
};

/**
 * Every store of a root with its images: Docker's classic store, each containerd namespace holding images (at the
 * platform asked for, else the host's), containers/storage.
 */
export function openRootImages(path: string, platform?: string): RootImages[] {
	const root = new StorageRoot(path);
	const opened: RootImages[] = [];
	if (isDockerRoot(root)) opened.push(openStoredImages(root, dockerImages(readDockerStore(root))));
	const containerd = containerdOf(root);
	const store = containerd ? readContainerdStoreBeside(containerd, opened.length > 0) : undefined;
	// A store with no image yet (a fresh Docker 29 install) is still a store: the image is then simply not in it.
	const withImages = store?.namespaces.filter(candidate => candidate.images.length > 0 || (opened.length === 0 && candidate.namespace.name === 'moby')) ?? [];
	for (const namespace of withImages) {
		opened.push(openContainerdImages(store!.root, store!.base, namespace, platform, namespaceLabel(store!, namespace.namespace.name)));
	}

	if (isContainersStorage(root)) opened.push(openStoredImages(root, storageImages(readContainersStore(root))));
	if (opened.length > 0) return opened;
	throw new UserError(`${path}: neither a Docker data root (image/<driver>/ or containerd/), a containerd root nor a containers/storage root (<driver>-images/)`);
}

/** Beside a classic store, an unreadable containerd database (dockerd rewriting it) is passed over. */
function readContainerdStoreBeside(containerd: {root: StorageRoot; base: string}, besideClassic: boolean): ContainerdStore | undefined {
	try {
		return readContainerdStore(containerd.root, containerd.base);
	} catch (error) {
		if (besideClassic && error instanceof UserError) return undefined;
		throw error;
	}
}

function whiteoutsOf(layout: DriverLayout): {whiteouts?: WhiteoutStyle} {
	if (!layout.changesOnly) return {};
	return {whiteouts: layout.driver === 'aufs' ? 'aufs' : 'overlay'};
}

function dockerImages(store: DockerStore): StoredImage[] {
	return store.images.map(record => ({
		record,
		layout: 'docker-root',
		layers: record.layers.map(chainId => ({
			tarSplit: `${store.metadata}/layerdb/sha256/${chainId.replace(/^sha256:/, '')}/tar-split.json.gz`,
			files: store.layout.filesOf(store.layers.get(chainId)?.cacheId ?? ''),
			...whiteoutsOf(store.layout),
		})),
	}));
}

function storageImages(store: ContainersStore): StoredImage[] {
	return store.images.map(record => ({
		record,
		layout: 'containers-storage',
		layers: record.layers.map(id => ({tarSplit: `${store.layout.driver}-layers/${id}.tar-split.gz`, files: store.layout.filesOf(id), ...whiteoutsOf(store.layout)})),
	}));
}
