import {openContainerdNamespaces} from '../containerd/open-images.js';
import {openContainersStorageImages} from '../containers-storage/open-images.js';
import {openDockerImages} from '../docker/open-images.js';
import {type OpenedImages} from '../image-source.js';
import {notAStorageRoot, storesOf} from './root-stores.js';

/**
 * Every store of a root with its images, each opened like an archive: Docker's classic store, each containerd
 * namespace holding images (at the platform asked for, else the host's), containers/storage.
 */
export function openRootImages(given: string, platform?: string): OpenedImages[] {
	const stores = storesOf(given);
	const opened: OpenedImages[] = [];
	if (stores.classic) opened.push(openDockerImages(stores.root));
	if (stores.containerd) opened.push(...openContainerdNamespaces(stores.containerd, {besideClassic: opened.length > 0, platform}));
	if (stores.containersStorage) opened.push(openContainersStorageImages(stores.root));
	if (opened.length === 0) throw notAStorageRoot(given);
	return opened;
}
