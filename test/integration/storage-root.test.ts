import {spawnSync} from 'node:child_process';
import {mkdirSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {projectRoot, runCli, runCliAsync} from '../helpers/cli.js';
import {
	busyboxRootfsTar, createEngine, docker, type Engine, engineApi, engineUnavailable, overlayWorks, removeEngine, startEngine, stopEngine,
} from '../helpers/docker-engine.js';
import {diskReportErrors} from '../helpers/disk-schema.js';
import {treeFingerprint} from '../helpers/tree-hash.js';

type ApiImage = {Id: string; RepoTags: string[] | null; Size: number; SharedSize: number; Containers: number};
type ApiDiskUsage = {
	LayersSize: number;
	Images: ApiImage[];
	Containers: Array<{Id: string; SizeRw?: number}>;
	Volumes: Array<{Name: string; UsageData: {Size: number; RefCount: number}}>;
	BuildCache: Array<{Size: number; Shared: boolean; InUse: boolean}>;
};

/** What the engine itself said about the root, gathered while it ran. */
type Truth = {df: ApiDiskUsage; all: string[]; listed: string[]; dangling: string[]; savedApp: string};

const unavailable = engineUnavailable();
const setupTimeout = 240_000;
const drivers = unavailable === undefined && overlayWorks() ? ['overlay2', 'vfs'] : ['vfs'];

function writeContext(work: string, name: string, dockerfile: string, files: Record<string, string> = {}): string {
	const directory = path.join(work, 'contexts', name);
	mkdirSync(directory, {recursive: true});
	writeFileSync(path.join(directory, 'Dockerfile'), dockerfile);
	for (const [file, text] of Object.entries(files)) writeFileSync(path.join(directory, file), text);
	return directory;
}

/** Builds the root: a shared busybox base, an image whose tag moves (leaving a dangling one), a container, a volume. */
async function buildRoot(engine: Engine): Promise<Truth> {
	docker(engine, ['import', '-c', 'CMD ["/bin/sh"]', '-', 'it/base:1'], {input: busyboxRootfsTar(engine.work)});
	const legacy = {env: {DOCKER_BUILDKIT: '0'}};
	docker(engine, ['build', '-q', '-t', 'it/app:1', writeContext(engine.work, 'app1', 'FROM it/base:1\nRUN echo one > /version && head -c 100000 /dev/urandom > /app.bin\n')], legacy);
	docker(engine, ['build', '-q', '-t', 'it/app:1', writeContext(engine.work, 'app2', 'FROM it/base:1\nRUN echo two > /version && head -c 120000 /dev/urandom > /app.bin\nRUN rm /app.bin\n')], legacy);
	docker(engine, ['build', '-q', '-t', 'it/tool:1', writeContext(engine.work, 'tool', 'FROM it/base:1\nRUN mkdir /opt && head -c 50000 /dev/urandom > /opt/tool.bin && chmod 755 /opt/tool.bin\nRUN chmod 700 /opt/tool.bin\n')], legacy);
	docker(engine, ['tag', 'it/tool:1', 'it/tool:latest']);
	const bkContext = writeContext(engine.work, 'bk', 'FROM it/base:1\nCOPY data.txt /data.txt\nRUN head -c 7000 /dev/urandom > /bk.bin\n', {'data.txt': 'x'.repeat(4000)});
	try {
		docker(engine, ['build', '-q', '--network', 'none', '-t', 'it/bk:1', bkContext], {env: {DOCKER_BUILDKIT: '1'}});
	} catch (error) {
		// Where BuildKit cannot run the rest still can: only the build-cache figures go unchecked.
		console.warn(`storage-root integration: no BuildKit build (${(error as Error).message.split('\n')[0]})`);
	}

	docker(engine, ['run', '--name', 'used', '--network', 'none', '-v', 'itvol:/vol', 'it/tool:1', 'sh', '-c', 'head -c 30000 /dev/urandom > /vol/data && head -c 20000 /dev/urandom > /written && rm /etc/group']);
	docker(engine, ['create', '--name', 'idle', '--network', 'none', 'it/base:1']);
	const savedApp = path.join(engine.work, 'app.tar');
	docker(engine, ['save', '-o', savedApp, 'it/app:1']);
	const ids = (args: string[]) => docker(engine, ['image', 'ls', '-q', '--no-trunc', ...args]).split('\n').filter(Boolean).sort();
	return {
		df: await engineApi(engine, 'GET', '/v1.41/system/df') as ApiDiskUsage,
		all: [...new Set(ids(['-a']))],
		listed: [...new Set(ids([]))],
		dangling: [...new Set(ids(['-f', 'dangling=true']))],
		savedApp,
	};
}

function overview(dataRoot: string): DiskReport {
	const result = runCli(['--root', dataRoot, '--json', '-']);
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	const report = JSON.parse(result.stdout) as DiskReport;
	expect(diskReportErrors(report)).toEqual([]);
	return report;
}

describe.skipIf(unavailable !== undefined).each(drivers)('a Docker data root written by the real engine with %s', {timeout: 120_000}, driver => {
	let engine: Engine | undefined;
	let truth: Truth | undefined;
	let setupProblem: string | undefined;
	beforeAll(async () => {
		engine = createEngine(driver);
		try {
			await startEngine(engine);
			truth = await buildRoot(engine);
		} catch (error) {
			setupProblem = (error as Error).message;
			console.warn(`storage-root integration skipped: ${setupProblem}`);
		} finally {
			await stopEngine(engine);
		}
	}, setupTimeout);

	afterAll(async () => {
		if (!engine) return;
		await stopEngine(engine);
		removeEngine(engine);
	}, 60_000);

	it('lists every image with the sizes, shared sizes and container counts docker system df reports', ctx => {
		if (!truth) return ctx.skip();
		const report = overview(engine!.dataRoot);
		const listed = report.images.filter(image => !image.intermediate);
		expect(listed.map(image => image.id).sort()).toEqual(truth.listed);
		expect(report.images.map(image => image.id).sort()).toEqual(truth.all);
		expect(report.images.filter(image => image.dangling).map(image => image.id).sort()).toEqual(truth.dangling);
		for (const engineImage of truth.df.Images) {
			const ours = report.images.find(image => image.id === engineImage.Id)!;
			expect({id: ours.id, size: ours.sizeBytes, shared: ours.sharedSizeBytes, containers: ours.containers, tags: ours.repoTags})
				.toEqual({id: engineImage.Id, size: engineImage.Size, shared: engineImage.SharedSize, containers: engineImage.Containers, tags: (engineImage.RepoTags ?? []).filter(tag => tag !== '<none>:<none>')});
			expect(ours.uniqueSizeBytes).toBe(engineImage.Size - engineImage.SharedSize);
			expect(ours.inUse).toBe(engineImage.Containers > 0);
		}
	});

	it('agrees with the engine on the df rows: layers, writable layers, volumes, build cache', ctx => {
		if (!truth) return ctx.skip();
		const report = overview(engine!.dataRoot);
		const {summary} = report.roots[0]!;
		expect(summary.images.sizeBytes).toBe(truth.df.LayersSize);
		expect(summary.images.total).toBe(truth.df.Images.length);
		for (const container of truth.df.Containers) {
			expect(report.containers.find(ours => ours.id === container.Id)?.writableBytes).toBe(container.SizeRw ?? 0);
		}

		expect(report.volumes.map(volume => ({name: volume.name, size: volume.sizeBytes, links: volume.links})))
			.toEqual(truth.df.Volumes.map(volume => ({name: volume.Name, size: volume.UsageData.Size, links: volume.UsageData.RefCount})));
		const unshared = truth.df.BuildCache.filter(record => !record.Shared).reduce((sum, record) => sum + record.Size, 0);
		expect(summary.buildCache.sizeBytes).toBe(unshared);
		expect(report.orphans).toEqual([]);
		expect(report.warnings).toEqual([]);
	});

	it('prints a plain table when piped', ctx => {
		if (!truth) return ctx.skip();
		const result = runCli(['--root', engine!.dataRoot]);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/^REPOSITORY:TAG +IMAGE ID/m);
		expect(result.stdout).toMatch(/^it\/tool:1 it\/tool:latest +[\da-f]{12} /m);
		expect(result.stdout).toMatch(/<none>:<none> .* dangling$/m);
		expect(result.stdout).toMatch(new RegExp(`^Images +${truth.listed.length} +2 `, 'm'));
		expect(result.stdout).toMatch(/^[\da-f]{12} +used +it\/tool:1 +exited +20 kB /m);
		expect(result.stdout).toMatch(/^[\da-f]{12} +idle +it\/base:1 +created +0 B /m);
	});

	it('opens an image of the root by name or short id in the same analysis as its docker save archive', async ctx => {
		if (!truth) return ctx.skip();
		const fromArchive = await runCliAsync(['--tar', truth.savedApp, '--list']);
		const byName = await runCliAsync(['--root', engine!.dataRoot, 'it/app:1', '--list']);
		expect(byName.stderr).toBe('');
		expect(byName.stdoutBytes.equals(fromArchive.stdoutBytes)).toBe(true);
		const id = truth.df.Images.find(image => image.RepoTags?.includes('it/app:1'))!.Id;
		const archiveJson = JSON.parse((await runCliAsync(['--tar', truth.savedApp, '--json', '-'])).stdout) as {metrics: unknown; findings: unknown; layers: unknown[]};
		const rootJson = JSON.parse((await runCliAsync(['--root', engine!.dataRoot, id.slice(7, 19), '--json', '-'])).stdout) as typeof archiveJson & {source: {layout: string}};
		expect(rootJson.source.layout).toBe('docker-root');
		expect(rootJson.metrics).toEqual(archiveJson.metrics);
		expect(rootJson.findings).toEqual(archiveJson.findings);
		const missing = runCli(['--root', engine!.dataRoot, 'it/nothing:here']);
		expect(missing.code).toBe(2);
		expect(missing.stderr).toMatch(/^layerscope: no image it\/nothing:here in /);
	});

	it('changes nothing under the root: every file, mode and mtime is the same after a full run', async ctx => {
		if (!truth) return ctx.skip();
		const before = treeFingerprint(engine!.dataRoot);
		overview(engine!.dataRoot);
		runCli(['--root', engine!.dataRoot]);
		await runCliAsync(['--root', engine!.dataRoot, 'it/tool:1', '--json', '-']);
		await runCliAsync(['--root', engine!.dataRoot, 'it/app:1', '--list']);
		expect(before.entries).toBeGreaterThan(100);
		expect(treeFingerprint(engine!.dataRoot)).toEqual(before);
	});

	it('lists a layer that lost its tar-split from its directory (overlay2), or says why it cannot (vfs)', async ctx => {
		if (!truth) return ctx.skip();
		const copy = path.join(engine!.work, 'copy');
		expect(spawnSync('cp', ['-a', engine!.dataRoot, copy]).status).toBe(0);
		const removed = spawnSync('sh', ['-c', `rm ${copy}/image/*/layerdb/sha256/*/tar-split.json.gz`]);
		expect(removed.status).toBe(0);
		const fromArchive = await runCliAsync(['--tar', truth.savedApp, '--list']);
		const fromDirectories = await runCliAsync(['--root', copy, 'it/app:1', '--list']);
		if (driver === 'vfs') {
			expect(fromDirectories.stderr).toMatch(/has no tar-split .* a full-copy \(vfs\) layer directory cannot stand in for it\n$/);
		} else {
			expect(fromDirectories.stderr).toBe('');
			expect(fromDirectories.stdout).toBe(fromArchive.stdout);
		}

		rmSync(copy, {recursive: true, force: true});
	});

	it('tells a user who may not read the root what to do, in one line, with exit code 2', ctx => {
		if (!truth) return ctx.skip();
		const result = spawnSync(process.execPath, [path.join(projectRoot, 'dist/cli.js'), '--root', engine!.dataRoot], {uid: 65_534, gid: 65_534, env: {PATH: process.env['PATH']}});
		expect(result.status).toBe(2);
		expect(result.stderr.toString()).toMatch(/^layerscope: .*permission denied; run layerscope as root \(sudo\).*\n$/);
	});

	it('reads an image from the running engine over its socket when no storage root is readable, and says so', async ctx => {
		if (!truth) return ctx.skip();
		await startEngine(engine!);
		const environment = {LAYERSCOPE_ROOTS: path.join(engine!.work, 'no-root-here'), DOCKER_HOST: `unix://${engine!.socket}`};
		const fromArchive = await runCliAsync(['--tar', truth.savedApp, '--list']);
		const overSocket = await runCliAsync(['it/app:1', '--list'], {env: environment});
		expect(overSocket.stderr).toMatch(/^layerscope: no storage root readable; reading it\/app:1 from the Docker engine at .*docker\.sock \(API 1\.\d+\)\n/);
		expect(overSocket.stdoutBytes.equals(fromArchive.stdoutBytes)).toBe(true);
		// The root read while its engine runs: the same images, no crash, and a word that the engine is at work.
		const live = overview(engine!.dataRoot);
		expect(live.images.map(image => image.id).sort()).toEqual(truth.all);
		expect(live.warnings).toContainEqual(expect.stringMatching(/dockerd \(pid \d+\) is running on this root/));
		const unknown = await runCliAsync(['it/nothing:here'], {env: environment});
		expect(unknown.code).toBe(2);
		expect(unknown.stderr).toMatch(/cannot save it\/nothing:here: .*\n$/);
	}, 60_000);

	// Last, because pruning changes the root: the engine's own prune must free what we said it would.
	it('predicts what docker image prune and prune -a free, byte for byte', async ctx => {
		if (!truth) return ctx.skip();
		await stopEngine(engine!);
		const report = overview(engine!.dataRoot);
		const predicted = report.reclaimable;
		await startEngine(engine!);
		try {
			const pruned = await engineApi(engine!, 'POST', '/v1.41/images/prune') as {SpaceReclaimed: number; ImagesDeleted: Array<{Deleted?: string}> | null};
			expect(pruned.SpaceReclaimed).toBe(predicted.imagePrune.bytes);
			expect(predicted.imagePrune.images.length).toBeGreaterThan(0);
			const deletedImages = (pruned.ImagesDeleted ?? []).flatMap(item => item.Deleted ?? []).filter(id => truth!.all.includes(id));
			expect(deletedImages.sort()).toEqual([...predicted.imagePrune.images].sort());
			const all = await engineApi(engine!, 'POST', `/v1.41/images/prune?filters=${encodeURIComponent('{"dangling":["false"]}')}`) as {SpaceReclaimed: number};
			expect(all.SpaceReclaimed).toBe(predicted.imagePruneAll.bytes - predicted.imagePrune.bytes);
			// An image a container uses keeps one tag: the last in Docker's order; prune -a removes the others.
			const tagsLeft = docker(engine!, ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}']).split('\n').filter(tag => tag && tag !== '<none>:<none>');
			const predictedTags = report.images.filter(image => !predicted.imagePruneAll.images.includes(image.id)).flatMap(image => image.repoTags);
			expect(tagsLeft.sort()).toEqual(predictedTags.filter(tag => !predicted.imagePruneAll.untagged!.includes(tag)).sort());
			expect(predicted.imagePruneAll.untagged).toContain('it/tool:1');
		} finally {
			await stopEngine(engine!);
		}
	}, 120_000);
});

describe.skipIf(unavailable === undefined)('without a Docker engine to write a root', () => {
	it(`is skipped: ${unavailable ?? ''}`, ctx => {
		ctx.skip();
	});
});
