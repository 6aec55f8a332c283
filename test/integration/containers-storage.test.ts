import {spawnSync} from 'node:child_process';
import {existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {runCli, runCliAsync} from '../helpers/cli.js';
import {diskReportErrors, imageReportErrors} from '../helpers/disk-schema.js';
import {busybox, busyboxRootfsTar} from '../helpers/docker-engine.js';
import {treeFingerprint} from '../helpers/tree-hash.js';

const podmanBinary = '/usr/bin/podman';
const unavailable = process.getuid?.() !== 0 ? 'needs root' : !existsSync(podmanBinary) ? "needs Debian's podman" : busybox ? undefined : 'needs busybox-static';
const work = unavailable ? '' : mkdtempSync('/tmp/layerscope-podman-');
const graphRoot = path.join(work, 'root');
let problem: string | undefined;

/** podman on a private graph root and run root; no daemon, nothing left running. */
function podman(args: string[], input?: Buffer): string {
	const store = ['--root', graphRoot, '--runroot', path.join(work, 'run'), '--storage-driver', 'overlay', '--cgroup-manager', 'cgroupfs', '--events-backend', 'file'];
	const result = spawnSync(podmanBinary, [...store, ...args], {input, maxBuffer: 64 * 1024 * 1024, timeout: 120_000});
	if (result.status !== 0) throw new Error(`podman ${args.join(' ')}: ${result.stderr.toString().trim()}`);
	return result.stdout.toString();
}

function build(name: string, containerfile: string): void {
	const context = path.join(work, 'contexts', name);
	mkdirSync(context, {recursive: true});
	writeFileSync(path.join(context, 'Containerfile'), containerfile);
	podman(['build', '-q', '--isolation', 'chroot', '--pull=never', '-t', 'localhost/it/app:1', context]);
}

type PodmanImage = {Id: string; Size: number; Containers: number; Names?: string[]};
let images: PodmanImage[] = [];
let dangling: string[] = [];

describe.skipIf(unavailable !== undefined)('a containers/storage root written by podman', {timeout: 120_000}, () => {
	beforeAll(() => {
		try {
			const base = busyboxRootfsTar(work);
			writeFileSync(path.join(work, 'base.tar'), base);
			podman(['import', '-q', '-c', 'CMD ["/bin/sh"]', path.join(work, 'base.tar'), 'localhost/it/base:1']);
			build('one', 'FROM localhost/it/base:1\nRUN echo one > /version && head -c 100000 /dev/urandom > /app.bin\n');
			build('two', 'FROM localhost/it/base:1\nRUN echo two > /version && head -c 50000 /dev/urandom > /app.bin\nRUN rm /app.bin\n');
			podman(['create', '--name', 'idle', 'localhost/it/app:1']);
			podman(['save', '-q', '--format', 'docker-archive', '-o', path.join(work, 'app.tar'), 'localhost/it/app:1']);
			images = JSON.parse(podman(['images', '-a', '--format', 'json'])) as PodmanImage[];
			dangling = podman(['images', '-q', '--no-trunc', '-f', 'dangling=true']).split('\n').filter(Boolean).map(id => id.replace(/^sha256:/, ''));
		} catch (error) {
			problem = (error as Error).message;
			console.warn(`containers-storage integration skipped: ${problem}`);
		}
	}, 180_000);

	afterAll(() => {
		rmSync(work, {recursive: true, force: true});
	});

	it("lists every image with podman's size and container count, and the same dangling images", ctx => {
		if (problem) return ctx.skip();
		const result = runCli(['--root', graphRoot, '--json', '-']);
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout) as DiskReport;
		expect(diskReportErrors(report)).toEqual([]);
		expect(report.roots[0]).toMatchObject({store: 'containers-storage', driver: 'overlay'});
		expect(report.images.map(image => image.id).sort()).toEqual([...new Set(images.map(image => `sha256:${image.Id}`))].sort());
		for (const image of images) {
			const ours = report.images.find(candidate => candidate.id === `sha256:${image.Id}`)!;
			expect({size: ours.sizeBytes, containers: ours.containers, tags: ours.repoTags}).toEqual({size: image.Size, containers: image.Containers, tags: image.Names ?? []});
		}

		expect(report.images.filter(image => image.dangling).map(image => image.id.slice(7)).sort()).toEqual(dangling.sort());
		expect(dangling.length).toBeGreaterThan(0);
		expect(report.orphans).toEqual([]);
	});

	it('opens an image by its short name in the same analysis as its podman save archive, changing nothing', async ctx => {
		if (problem) return ctx.skip();
		const before = treeFingerprint(graphRoot);
		const fromArchive = await runCliAsync(['--tar', path.join(work, 'app.tar'), '--list']);
		const fromRoot = await runCliAsync(['--root', graphRoot, 'it/app:1', '--list']);
		expect(fromRoot.stderr).toBe('');
		expect(fromRoot.stdoutBytes.equals(fromArchive.stdoutBytes)).toBe(true);
		const json = JSON.parse((await runCliAsync(['--root', graphRoot, 'localhost/it/app:1', '--json', '-'])).stdout) as {source: {layout: string}; findings: Array<{class: string}>};
		expect(json.source.layout).toBe('containers-storage');
		expect(imageReportErrors(json)).toEqual([]);
		expect(json.findings.map(finding => finding.class)).toContain('deleted');
		expect(treeFingerprint(graphRoot)).toEqual(before);
		expect(readFileSync(path.join(graphRoot, 'overlay-images/images.json')).length).toBeGreaterThan(0);
	});

	// Last, because pruning changes the root: podman's own prunes remove the images we said they would.
	it('predicts which images podman image prune and prune -a remove', ctx => {
		if (problem) return ctx.skip();
		const {reclaimable} = JSON.parse(runCli(['--root', graphRoot, '--json', '-']).stdout) as DiskReport;
		const removed = (args: string[]) => podman(['image', 'prune', '-f', ...args]).split('\n').filter(Boolean).map(id => `sha256:${id}`).sort();
		const dangling = removed([]);
		expect(dangling).toEqual([...reclaimable.imagePrune.images].sort());
		const all = removed(['-a']);
		expect([...dangling, ...all].sort()).toEqual([...reclaimable.imagePruneAll.images].sort());
	});
});
