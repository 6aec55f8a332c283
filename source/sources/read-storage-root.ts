import {isBuildKitId, type LooseDirectory, type StoreRecords, unclaimedDirectories} from '../analysis/disk-records.js';
import {UserError} from '../errors.js';
import {isContainersStorage, readContainersStore, storageContainers, type ContainersStore} from './containers-storage.js';
import {directorySize} from './directory-size.js';
import {readDockerContainers, readDockerVolumes} from './docker-containers.js';
import {type DockerStore, isContainerdDockerRoot, isDockerRoot, readDockerStore} from './docker-root.js';
import {type DriverLayout} from './driver-layout.js';
import {StorageRoot} from './root-files.js';
import {dockerdOn} from './running-engine.js';

/** Reads every record of a storage root (Docker's classic store or containers/storage), strictly read-only. */
export function readStorageRoot(given: string): StoreRecords {
	const root = new StorageRoot(given);
	if (isDockerRoot(root) || isContainerdDockerRoot(root)) return dockerRecords(root, readDockerStore(root));
	if (isContainersStorage(root)) return storageRecords(root, readContainersStore(root));
	throw new UserError(`${given}: neither a Docker data root (image/<driver>/) nor a containers/storage root (<driver>-images/)`);
}

function dockerRecords(root: StorageRoot, store: DockerStore): StoreRecords {
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

function storageRecords(root: StorageRoot, store: ContainersStore): StoreRecords {
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

/** Sizes the driver directories nothing claims: BuildKit snapshots are build cache, the rest orphans. */
export function looseDirectories(root: StorageRoot, layout: DriverLayout, names: string[], warnings: string[]): LooseDirectory[] {
	return names.map(name => {
		const tally = directorySize(root.directory(layout.filesOf(name)));
		for (const path of tally.vanished) warnings.push(`${path} vanished while it was measured`);
		return {name, sizeBytes: tally.bytes, kind: isBuildKitId(name) ? 'build-cache' : 'orphan'};
	});
}
