import {type StoreRecords} from '../../analysis/disk-records.js';
import {UserError} from '../../errors.js';
import {containerdRecords} from '../containerd/records.js';
import {readContainerdStore} from '../containerd/store.js';
import {storageRecords} from '../containers-storage/records.js';
import {dockerRecords} from '../docker/records.js';
import {type ContainerdLocation, notAStorageRoot, storesOf} from './root-stores.js';

/**
 * Reads the records of every store a storage root holds, strictly read-only, for the disk overview: Docker's
 * classic store, Docker's containerd image store or a containerd root's namespaces, containers/storage.
 */
export function readStorageRoot(given: string): StoreRecords[] {
	const stores = storesOf(given);
	const records: StoreRecords[] = [];
	if (stores.classic) records.push(dockerRecords(stores.root));
	if (stores.containerd) records.push(...containerdStores(stores.containerd, records[0]));
	if (stores.containersStorage) records.push(storageRecords(stores.root));
	for (const store of records) store.source = stores.root.path;
	if (records.length === 0) throw notAStorageRoot(given);
	return records;
}

/**
 * The containerd namespaces of a root. Beside a classic store, dockerd's containerd only runs containers and holds
 * no images as a rule, so a database it is rewriting at that moment costs a warning, not the whole overview.
 */
function containerdStores(containerd: ContainerdLocation, classic: StoreRecords | undefined): StoreRecords[] {
	try {
		return containerdRecords(readContainerdStore(containerd.root, containerd.base), containerd.docker, classic === undefined);
	} catch (error) {
		if (!classic || !(error instanceof UserError)) throw error;
		classic.warnings.push(`containerd image store not read: ${error.message}`);
		return [];
	}
}
