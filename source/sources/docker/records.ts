import {type StoreRecords, unclaimedDirectories} from '../../analysis/disk-records.js';
import {looseDirectories} from '../storage-root/directory-size.js';
import {dockerdOn} from '../storage-root/running-engine.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {readDockerContainers, readDockerVolumes} from './containers.js';
import {readDockerStore} from './store.js';

/** The records of Docker's classic store for the disk overview: images, layers, containers, volumes, loose directories. */
export function dockerRecords(root: StorageRoot): StoreRecords {
	const store = readDockerStore(root);
	const warnings = [...store.warnings];
	const engine = dockerdOn(root.path);
	if (engine !== undefined) warnings.push(`dockerd (pid ${engine}) is running on this root: what it changes meanwhile can make figures differ from its own`);
	const containers = readDockerContainers(root, store, warnings);
	const layers = [...store.layers.values()];
	const mountClaims = store.mounts.flatMap(mount => [mount.mountId, mount.initId].filter(id => id !== undefined));
	const images = store.images.map(({config: _config, configFile: _file, ...image}) => image);
	return {
		root: root.path,
		store: 'docker',
		driver: store.layout.driver,
		images,
		layers,
		containers,
		volumes: readDockerVolumes(root, warnings),
		looseDirectories: looseDirectories(root, store.layout, unclaimedDirectories(
			root.directories(store.layout.layersDirectory), layers, containers, mountClaims,
		), warnings),
		warnings,
	};
}
