import {isBuildKitId, type LooseDirectory, type StoreRecords, unclaimedDirectories} from '../../analysis/disk-records.js';
import {UserError} from '../../errors.js';
import {isContainersStorage, readContainersStore, storageContainers, type ContainersStore} from '../containers-storage/store.js';
import {directorySize} from './directory-size.js';
import {readDockerContainers, readDockerVolumes} from '../docker/containers.js';
import {containerdBase, readContainerdStore} from '../containerd/store.js';
import {containerdRecords, type DockerSide} from '../containerd/records.js';
import {metadataFile} from '../containerd/metadata.js';
import {dockerRootUsing, systemContainerdCandidate, systemContainerdRoot, usesContainerdStore} from './default-roots.js';
import {type DockerStore, isDockerRoot, readDockerStore} from '../docker/store.js';
import {type DriverLayout} from './driver-layout.js';
import {StorageRoot} from './storage-root.js';
import {dockerdOn} from './running-engine.js';

/**
 * Reads every store a storage root holds, strictly read-only: Docker's classic store, Docker's containerd image
 * store (its own containerd, or the system one it uses), a containerd root's namespaces, or containers/storage.
 * A Docker root that switched stores holds both, and each keeps its own images.
 */
export function readStorageRoot(given: string): StoreRecords[] {
	const root = new StorageRoot(given);
	const records: StoreRecords[] = [];
	const classic = isDockerRoot(root);
	if (classic) records.push(dockerRecords(root, readDockerStore(root)));
	records.push(...containerdStores(root, records[0]));
	if (isContainersStorage(root)) records.push(storageRecords(root, readContainersStore(root)));
	for (const store of records) store.source = root.path;
	if (records.length > 0) return records;
	throw new UserError(`${given}: neither a Docker data root (image/<driver>/ or containerd/), a containerd root (${metadataFile}) nor a containers/storage root (<driver>-images/)`);
}

/**
 * The containerd namespaces of a root. Beside a classic store, dockerd's containerd only runs containers and holds
 * no images as a rule, so a database it is rewriting at that moment costs a warning, not the whole overview.
 */
function containerdStores(root: StorageRoot, classic: StoreRecords | undefined): StoreRecords[] {
	const containerd = containerdOf(root);
	if (!containerd) return [];
	try {
		return containerdRecords(readContainerdStore(containerd.root, containerd.base), containerd.docker, classic === undefined);
	} catch (error) {
		if (!classic || !(error instanceof UserError)) throw error;
		classic.warnings.push(`containerd image store not read: ${error.message}`);
		return [];
	}
}

/** The containerd store a root holds or (a Docker root on the system containerd) points at, with its Docker side. */
export function containerdOf(root: StorageRoot): {root: StorageRoot; base: string; docker?: DockerSide} | undefined {
	const base = containerdBase(root);
	const volumes = !isDockerRoot(root);
	if (base === 'containerd/daemon') return {root, base, docker: {root, volumes}};
	if (base === '') {
		const docker = dockerRootUsing(root);
		return docker ? {root, base, docker} : {root, base};
	}

	if (!usesContainerdStore(root)) return undefined;
	const system = systemContainerdRoot();
	if (system === undefined) throw new UserError(`${root.path}: this Docker root keeps its images in the system containerd, and no readable containerd root was found (looked in ${systemContainerdCandidate()})`);
	return {root: system, base: '', docker: {root, volumes}};
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
