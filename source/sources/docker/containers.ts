import {lstatSync} from 'node:fs';
import {type ContainerRecord, type ContainerState, type VolumeRecord} from '../../analysis/disk-records.js';
import {UserError} from '../../errors.js';
import {readBolt} from '../containerd/bolt-file.js';
import {directorySize} from '../storage-root/directory-size.js';
import {type StorageRoot} from '../storage-root/storage-root.js';
import {changedBytes} from './changed-bytes.js';
import {type DockerStore, type MountRecord} from './store.js';

type ConfigV2 = {
	ID?: string;
	Driver?: string;
	Name?: string;
	Created?: string;
	Image?: string;
	Config?: {Image?: string};
	State?: {Running?: boolean; Paused?: boolean; Restarting?: boolean; Dead?: boolean; StartedAt?: string};
	MountPoints?: Record<string, {Name?: string; Type?: string; Driver?: string}>;
};

/** Docker's derived container state (`State.State()`, docs/formats.md §3.10). */
function stateOf(state: ConfigV2['State'] = {}): ContainerState {
	if (state.Running) return state.Paused ? 'paused' : state.Restarting ? 'restarting' : 'running';
	if (state.Dead) return 'dead';
	if (!state.StartedAt || state.StartedAt.startsWith('0001-01-01')) return 'created';
	return 'exited';
}

/** How a store measures its containers' writable layers, and which containers are its own. */
export type ContainerLayers = {
	/** Whether a container was made by this store (`Driver` of config.v2.json: a graph driver or a snapshotter). */
	owns: (driver: string | undefined) => boolean;
	writableBytes: (id: string) => number;
	mountOf?: (id: string) => MountRecord | undefined;
};

/** Every container of `containers/` that the store made, with its writable layer measured as the store does. */
export function readContainers(root: StorageRoot, layers: ContainerLayers, warnings: string[]): ContainerRecord[] {
	const containers: ContainerRecord[] = [];
	for (const id of root.directories('containers')) {
		const {value, problem} = root.json(`containers/${id}/config.v2.json`);
		if (problem) warnings.push(problem);
		const config = value as ConfigV2 | undefined;
		if (!config?.Image || !layers.owns(config.Driver)) continue;
		const mount = layers.mountOf?.(id);
		const container: ContainerRecord = {
			id,
			name: (config.Name ?? '').replace(/^\//, ''),
			imageId: config.Image,
			state: stateOf(config.State),
			writableBytes: layers.writableBytes(id),
			logBytes: logBytes(root, id),
			volumes: Object.values(config.MountPoints ?? {}).filter(point => point.Type === 'volume' && point.Name).map(point => point.Name!),
		};
		if (config.Created) container.created = config.Created;
		if (config.Config?.Image) container.imageName = config.Config.Image;
		if (mount?.mountId) container.mountId = mount.mountId;
		if (mount?.initId) container.initId = mount.initId;
		containers.push(container);
	}

	return containers;
}

/** The classic store's containers: a driver directory per writable layer, measured the way Docker measures SizeRw. */
export function readDockerContainers(root: StorageRoot, store: DockerStore, warnings: string[]): ContainerRecord[] {
	const mounts = new Map(store.mounts.map(mount => [mount.containerId, mount]));
	return readContainers(root, {
		owns: driver => driver === undefined || driver === store.layout.driver,
		writableBytes: id => writableBytes(root, store, mounts.get(id), warnings),
		mountOf: id => mounts.get(id),
	}, warnings);
}

function writableBytes(root: StorageRoot, store: DockerStore, mount: MountRecord | undefined, warnings: string[]): number {
	if (!mount?.mountId) return -1;
	const files = (id: string) => root.directory(store.layout.filesOf(id));
	// vfs keeps a full copy per container: Docker compares it with the init layer below (its naive diff).
	if (!store.layout.changesOnly) return mount.initId ? changedBytes(files(mount.mountId), files(mount.initId)) : -1;
	const tally = directorySize(files(mount.mountId));
	for (const path of tally.vanished) warnings.push(`${path} vanished while it was measured`);
	return tally.bytes;
}

/** The json-file log and its rotated copies (`<id>-json.log`, `<id>-json.log.1` …), and the `local` driver's logs. */
function logBytes(root: StorageRoot, id: string): number {
	const directory = root.full(`containers/${id}`);
	let bytes = 0;
	for (const entry of root.entries(`containers/${id}`)) {
		if (entry.isFile() && entry.name.startsWith(`${id}-json.log`)) bytes += fileSize(`${directory}/${entry.name}`);
	}

	return bytes + directorySize(root.directory(`containers/${id}/local-logs`)).bytes;
}

function fileSize(file: string): number {
	try {
		return lstatSync(file).size;
	} catch {
		return 0;
	}
}

/**
 * Local volumes: `volumes/<name>/_data`. Docker measures only volumes without driver options (`opts.json`); the
 * others get -1, as in `docker system df`. Whether a volume is anonymous (`docker volume prune` removes only
 * those) comes from its labels in `volumes/metadata.db`; without that file, from its name (64 hex digits).
 */
export function readDockerVolumes(root: StorageRoot, warnings: string[]): VolumeRecord[] {
	const labels = volumeLabels(root, warnings);
	return root.directories('volumes').map(name => {
		const anonymous = labels ? 'com.docker.volume.anonymous' in (labels.get(name) ?? {}) : /^[a-f\d]{64}$/.test(name);
		if (root.bytes(`volumes/${name}/opts.json`) !== undefined) return {name, sizeBytes: -1, anonymous};
		const tally = directorySize(root.directory(`volumes/${name}/_data`));
		for (const path of tally.vanished) warnings.push(`${path} vanished while it was measured`);
		return {name, sizeBytes: tally.bytes, anonymous};
	});
}

/** Each volume's labels from Docker's volume store (bucket `volumes`, a JSON record per name). */
function volumeLabels(root: StorageRoot, warnings: string[]): Map<string, Record<string, string>> | undefined {
	if (root.fileSize('volumes/metadata.db') === undefined) return undefined;
	try {
		return readBolt(root, 'volumes/metadata.db', database => {
			const labels = new Map<string, Record<string, string>>();
			for (const [name, value] of database.root().bucket('volumes')?.values() ?? []) {
				const record = parseJson(value) as {Labels?: Record<string, string> | null} | undefined;
				labels.set(Buffer.from(name, 'latin1').toString('utf8'), record?.Labels ?? {});
			}

			return labels;
		});
	} catch (error) {
		if (!(error instanceof UserError)) throw error;
		warnings.push(`${error.message}: anonymous volumes told by their names`);
		return undefined;
	}
}

function parseJson(bytes: Buffer): unknown {
	try {
		return JSON.parse(bytes.toString('utf8'));
	} catch {
		return undefined;
	}
}
