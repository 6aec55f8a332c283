import {UserError} from '../../errors.js';
import {metadataFile} from '../containerd/metadata.js';
import {type DockerSide} from '../containerd/records.js';
import {containerdBase} from '../containerd/store.js';
import {isContainersStorage} from '../containers-storage/store.js';
import {isDockerRoot} from '../docker/store.js';
import {dockerRootUsing, systemContainerdCandidate, systemContainerdRoot, usesContainerdStore} from './default-roots.js';
import {StorageRoot} from './storage-root.js';

/** Where a containerd store is: its root (maybe another than the one given), its base directory, its Docker side. */
export type ContainerdLocation = {root: StorageRoot; base: string; docker?: DockerSide};

/**
 * The stores one storage root holds. A Docker root that switched stores holds both its classic store and a
 * containerd one (its own, or the system containerd it uses); containers/storage may share the directory too.
 */
export type RootStores = {root: StorageRoot; classic: boolean; containerd?: ContainerdLocation; containersStorage: boolean};

/** Opens a root and tells which stores it holds; a directory that holds none is an error. */
export function storesOf(given: string): RootStores {
	const root = new StorageRoot(given);
	const stores: RootStores = {root, classic: isDockerRoot(root), containersStorage: isContainersStorage(root)};
	const containerd = containerdOf(root);
	if (containerd) stores.containerd = containerd;
	if (!stores.classic && !containerd && !stores.containersStorage) throw notAStorageRoot(given);
	return stores;
}

/** The one way to say that a directory is no storage root layerscope knows. */
export function notAStorageRoot(given: string): UserError {
	return new UserError(`${given}: neither a Docker data root (image/<driver>/ or containerd/), a containerd root (${metadataFile}) nor a containers/storage root (<driver>-images/)`);
}

/** The containerd store a root holds or (a Docker root on the system containerd) points at, with its Docker side. */
function containerdOf(root: StorageRoot): ContainerdLocation | undefined {
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
