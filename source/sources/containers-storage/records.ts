import {type StoreRecords, unclaimedDirectories} from '../../analysis/disk-records.js';
import {readDockerVolumes} from '../docker/containers.js';
import {looseDirectories} from '../storage-root/directory-size.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {readContainersStore, storageContainers} from './store.js';

/** The records of a containers/storage root for the disk overview. */
export function storageRecords(root: StorageRoot): StoreRecords {
	const store = readContainersStore(root);
	const warnings = [...store.warnings];
	const containers = storageContainers(root, store, warnings);
	const layers = [...store.layers.values()];
	const images = store.images.map(({config: _config, configFile: _file, topLayer: _top, ...image}) => image);
	const names = root.directories(store.layout.layersDirectory);
	return {
		root: root.path,
		store: 'containers-storage',
		driver: store.layout.driver,
		images,
		layers,
		containers,
		volumes: readDockerVolumes(root, warnings),
		looseDirectories: looseDirectories(root, store.layout, unclaimedDirectories(names, layers, containers), warnings),
		warnings,
	};
}
