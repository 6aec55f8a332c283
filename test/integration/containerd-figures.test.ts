import {readFileSync, rmSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {runCli} from '../helpers/cli.js';
import {containerdTruth, truthJson, unpackContainerdRoot} from '../helpers/containerd-root.js';
import {diskReportErrors} from '../helpers/disk-schema.js';

type ApiImage = {Id: string; RepoTags: string[] | null; RepoDigests: string[] | null; Size: number; SharedSize: number; Containers: number};
type ApiDf = {
	LayersSize: number;
	Images: ApiImage[];
	Containers: Array<{Id: string; SizeRw: number; ImageID: string; State: string}>;
	Volumes: Array<{Name: string; UsageData: {RefCount: number; Size: number}}>;
	BuildCache: Array<{ID: string; Size: number; Shared: boolean; InUse: boolean}>;
};
type ApiPrune = {ImagesDeleted: Array<{Untagged?: string; Deleted?: string}>; SpaceReclaimed: number};

/** go-units' HumanSize, as `docker system df` prints sizes: decimal units, 4 significant digits. */
function humanSize(bytes: number): string {
	const units = ['B', 'kB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (Math.abs(value) >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}

	return `${Number(value.toPrecision(4))}${units[unit]}`;
}

const moby = (report: DiskReport) => report.roots.find(root => root.namespace === 'moby')!;

/** The same recipe run by two engines (test/fixtures/roots/README.md): their figures differ, and each must be met. */
const engines = [
	{name: 'docker26-c8d', label: 'Docker 26.1 (containerd 1.7)', countsContent: false},
	{name: 'docker28-c8d', label: 'Docker 28.5 (containerd 2.1)', countsContent: true},
];

describe.each(engines)('a data root written by $label with the containerd image store', {timeout: 60_000}, engine => {
	const df = truthJson<ApiDf>('api-system-df.json', engine.name);
	const allImages = truthJson<ApiImage[]>('api-images-all-shared-size.json', engine.name);
	let root = '';
	let report: DiskReport;

	beforeAll(() => {
		root = unpackContainerdRoot(engine.name);
		const result = runCli(['--root', root, '--json', '-']);
		expect(result.stderr).toBe('');
		report = JSON.parse(result.stdout) as DiskReport;
	}, 60_000);

	afterAll(() => {
		rmSync(root, {recursive: true, force: true});
	});

	it('finds the store dockerd runs in containerd/daemon, namespace moby, and writes a valid report', () => {
		expect(report.roots.map(({path: where, store, driver, namespace}) => ({where, store, driver, namespace}))).toEqual([
			{where: `${root}/containerd/daemon (moby)`, store: 'containerd', driver: 'overlayfs', namespace: 'moby'},
		]);
		expect(diskReportErrors(report)).toEqual([]);
		expect(report.warnings).toEqual([]);
		expect(moby(report).summary.images.countsContent).toBe(engine.countsContent);
	});

	it('lists every image docker image ls -a lists, by target digest, with the same parents', () => {
		expect(report.images.map(image => image.id).sort()).toEqual(allImages.map(image => image.Id).sort());
		const listed = report.images.filter(image => !image.intermediate).map(image => image.id).sort();
		expect(listed).toEqual(df.Images.map(image => image.Id).sort());
		const dangling = report.images.filter(image => image.dangling).map(image => image.id).sort();
		expect(dangling).toEqual(df.Images.filter(image => !image.RepoTags?.length).map(image => image.Id).sort());
	});

	it('gives each image the SIZE, SHARED SIZE, containers and names of docker system df -v, byte for byte', () => {
		for (const expected of df.Images) {
			const image = report.images.find(candidate => candidate.id === expected.Id)!;
			expect({id: image.id, size: image.sizeBytes, shared: image.sharedSizeBytes, containers: image.containers, tags: [...image.repoTags].sort(), digests: [...image.repoDigests].sort()})
				.toEqual({id: expected.Id, size: expected.Size, shared: expected.SharedSize, containers: expected.Containers, tags: [...expected.RepoTags ?? []].sort(), digests: [...expected.RepoDigests ?? []].sort()});
			// SIZE is both parts: the compressed blobs and the unpacked snapshots.
			expect(image.contentBytes! + image.snapshotBytes!).toBe(image.sizeBytes);
			expect(image.contentBytes).toBeGreaterThan(0);
		}
	});

	it('agrees with the engine on the df rows: snapshots, writable layers, volumes, build cache', () => {
		const {images, containers, volumes, buildCache} = moby(report).summary;
		const used = df.Images.filter(image => image.Containers > 0);
		expect(images).toMatchObject({
			total: df.Images.length, active: used.length, sizeBytes: df.LayersSize,
			reclaimableBytes: df.LayersSize - used.reduce((sum, image) => sum + image.Size - image.SharedSize, 0),
		});
		// The two parts: Docker 26 counts the snapshots only, 28.1 and later the blobs too.
		expect(images.snapshotBytes! + (engine.countsContent ? images.contentBytes! : 0)).toBe(df.LayersSize);
		const sizeOfAll = (states: string[]) => df.Containers.filter(container => states.includes(container.State)).reduce((sum, container) => sum + container.SizeRw, 0);
		expect(containers).toEqual({total: df.Containers.length, active: 0, sizeBytes: sizeOfAll(['created', 'exited']), reclaimableBytes: sizeOfAll(['created', 'exited'])});
		// And as the engine's own CLI printed them (`docker system df`, sizes as go-units' HumanSize writes them).
		const printed = readFileSync(containerdTruth('system-df.txt', engine.name), 'utf8');
		for (const [row, usage] of [['Images', images], ['Containers', containers], ['Local Volumes', volumes], ['Build Cache', buildCache]] as const) {
			const line = printed.split('\n').find(text => text.startsWith(row))!;
			expect(line.replace(/\s+\(\d+%\)/, '').trim().split(/\s{2,}/)).toEqual([row, String(usage.total), String(usage.active), humanSize(usage.sizeBytes), humanSize(usage.reclaimableBytes)]);
		}

		for (const container of df.Containers) {
			expect(report.containers.find(candidate => candidate.id === container.Id)).toMatchObject({writableBytes: container.SizeRw, imageId: container.ImageID, state: container.State});
		}

		expect(report.volumes.map(volume => [volume.name, volume.sizeBytes, volume.links]).sort()).toEqual(df.Volumes.map(volume => [volume.Name, volume.UsageData.Size, volume.UsageData.RefCount]).sort());
		// `docker volume prune` takes the anonymous ones only: the 10-byte volume no container uses.
		const volumeLabels = new Map(truthJson<{Volumes: Array<{Name: string; Labels: Record<string, string> | null}>}>('api-volumes.json', engine.name).Volumes.map(volume => [volume.Name, volume.Labels ?? {}]));
		expect(report.volumes.map(volume => [volume.name, volume.anonymous])).toEqual(report.volumes.map(volume => [volume.name, 'com.docker.volume.anonymous' in volumeLabels.get(volume.name)!]));
		expect(report.reclaimable.anonymousVolumes).toEqual({bytes: 10, volumes: report.volumes.filter(volume => volume.anonymous).map(volume => volume.name)});
		expect(report.buildCache.map(entry => [entry.id.slice(0, 12), entry.sizeBytes, entry.shared]).sort()).toEqual(df.BuildCache.map(entry => [entry.ID.slice(0, 12), entry.Size, entry.Shared]).sort());
		const unshared = df.BuildCache.filter(entry => !entry.Shared).reduce((sum, entry) => sum + entry.Size, 0);
		expect(buildCache).toEqual({total: df.BuildCache.length, active: 0, sizeBytes: unshared, reclaimableBytes: unshared});
	});

	it('predicts docker image prune and prune -a: the images they remove and the space Docker reports', () => {
		const removedBy = (prune: ApiPrune) => new Set(prune.ImagesDeleted.flatMap(item => (item.Deleted ? [item.Deleted] : [])));
		for (const [ours, file] of [[report.reclaimable.imagePrune, 'prune-dangling.api.json'], [report.reclaimable.imagePruneAll, 'prune-all.api.json']] as const) {
			const pruned = truthJson<ApiPrune>(file, engine.name);
			expect(ours.engineReportedBytes).toBe(pruned.SpaceReclaimed);
			// Docker 26 also lists the configs it deletes; every image we remove is among what it deleted.
			expect(ours.images.filter(id => !removedBy(pruned).has(id))).toEqual([]);
			expect(ours.bytes).toBeGreaterThan(pruned.SpaceReclaimed); // snapshots go too, which Docker does not count
		}

		expect(report.reclaimable.imagePrune.images).toHaveLength(14);
		// prune-all.txt ends with the engine's /system/df after the prune: the images it kept.
		const after = readFileSync(containerdTruth('prune-all.txt', engine.name), 'utf8').split('\n').find(line => line.startsWith('{"LayersSize"'))!;
		const kept = new Set((JSON.parse(after) as ApiDf).Images.map(image => image.Id));
		expect(report.images.filter(image => !report.reclaimable.imagePruneAll.images.includes(image.id)).map(image => image.id).sort()).toEqual([...kept].sort());
		expect(report.reclaimable.imagePruneAll.untagged).toEqual(['lab/app:latest']);
	});

});
