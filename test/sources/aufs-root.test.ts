import {mkdirSync, readdirSync, rmSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {writeAufsRoot} from '../helpers/aufs-root.js';
import {runCli} from '../helpers/cli.js';
import {diskReportErrors, imageReportErrors} from '../helpers/disk-schema.js';
import {makeDockerArchive, type TarSpec, temporaryDirectory, writeTemporary} from '../helpers/make-tar.js';

const base: TarSpec[] = [{name: 'etc', type: 'directory'}, {name: 'etc/passwd', content: 'root:x:0:0\n'}, {name: 'bin', type: 'directory'}, {name: 'bin/tool', content: 't'.repeat(2000)}];
const app: TarSpec[][] = [base, [{name: 'app', type: 'directory'}, {name: 'app/data', content: 'd'.repeat(5000)}], [{name: 'bin/.wh.tool', content: ''}]];

describe('a Docker data root with the aufs driver (removed in Docker 24, still on old disks)', {timeout: 120_000}, async () => {
	const root = path.join(temporaryDirectory(), 'docker');
	const written = await writeAufsRoot(root, [{tags: ['old/app:1'], layers: app}, {tags: ['old/base:1'], layers: [base]}]);

	it('accounts for images, the container writable layer and an orphaned aufs/diff directory', () => {
		const result = runCli(['--root', root, '--json', '-']);
		expect(result.stderr).toBe('');
		const report = JSON.parse(result.stdout) as DiskReport;
		expect(diskReportErrors(report)).toEqual([]);
		expect(diskReportErrors({...report, images: [{...report.images[0], sizeBytes: 'large'}]})).not.toEqual([]);
		expect(report.roots[0]).toMatchObject({store: 'docker', driver: 'aufs'});
		const [appImage, baseImage] = written.images.map(image => report.images.find(candidate => candidate.id === image.id)!);
		expect(appImage).toMatchObject({repoTags: ['old/app:1'], sizeBytes: 2011 + 5000, sharedSizeBytes: 2011, uniqueSizeBytes: 5000, containers: 1, inUse: true});
		expect(baseImage).toMatchObject({sizeBytes: 2011, sharedSizeBytes: 2011, uniqueSizeBytes: 0, inUse: false});
		expect(report.containers).toEqual([expect.objectContaining({id: written.containerId, name: 'hand', state: 'exited', writableBytes: 321})]);
		expect(report.orphans).toEqual([expect.objectContaining({kind: 'directory', id: written.orphan, sizeBytes: 4567})]);
		expect(report.reclaimable.imagePruneAll).toMatchObject({bytes: 0, images: [baseImage!.id]});
	});

	it('opens an image with whiteouts from its tar-split, as its docker save archive shows it', async () => {
		const archive = writeTemporary('app.tar', await makeDockerArchive([{tags: ['old/app:1'], layers: app}]));
		const fromRoot = runCli(['--root', root, 'old/app:1', '--list']);
		expect(fromRoot.stderr).toBe('');
		expect(fromRoot.stdout).not.toMatch(/bin\/tool/);
		expect(fromRoot.stdoutBytes.equals(runCli(['--tar', archive, '--list']).stdoutBytes)).toBe(true);
		// Without its tar-split an aufs layer is listed from aufs/diff, where whiteouts are the tar's own `.wh.` files.
		const bare = path.join(temporaryDirectory(), 'docker');
		await writeAufsRoot(bare, [{tags: ['old/app:1'], layers: app}]);
		for (const layer of readdirSync(path.join(bare, 'image/aufs/layerdb/sha256'))) rmSync(path.join(bare, 'image/aufs/layerdb/sha256', layer, 'tar-split.json.gz'));
		const fromDirectories = runCli(['--root', bare, 'old/app:1', '--list']);
		expect(fromDirectories.stderr).toBe('');
		// Owners and modes come from the files this test wrote (its user, its umask): compare paths, types and sizes.
		const shape = (listing: string) => listing.split('\n').map(line => line.split('\t').slice(0, 3).join('\t'));
		expect(shape(fromDirectories.stdout)).toEqual(shape(fromRoot.stdout));
		const rules = (output: string) => output.slice(output.indexOf('Rules:'));
		const json = JSON.parse(runCli(['--root', root, 'old/app:1', '--json', '-']).stdout) as {source: {layout: string}};
		expect(imageReportErrors(json)).toEqual([]);
		expect(json.source.layout).toBe('docker-root');
		const gateOnRoot = runCli(['--root', root, 'old/app:1', '--ci']);
		const gateOnArchive = runCli(['--tar', archive, '--ci']);
		expect(gateOnRoot.code).toBe(gateOnArchive.code);
		expect(rules(gateOnRoot.stdout)).toBe(rules(gateOnArchive.stdout));
		expect(rules(gateOnRoot.stdout)).toMatch(/^Rules:\n/);
	});

	it('without --root, uses every default root that exists and searches all of them for an image', async () => {
		const second = path.join(temporaryDirectory(), 'docker');
		await writeAufsRoot(second, [{tags: ['other/tool:1'], layers: [[{name: 'tool', content: 'x'}]]}]);
		const environment = {LAYERSCOPE_ROOTS: [root, path.join(second, 'absent'), second].join(':')};
		const report = JSON.parse(runCli(['--json', '-'], {env: environment}).stdout) as DiskReport;
		expect(report.roots.map(item => item.path)).toEqual([root, second]);
		expect(report.images.filter(image => image.repoTags.includes('other/tool:1')).map(image => image.root)).toEqual([second]);
		// Each root's image with a container stays; only the first root's unused base goes.
		expect(report.reclaimable.imagePruneAll.images).toEqual([written.images[1]!.id]);
		expect(runCli(['other/tool:1', '--list'], {env: environment}).stdout).toMatch(/^\/tool\tf\t1\t/m);
		// A root that holds no store (a containerd directory with no database) is an error when named, a warning when found.
		const containerdRoot = path.join(temporaryDirectory(), 'docker-c8d');
		mkdirSync(path.join(containerdRoot, 'containerd/daemon'), {recursive: true});
		expect(runCli(['--root', containerdRoot]).stderr).toMatch(/docker-c8d: neither a Docker data root .* nor a containers\/storage root/);
		const lenient = JSON.parse(runCli(['--json', '-'], {env: {LAYERSCOPE_ROOTS: `${containerdRoot}:${second}`}}).stdout) as DiskReport;
		expect(lenient.roots.map(item => item.path)).toEqual([second]);
		expect(lenient.warnings).toEqual([expect.stringMatching(/^skipped: .*docker-c8d: neither a Docker data root/)]);
		const nowhere = runCli(['no/such:image'], {env: environment});
		expect(nowhere.stderr).toBe(`layerscope: no image no/such:image in ${root}, ${second}\n`);
	});
});
