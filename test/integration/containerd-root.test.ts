import {spawn} from 'node:child_process';
import {cpSync, mkdirSync, readFileSync, renameSync, rmSync, truncateSync, writeFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {type Report} from '../../source/analysis/report.js';
import {writeAufsRoot} from '../helpers/aufs-root.js';
import {fixture, runCli, runCliAsync} from '../helpers/cli.js';
import {unpackContainerdRoot} from '../helpers/containerd-root.js';
import {diskReportErrors, imageReportErrors} from '../helpers/disk-schema.js';
import {treeFingerprint} from '../helpers/tree-hash.js';

let root = '';
let report: DiskReport;
const unpacked: string[] = [];

beforeAll(() => {
	root = copyOf();
	const result = runCli(['--root', root, '--json', '-']);
	expect(result.stderr).toBe('');
	report = JSON.parse(result.stdout) as DiskReport;
}, 60_000);

describe('a Docker 26 data root with the containerd image store (committed fixture)', {timeout: 60_000}, () => {
	it('finds nothing orphaned in a root the engine left tidy, and reports a stray blob and snapshot directory', () => {
		expect(report.orphans).toEqual([]);
		const copy = copyOf(root);
		const content = `${copy}/containerd/daemon/io.containerd.content.v1.content/blobs/sha256`;
		writeFileSync(`${content}/${'ab'.repeat(32)}`, 'left behind by a crash');
		cpSync(`${copy}/containerd/daemon/io.containerd.snapshotter.v1.overlayfs/snapshots/1`, `${copy}/containerd/daemon/io.containerd.snapshotter.v1.overlayfs/snapshots/999`, {recursive: true});
		// A pull that died half way: its partial data under ingest/, tracked by no namespace any more.
		const ingest = `${copy}/containerd/daemon/io.containerd.content.v1.content/ingest/${'cd'.repeat(32)}`;
		mkdirSync(ingest, {recursive: true});
		writeFileSync(`${ingest}/ref`, 'moby/1/layer-sha256:' + 'ef'.repeat(32));
		writeFileSync(`${ingest}/data`, Buffer.alloc(12_345));
		const strays = (JSON.parse(runCli(['--root', copy, '--json', '-']).stdout) as DiskReport).orphans.map(orphan => [orphan.id, orphan.sizeBytes]);
		expect(strays).toEqual([
			['io.containerd.snapshotter.v1.overlayfs/snapshots/999', expect.any(Number)],
			[`io.containerd.content.v1.content/blobs/sha256/${'ab'.repeat(32)}`, 22],
			[`io.containerd.content.v1.content/ingest/${'cd'.repeat(32)}`, 12_345 + 'moby/1/layer-sha256:'.length + 64],
		]);
	});

	it('opens an image by name, short id or digest, its layers read from the content store', () => {
		const byName = JSON.parse(runCli(['--root', root, 'lab/waste:1', '--json', '-']).stdout) as Report;
		expect(imageReportErrors(byName)).toEqual([]);
		expect(byName.source.layout).toBe('containerd');
		expect(byName.image.digests).toContain('sha256:35d5f959ecf9f471bf8025b424f2936b218dbe5833cd3a47904f519c55e41bff');
		expect(byName.layers).toHaveLength(5);
		expect(byName.findings.find(finding => finding.path === '/big.bin')).toMatchObject({class: 'deleted', bytes: 307_200});
		for (const query of ['35d5f959ecf9', 'lab/waste@sha256:35d5f959ecf9f471bf8025b424f2936b218dbe5833cd3a47904f519c55e41bff']) {
			expect(runCli(['--root', root, query, '--list']).stdout).toBe(runCli(['--root', root, 'lab/waste:1', '--list']).stdout);
		}
	});

	it('lists an image from the store exactly as from the docker save archive the same engine wrote', async () => {
		const [fromRoot, fromArchive] = await Promise.all([
			runCliAsync(['--root', root, 'lab/app:1', '--list']),
			runCliAsync(['--tar', fixture('images', 'c8d-app.docker-containerd.tar'), '--list']),
		]);
		expect(fromRoot.stdoutBytes.length).toBeGreaterThan(1000);
		expect(fromRoot.stdoutBytes.equals(fromArchive.stdoutBytes)).toBe(true);
		const archive = JSON.parse(runCli(['--tar', fixture('images', 'c8d-app.docker-containerd.tar'), '--json', '-']).stdout) as Report;
		expect(archive.source.layout).toBe('docker-containerd');
	});

	it('reads gzip, zstd and uncompressed layer blobs', () => {
		const zstd = JSON.parse(runCli(['--root', root, 'lab/zstd:1', '--json', '-']).stdout) as Report;
		expect(zstd.layers.map(layer => layer.mediaType)).toEqual(['application/vnd.oci.image.layer.v1.tar+gzip', 'application/vnd.oci.image.layer.v1.tar+zstd']);
		expect(zstd.layers.every(layer => layer.entries > 0)).toBe(true);
		// A legacy `docker save` loaded into this store keeps its plain layer tars: the same union as the archive.
		expect(runCli(['--root', root, 'layerscope/demo:latest', '--list']).stdout).toBe(runCli(['--tar', fixture('images', 'demo.docker-legacy.tar'), '--list']).stdout);
	});

	it('picks the host platform of a multi-platform index, or the one --platform names', () => {
		const platformOf = (args: string[]) => (JSON.parse(runCli(['--root', root, 'lab/multi:1', '--json', '-', ...args]).stdout) as Report).image;
		expect(platformOf([])).toMatchObject({os: 'linux', architecture: 'amd64'});
		expect(platformOf(['--platform', 'linux/arm64'])).toMatchObject({os: 'linux', architecture: 'arm64'});
		const missing = runCli(['--root', root, 'lab/multi:1', '--platform', 'linux/s390x', '--list']);
		expect(missing).toMatchObject({code: 2, stdout: ''});
		expect(missing.stderr).toBe(`layerscope: no image lab/multi:1 for platform linux/s390x in ${root}\n`);
		expect(runCli(['--root', root, 'lab/multi:1', '--platform', 'arm64/', '--list']).stderr).toMatch(/^layerscope: --platform arm64\/: expected os\/arch/);
		// The save of the index from the same engine: the host's manifest by default, as the store; any with --platform.
		const multiArchive = fixture('images', 'c8d-multi.docker-containerd.tar');
		expect(runCli(['--tar', multiArchive, '--list']).stdout).toBe(runCli(['--root', root, 'lab/multi:1', '--list']).stdout);
		const arm64 = runCli(['--tar', multiArchive, '--platform', 'linux/arm64', '--list']).stdout;
		expect(arm64).toBe(runCli(['--root', root, 'lab/multi:1', '--platform', 'linux/arm64', '--list']).stdout);
		expect(arm64).not.toBe(runCli(['--tar', multiArchive, '--list']).stdout);
		expect((JSON.parse(runCli(['--tar', multiArchive, '--platform', 'arm64', '--json', '-']).stdout) as Report).source.layout).toBe('docker-containerd');
		expect(runCli(['--tar', multiArchive, '--platform', 'linux/s390x']).stderr).toBe(`layerscope: ${multiArchive}: no image for platform linux/s390x; the archive holds linux/amd64, linux/arm64\n`);
	});

	it('changes nothing under the root, and reads meta.db while another process holds its lock', async () => {
		const before = treeFingerprint(root);
		const meta = `${root}/containerd/daemon/io.containerd.metadata.v1.bolt/meta.db`;
		// containerd holds an exclusive flock on meta.db while it runs; layerscope must neither wait for it nor take it.
		const holder = spawn('flock', ['--exclusive', meta, 'sleep', '30'], {stdio: 'ignore'});
		await new Promise(resolve => setTimeout(resolve, 300));
		try {
			const results = await Promise.all([
				runCliAsync(['--root', root, '--json', '-']),
				runCliAsync(['--root', root, 'lab/waste:1', '--json', '-']),
				runCliAsync(['--root', root, 'lab/multi:1', '--platform', 'linux/arm64', '--list']),
			]);
			expect(results.map(result => result.code)).toEqual([0, 0, 0]);
		} finally {
			holder.kill();
		}

		expect(treeFingerprint(root)).toEqual(before);
	});

	it('says which file is damaged, in one line, when meta.db is torn or garbled', () => {
		const copy = copyOf(root);
		const meta = `${copy}/containerd/daemon/io.containerd.metadata.v1.bolt/meta.db`;
		const size = readFileSync(meta).length;
		truncateSync(meta, size / 4);
		const torn = runCli(['--root', copy]);
		expect(torn.code).toBe(2);
		expect(torn.stderr).toMatch(new RegExp(`^layerscope: ${meta}: not a readable bbolt database: .*(truncated|outside the database).*try again\\n$`));
		writeFileSync(meta, Buffer.alloc(size, 0x5A));
		const garbled = runCli(['--root', copy, 'lab/app:1']);
		expect(garbled).toMatchObject({code: 2, stdout: ''});
		expect(garbled.stderr).toBe(`layerscope: ${meta}: not a readable bbolt database: not a bbolt file, or both meta pages are damaged (not a meta page; not a meta page); if its engine is writing it, try again\n`);
	});

	it('reads a Docker root whose images live in the system containerd (Docker 29 packages), once', () => {
		const copy = copyOf(root);
		const system = `${copy}-system-containerd`;
		renameSync(`${copy}/containerd/daemon`, system);
		const environment = {LAYERSCOPE_CONTAINERD_ROOT: system, LAYERSCOPE_DOCKER_ROOT: copy};
		for (const given of [[copy], [system], [copy, system]]) {
			const seen = JSON.parse(runCli([...given.flatMap(where => ['--root', where]), '--json', '-'], {env: environment}).stdout) as DiskReport;
			expect(seen.roots.map(item => item.path)).toEqual([`${system} (moby)`]);
			expect(seen.images.map(image => [image.id, image.sizeBytes, image.containers]).sort()).toEqual(report.images.map(image => [image.id, image.sizeBytes, image.containers]).sort());
			expect(seen.containers).toHaveLength(5);
			expect(seen.volumes).toHaveLength(2);
		}

		expect(runCli(['lab/app:1', '--list'], {env: {...environment, LAYERSCOPE_ROOTS: `${copy}:${system}`}}).stdout).toBe(runCli(['--root', root, 'lab/app:1', '--list']).stdout);
	});
});

describe('a Docker root that switched stores: classic images and containerd images at once', {timeout: 60_000}, () => {
	it('shows both stores, each image, container and volume under the store that holds it', async () => {
		const mixed = copyOf();
		// A classic (aufs) image store and its container written into the same data root.
		const classic = await writeAufsRoot(mixed, [{tags: ['old/tool:1'], layers: [[{name: 'tool', content: 'x'.repeat(1000)}]]}]);
		const seen = JSON.parse(runCli(['--root', mixed, '--json', '-']).stdout) as DiskReport;
		expect(diskReportErrors(seen)).toEqual([]);
		expect(seen.roots.map(item => [item.path, item.store])).toEqual([[mixed, 'docker'], [`${mixed}/containerd/daemon (moby)`, 'containerd']]);
		const storeOf = (tag: string) => seen.images.find(image => image.repoTags.includes(tag))?.root;
		expect(storeOf('old/tool:1')).toBe(mixed);
		expect(storeOf('lab/waste:1')).toBe(`${mixed}/containerd/daemon (moby)`);
		expect(seen.containers.filter(container => container.root === mixed).map(container => container.id)).toEqual([classic.containerId]);
		expect(seen.containers.filter(container => container.root !== mixed)).toHaveLength(5);
		// Volumes belong to the data root, not to a store: counted once, with the classic one.
		expect(seen.volumes.map(volume => volume.root)).toEqual([mixed, mixed]);
		expect(runCli(['--root', mixed, 'old/tool:1', '--list']).stdout).toMatch(/^\/tool\tf\t1000\t/m);
		expect(runCli(['--root', mixed, 'lab/waste:1', '--list']).stdout).toMatch(/^\/etc\/motd\tf\t/m);
	});
});

afterAll(() => {
	for (const directory of unpacked) rmSync(directory, {recursive: true, force: true});
});

/** A root to read or change: the fixture unpacked anew (a copy would have to recreate its device nodes). */
function copyOf(_root?: string): string {
	const directory = unpackContainerdRoot();
	unpacked.push(directory, `${directory}-system-containerd`);
	return directory;
}
