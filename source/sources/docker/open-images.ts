import {type OpenedImages} from '../image-source.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {openStoredImages, type StoredImage, whiteoutsOf} from '../storage-root/stored-images.js';
import {readDockerStore} from './store.js';

/** The images of Docker's classic store: each layer listed from its layerdb tar-split, bodies read from the driver. */
export function openDockerImages(root: StorageRoot): OpenedImages {
	const store = readDockerStore(root);
	const images: StoredImage[] = store.images.map(record => ({
		record,
		layout: 'docker-root',
		layers: record.layers.map(chainId => ({
			tarSplit: `${store.metadata}/layerdb/sha256/${chainId.replace(/^sha256:/, '')}/tar-split.json.gz`,
			files: store.layout.filesOf(store.layers.get(chainId)?.cacheId ?? ''),
			...whiteoutsOf(store.layout),
		})),
	}));
	return openStoredImages(root, images);
}
