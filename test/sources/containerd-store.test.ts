import {readFileSync} from 'node:fs';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {type Report} from '../../source/analysis/report.js';
import {runCli} from '../helpers/cli.js';
import {writeContainerdStore, type WrittenStore} from '../helpers/containerd-store.js';
import {diskReportErrors} from '../helpers/disk-schema.js';
import {temporaryDirectory} from '../helpers/make-tar.js';

const base = {name: 'bin/sh', content: 'a shell'.repeat(100)};

let written: WrittenStore;
let report: DiskReport;

beforeAll(async () => {
	written = await writeContainerdStore(path.join(temporaryDirectory(), 'containerd'), {
		namespaces: {
			default: {
				images: [
					{names: ['docker.io/library/tool:1', 'docker.io/library/tool:latest'], layers: [{files: [base]}, {files: [{name: 'etc/tool.conf', content: 'x=1'}]}]},
					{names: ['docker.io/library/multi:1'], layers: [{files: [base]}], platforms: ['linux/amd64', 'linux/arm64', 'unknown/unknown']},
				],
				containers: [{id: 'web-1', image: 'docker.io/library/tool:1'}],
				otherSnapshots: {snapshotter: 'native', keys: ['sha256:' + '1'.repeat(64), 'sha256:' + '2'.repeat(64)]},
			},
			'k8s.io': {
				images: [
					{names: ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause@sha256:' + '7'.repeat(64), 'sha256:' + '8'.repeat(64)], layers: [{files: [{name: 'pause', content: 'p'}], gzip: false}]},
					{names: ['docker.io/library/lazy:1'], layers: [{files: [base]}, {files: [{name: 'big', content: 'b'.repeat(5000)}], unpacked: false, blobMissing: true}]},
				],
			},
		},
	});
	const result = runCli(['--root', written.root, '--json', '-']);
	expect(result.stderr).toBe('');
	report = JSON.parse(result.stdout) as DiskReport;
}, 60_000);

describe('a containerd root with namespaces of its own (nerdctl, Kubernetes)', {timeout: 60_000}, () => {
	it('shows each namespace that holds images as a store, named by root and namespace', () => {
		expect(diskReportErrors(report)).toEqual([]);
		expect(report.roots.map(root => [root.path, root.store, root.namespace])).toEqual([
			[`${written.root} (default)`, 'containerd', 'default'],
			[`${written.root} (k8s.io)`, 'containerd', 'k8s.io'],
		]);
		expect(runCli(['--root', written.root]).stdout).toMatch(/containerd image store, namespace k8s\.io.*\n[^]*nerdctl -n k8s\.io image prune/);
		expect(report.warnings).toEqual([`${written.root} (default): 2 snapshots of the native snapshotter are not read (only overlayfs is): image sizes leave them out`]);
	});

	it('sizes an image as its blobs plus its snapshots, counting an index as Docker does (not at all)', () => {
		const blobBytes = (digest: string) => readFileSync(path.join(written.root, 'io.containerd.content.v1.content/blobs/sha256', digest.slice(7))).length;
		const tool = report.images.find(image => image.repoTags.includes('tool:1'))!;
		expect(tool.repoTags).toEqual(['tool:1', 'tool:latest']);
		expect(tool.id).toBe(written.targets['docker.io/library/tool:1']);
		const parts = tool.layers.map(part => part.split(':')[0]);
		expect(parts.filter(kind => kind === 'content')).toHaveLength(4); // manifest, config, two layers
		expect(tool.snapshotBytes).toBe(Object.values(written.snapshotSizes).slice(0, 2).reduce((sum, size) => sum + size, 0));
		expect(tool.contentBytes).toBe(tool.layers.filter(part => part.startsWith('content:')).reduce((sum, part) => sum + blobBytes(part.slice(8)), 0));
		expect(tool.sizeBytes).toBe(tool.contentBytes! + tool.snapshotBytes!);
		expect(tool).toMatchObject({containers: 1, inUse: true});
		// Both platforms of the index count; the index and the attestation manifest do not, and are no orphans either.
		const multi = report.images.find(image => image.repoTags.includes('multi:1'))!;
		expect(multi.layers.filter(part => part.startsWith('content:'))).toHaveLength(5); // 2 manifests, 2 configs, 1 layer
		expect(multi.layers).not.toContain(`content:${written.targets['docker.io/library/multi:1']}`);
		// lazy:1 was unpacked halfway: its base snapshot is left with nothing pointing at it, which containerd's
		// collector removes. The index, kept by its image, is no orphan.
		const lazyBase = report.layers.find(layer => layer.root.endsWith('(k8s.io)') && layer.id.startsWith('snapshot:') && layer.images.length === 0)!;
		expect(report.orphans).toEqual([{root: `${written.root} (k8s.io)`, kind: 'layer', id: lazyBase.id, sizeBytes: lazyBase.sizeBytes}]);
	});

	it('shares only snapshots between images, never blobs', () => {
		const tool = report.images.find(image => image.repoTags.includes('tool:1'))!;
		const multi = report.images.find(image => image.repoTags.includes('multi:1'))!;
		// The base layer's snapshot is shared; its blob, used by both too, is not counted as shared.
		expect(tool.sharedSizeBytes).toBe(multi.sharedSizeBytes);
		expect(tool.sharedSizeBytes).toBe(Object.values(written.snapshotSizes)[0]);
	});

	it('counts a Kubernetes container by the image it names, its state unknown to the root', () => {
		expect(report.containers).toEqual([expect.objectContaining({id: 'web-1', imageName: 'docker.io/library/tool:1', state: 'unknown', writableBytes: expect.any(Number)})]);
		expect(report.containers[0]!.writableBytes).toBeGreaterThanOrEqual(10_000);
	});

	it('opens an image of any namespace; a layer blob the store dropped is an error naming it', () => {
		const multiArm = JSON.parse(runCli(['--root', written.root, 'multi:1', '--platform', 'linux/arm64', '--json', '-']).stdout) as Report;
		expect(multiArm.image).toMatchObject({architecture: 'arm64', digests: expect.arrayContaining([written.targets['docker.io/library/multi:1']])});
		expect(runCli(['--root', written.root, 'multi:1', '--platform', 'unknown/unknown']).stderr).toMatch(/^layerscope: no image multi:1 for platform unknown\/unknown/);
		const pause = JSON.parse(runCli(['--root', written.root, 'registry.k8s.io/pause:3.9', '--json', '-']).stdout) as Report;
		expect(pause.source.path).toBe(`${written.root} (k8s.io)`);
		// CRI's record named by the config digest is an id, not a tag.
		expect(report.images.find(image => image.repoTags.includes('registry.k8s.io/pause:3.9'))).toMatchObject({
			repoTags: ['registry.k8s.io/pause:3.9'], repoDigests: expect.arrayContaining(['registry.k8s.io/pause@sha256:' + '7'.repeat(64)]),
		});
		expect(pause.layers.map(layer => [layer.mediaType, layer.entries])).toEqual([['application/vnd.oci.image.layer.v1.tar', 1]]);
		const listed = runCli(['--root', written.root, 'tool', '--list']).stdout.split('\n').map(line => line.split('\t').slice(0, 3).join(' '));
		expect(listed).toEqual(expect.arrayContaining(['/bin/sh f 700', '/etc/tool.conf f 3']));
		const lazy = runCli(['--root', written.root, 'lazy:1', '--list']);
		expect(lazy.code).toBe(2);
		expect(lazy.stderr).toMatch(new RegExp(`^layerscope: ${written.root} \\(k8s\\.io\\): layer 1 \\(.*io\\.containerd\\.content\\.v1\\.content/blobs/sha256/[a-f\\d]{64}\\) is missing from the archive\\n$`));
	});

	it('reads a fresh store with no image: an empty overview, and no such image', async () => {
		const fresh = await writeContainerdStore(path.join(temporaryDirectory(), 'fresh'), {namespaces: {moby: {images: []}}});
		const overview = JSON.parse(runCli(['--root', fresh.root, '--json', '-']).stdout) as DiskReport;
		expect(overview.roots.map(root => [root.path, root.summary.images.total])).toEqual([[`${fresh.root} (moby)`, 0]]);
		expect(runCli(['--root', fresh.root, 'nginx:latest'])).toMatchObject({code: 2, stderr: `layerscope: no image nginx:latest in ${fresh.root}\n`});
	});

	it('keeps what a live lease holds, and counts what only an expired lease holds as garbage', async () => {
		const halfUnpacked = (leases: Array<{id: string; snapshots: string[]; labels: Record<string, string>}>) => writeContainerdStore(path.join(temporaryDirectory(), 'leased'), {
			namespaces: {moby: {images: [{names: ['docker.io/library/pull:1'], layers: [{files: [base]}, {files: [{name: 'x', content: 'x'}], unpacked: false}]}], leases}},
		});
		const orphansOf = (root: string) => (JSON.parse(runCli(['--root', root, '--json', '-']).stdout) as DiskReport).orphans.map(orphan => orphan.id);
		// The pull's own lease holds the base snapshot it unpacked so far; once it expires, nothing does.
		const baseKey = Object.keys((await halfUnpacked([])).snapshotSizes)[0]!;
		const lease = (expires: string) => [{id: 'pull-1', snapshots: [baseKey], labels: {'containerd.io/gc.expire': expires}}];
		expect(orphansOf((await halfUnpacked(lease('2999-01-01T00:00:00Z'))).root)).toEqual([]);
		expect(orphansOf((await halfUnpacked(lease('2001-01-01T00:00:00Z'))).root)).toEqual([`snapshot:${baseKey}`]);
	});
});
