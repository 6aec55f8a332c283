import {type OpenedImages} from '../image-source.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {openStoredImages, type StoredImage, whiteoutsOf} from '../storage-root/stored-images.js';
import {readContainersStore} from './store.js';

/** The images of a containers/storage root: each layer listed from its tar-split, bodies read from the driver. */
export function openContainersStorageImages(root: StorageRoot): OpenedImages {
	const store = readContainersStore(root);
	const images: StoredImage[] = store.images.map(record => ({
		record,
		layout: 'containers-storage',
		layers: record.layers.map(id => ({tarSplit: `${store.layout.driver}-layers/${id}.tar-split.gz`, files: store.layout.filesOf(id), ...whiteoutsOf(store.layout)})),
	}));
	return openStoredImages(root, images);
}
