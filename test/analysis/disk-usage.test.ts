import {describe, expect, it} from 'vitest';
import {type ContainerRecord, type ImageRecord, isBuildKitId, type LayerRecord, type StoreRecords, unclaimedDirectories} from '../../source/analysis/disk-records.js';
import {diskReport, layerSharing, listedImages} from '../../source/analysis/disk-report.js';
import {diskUsage} from '../../source/analysis/disk-usage.js';

const layer = (id: string, sizeBytes: number, cacheId = `cache-${id}`): LayerRecord => ({id, cacheId, sizeBytes});
const image = (id: string, layers: string[], more: Partial<ImageRecord> = {}): ImageRecord => ({id, repoTags: [], repoDigests: [], layers, ...more});
const container = (id: string, imageId: string, more: Partial<ContainerRecord> = {}): ContainerRecord => ({
	id, name: id, imageId, state: 'exited', writableBytes: 0, logBytes: 0, volumes: [], ...more,
});

function records(more: Partial<StoreRecords>): StoreRecords {
	return {root: '/r', store: 'docker', driver: 'overlay2', images: [], layers: [], containers: [], volumes: [], looseDirectories: [], warnings: [], ...more};
}

// A base, a legacy-built image with a step image between, a retagged build left dangling, and a container.
const layers = [layer('L0', 1000), layer('L1', 200), layer('L2', 30), layer('L3', 4), layer('B1', 500, 'abcdefghijklmnopqrstuvwxy')];
const base = image('base', ['L0'], {repoTags: ['base:1']});
const step = image('step', ['L0', 'L1'], {parent: 'base'});
const app = image('app', ['L0', 'L1', 'L2'], {parent: 'step', repoTags: ['app:2', 'app:latest']});
const old = image('old', ['L0', 'L3'], {parent: 'base'});
const built = image('built', ['L0', 'B1'], {repoTags: ['bk:1']});

describe('disk usage of a storage root, from its records', () => {
	const usage = diskUsage(records({images: [base, step, app, old, built], layers, containers: [container('c1', 'app', {writableBytes: 77})]}));
	const byId = (id: string) => usage.images.find(candidate => candidate.id === id)!;

	it('sizes an image by its chain and shares a layer only among the images docker image ls lists', () => {
		expect(byId('app')).toMatchObject({sizeBytes: 1230, sharedSizeBytes: 1000, uniqueSizeBytes: 230, containers: 1, inUse: true});
		// The step image is hidden, so L1 counts as app's own although the step image also holds it.
		expect(byId('step')).toMatchObject({intermediate: true, dangling: false});
		expect(byId('old')).toMatchObject({dangling: true, intermediate: false, sharedSizeBytes: 1000, uniqueSizeBytes: 4});
		expect(byId('base')).toMatchObject({sharedSizeBytes: 1000, uniqueSizeBytes: 0, dangling: false});
	});

	it('counts the df rows as Docker 20.10 does', () => {
		expect(usage.summary.images).toEqual({total: 4, active: 1, sizeBytes: 1734, reclaimableBytes: 1734 - 230});
		expect(usage.summary.containers).toEqual({total: 1, active: 0, sizeBytes: 77, reclaimableBytes: 77});
	});

	it('prune removes only the dangling image; prune -a keeps what the container needs', () => {
		expect(usage.reclaimable.imagePrune).toMatchObject({freedBytes: 4, images: ['old']});
		expect(usage.reclaimable.imagePruneAll.images.sort()).toEqual(['built', 'old']);
		// base is untagged but kept for its children; app, in use, loses all tags but the last (app:latest).
		expect(usage.reclaimable.imagePruneAll).toMatchObject({freedBytes: 4, untagged: ['base:1', 'app:2'], heldByBuildCache: {bytes: 500, layers: ['B1']}});
	});

	it('with no container, prune -a removes the step image behind the app and frees every layer', () => {
		const idle = diskUsage(records({images: [base, step, app, old], layers: layers.slice(0, 4)}));
		expect(idle.reclaimable.imagePruneAll.images.sort()).toEqual(['app', 'base', 'old', 'step']);
		expect(idle.reclaimable.imagePruneAll.freedBytes).toBe(1234);
		expect(idle.reclaimable.imagePrune.freedBytes).toBe(4);
	});

	it('keeps a dangling image a stopped container uses, and its parent chain with it', () => {
		const used = diskUsage(records({images: [base, old], layers, containers: [container('c2', 'old')]}));
		expect(used.reclaimable.imagePrune.images).toEqual([]);
		expect(used.images.find(candidate => candidate.id === 'old')).toMatchObject({dangling: true, inUse: true});
	});

	it('names orphans: layer records no image needs and driver directories nothing claims, BuildKit ones as build cache', () => {
		const loose = diskUsage(records({
			images: [base], layers: [layer('L0', 1000), layer('lost', 9)],
			looseDirectories: [{name: 'f'.repeat(64), sizeBytes: 12, kind: 'orphan'}, {name: 'q'.repeat(25), sizeBytes: 5, kind: 'build-cache'}],
		}));
		expect(loose.orphans).toEqual([{kind: 'layer', id: 'lost', sizeBytes: 9}, {kind: 'directory', id: 'f'.repeat(64), sizeBytes: 12}]);
		expect(loose.buildCache).toEqual([{id: 'q'.repeat(25), sizeBytes: 5}]);
		expect(loose.reclaimable).toMatchObject({orphanBytes: 21, buildCacheBytes: 5});
	});
});

describe('the disk report over several roots', () => {
	it('names the root of everything, sums what each prune frees, and tells which layers an image shares', () => {
		const one = diskUsage(records({root: '/a', images: [base, old], layers}));
		const two = diskUsage(records({root: '/b', images: [built], layers}));
		const report = diskReport([one, two], '0.0.0');
		expect(report.roots.map(root => root.path)).toEqual(['/a', '/b']);
		expect(report.images.map(item => `${item.root} ${item.id}`)).toEqual(['/a base', '/a old', '/b built']);
		expect(report.reclaimable.imagePrune).toEqual({bytes: 4, images: ['old'], heldByBuildCacheBytes: 0});
		expect(report.reclaimable.imagePruneAll.bytes).toBe(1004 + 1000);
		expect(report.reclaimable.imagePruneAll.heldByBuildCacheBytes).toBe(500);
		expect(layerSharing(report, '/a', 'old')).toEqual([{id: 'L0', sizeBytes: 1000, sharedWith: ['base']}, {id: 'L3', sizeBytes: 4, sharedWith: []}]);
		expect(listedImages(report.images, 'unique').map(item => item.id)).toEqual(['built', 'old', 'base']);
	});
});

describe('driver directories nothing claims', () => {
	it('leaves out the short-link directory, deletes in progress, layers, and containers with their init layers', () => {
		const names = ['l', 'cache-L0', `${'a'.repeat(64)}-removing`, 'mount-1', 'mount-1-init', 'stray', 'q'.repeat(25)];
		const claimed = unclaimedDirectories(names, [layer('L0', 1)], [container('c', 'base', {mountId: 'mount-1', initId: 'mount-1-init'})]);
		expect(claimed).toEqual(['stray', 'q'.repeat(25)]);
		expect(claimed.map(name => isBuildKitId(name))).toEqual([false, true]);
	});
});
