/** bbolt files of a storage root (containerd's databases, Docker's volume metadata), read without their lock. */
import {limits} from '../../analysis/limits.js';
import {inFile} from '../../errors.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {BoltDatabase, BoltFormatError} from './bbolt.js';

/**
 * Opens a bbolt file of the root: read whole, without the lock its engine holds while it runs. A file being rewritten can be torn; a
 * second read usually lands after the writer's commit, so a damaged read is retried before it is reported.
 */
export function readBolt<T>(root: StorageRoot, file: string, decode: (database: BoltDatabase) => T): T {
	let problem = '';
	for (let attempt = 0; attempt < 3; attempt++) {
		if (attempt > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
		const bytes = root.bytes(file, limits.boltFileBytes);
		if (bytes === undefined) throw inFile(root.full(file), 'missing, or not a regular file');
		try {
			return decode(new BoltDatabase(bytes));
		} catch (error) {
			if (!(error instanceof BoltFormatError)) throw error;
			problem = error.message;
		}
	}

	throw inFile(root.full(file), `not a readable bbolt database: ${problem}; if its engine is writing it, try again`);
}

