import {describe, expect, it} from 'vitest';
import {type Report} from '../../source/analysis/report.js';
import {type Finding} from '../../source/analysis/waste.js';
import {fixture, runCliAsync} from '../helpers/cli.js';
import {diveFixtures, listingLines, ownFixture, ownFixtures, sourceArguments} from '../helpers/fixtures.js';
import {reportFor, spawnsTheCli} from '../helpers/report.js';

// The demo image's recipe is write_contexts in test/fixtures/make-fixtures.sh; its layers are
// 0 busybox base, 1 WORKDIR /app, 2 the big RUN, 3 rm -rf /app/cache, 4 new blob.bin, 5 chmod 700 tool.bin,
// 6 copies and links of tool.bin, 7 /opt/tree re-created, 8 file/directory/symlink swaps, 9 odd names and chmod 4755.
const demo = ownFixture('demo.docker-legacy.tar');
const demoReport = () => reportFor(sourceArguments(demo));
const step = {
	bigRun: /^\/bin\/sh -c mkdir -p \/app\/cache \/app\/conf .* head -c 163840 \/dev\/urandom > \/app\/cache\/build\.tmp /,
	removeCache: '/bin/sh -c rm -rf /app/cache',
	newBlob: '/bin/sh -c head -c 40960 /dev/urandom > /app/conf/blob.bin && echo v2 > /app/conf/version',
	chmod: '/bin/sh -c chmod 700 /app/tool.bin',
};

function findingsIn(report: Report, wanted: Partial<Finding>): Finding[] {
	return report.findings.filter(finding => Object.entries(wanted).every(([key, value]) => finding[key as keyof Finding] === value));
}

function onlyFindingIn(report: Report, wanted: Partial<Finding>): Finding {
	const found = findingsIn(report, wanted);
	expect(found, JSON.stringify(wanted)).toHaveLength(1);
	return found[0]!;
}

describe('the waste in the demo image', spawnsTheCli, () => {
	it('/app/cache: stored in layer 2, deleted in layer 3, with both build steps and a hint', async () => {
		const finding = onlyFindingIn(await demoReport(), {class: 'deleted', path: '/app/cache'});
		expect(finding).toMatchObject({bytes: 163_840, files: 1, storedInLayer: 2, hiddenInLayer: 3, hiddenBy: step.removeCache});
		expect(finding.storedBy).toMatch(step.bigRun);
		expect(finding.hint).toMatch(/in the same RUN that creates it/);
	});

	it('/app/conf/blob.bin: written in layer 2, overwritten with other bytes in layer 4', async () => {
		const finding = onlyFindingIn(await demoReport(), {class: 'overwritten', path: '/app/conf/blob.bin'});
		expect(finding).toMatchObject({bytes: 98_304, files: 1, storedInLayer: 2, hiddenInLayer: 4, hiddenBy: step.newBlob});
		expect(finding.storedBy).toMatch(step.bigRun);
	});

	it('/app/tool.bin: stored again whole by the chmod step, metadata only, with a hint to chmod where it is made', async () => {
		const finding = onlyFindingIn(await demoReport(), {class: 'metadataOnly', path: '/app/tool.bin', hiddenInLayer: 5});
		expect(finding).toMatchObject({bytes: 122_880, files: 1, storedInLayer: 2, hiddenBy: step.chmod});
		expect(finding.hint).toMatch(/--chmod|chmod/);
	});

	it('the copy of tool.bin: one duplicate finding naming every path that holds those bytes', async () => {
		const finding = onlyFindingIn(await demoReport(), {class: 'duplicate'});
		// tool.bin and its hard link are one stored copy (layer 6); the cp made a second one, stored again by layer 9's chmod.
		expect(finding).toMatchObject({bytes: 122_880, files: 2, layers: [6, 9]});
		expect(finding.paths).toEqual(['/app/tool-copy.bin', '/app/tool-hardlink', '/app/tool.bin']);
		expect(finding.digest).toMatch(/^sha256:[\da-f]{64}$/);
	});

	it('the figures, worked out from the recipe', async () => {
		const figures = (await demoReport()).metrics.layerscope;
		const deleted = 163_840 + 5 * 'old N\n'.length + 'deep\n'.length + 'inner\n'.length;
		const overwritten = 98_304 + 'v1\n'.length + 'plain\n'.length + 'file\n'.length;
		// tool.bin before the chmod and again before the hard link (ln copies it up), tool-copy.bin before chmod 4755
		const metadataOnly = 3 * 122_880;
		expect(figures).toMatchObject({deletedBytes: deleted, overwrittenBytes: overwritten, metadataOnlyBytes: metadataOnly, duplicateBytes: 122_880});
	});

	it('the figures add up: retained = stored - visible = overwritten + metadata-only + deleted', async () => {
		const {metrics, layers} = await demoReport();
		const figures = metrics.layerscope;
		expect(figures.retainedBytes).toBe(figures.storedBytes - figures.visibleBytes);
		expect(figures.overwrittenBytes + figures.metadataOnlyBytes + figures.deletedBytes).toBe(figures.retainedBytes);
		expect(figures.efficiency).toBe(figures.visibleBytes / figures.storedBytes);
		expect(figures.storedBytes).toBe(layers.reduce((sum, layer) => sum + layer.fileBytes, 0));
		expect(figures.userStoredBytes).toBe(figures.storedBytes - layers[0]!.fileBytes);
	});

	it('the findings account for every retained byte, class by class', async () => {
		const report = await demoReport();
		const bytesOf = (wasteClass: Finding['class']) => findingsIn(report, {class: wasteClass}).reduce((sum, finding) => sum + finding.bytes, 0);
		const figures = report.metrics.layerscope;
		expect([bytesOf('deleted'), bytesOf('overwritten'), bytesOf('metadataOnly')])
			.toEqual([figures.deletedBytes, figures.overwrittenBytes, figures.metadataOnlyBytes]);
	});

	it('every format of the build gives the same figures', async () => {
		const formats = ownFixtures.filter(image => image.build === 'demo');
		expect(formats.map(image => image.label)).toEqual(expect.arrayContaining([
			'demo.docker-legacy.tar', 'demo.docker-oci.tar', 'demo.docker-containerd.tar', 'demo.oci-zstd.tar', 'demo.oci-dir',
		]));
		const {metrics} = await demoReport();
		for (const image of formats) expect((await reportFor(sourceArguments(image))).metrics, image.label).toEqual(metrics);
	});
});

describe('the demo image\'s history, paired with its layers', spawnsTheCli, () => {
	it('the WORKDIR step is a #(nop) step that made a real layer: layer 1', async () => {
		const {history, layers} = await demoReport();
		const workdir = history.find(entry => entry.createdBy?.includes('WORKDIR /app'));
		expect(workdir).toMatchObject({createdBy: '/bin/sh -c #(nop) WORKDIR /app', emptyLayer: false, layerIndex: 1});
		expect(layers[1]).toMatchObject({createdBy: workdir!.createdBy, entries: 1, empty: false});
	});

	it('the ENV step made no layer: it is empty and names no layer', async () => {
		const env = (await demoReport()).history.find(entry => entry.createdBy?.includes('ENV APP_HOME=/app'));
		expect(env).toBeDefined();
		expect(env!.emptyLayer).toBe(true);
		expect(env!.layerIndex).toBeUndefined();
	});

	it('every layer has its own step, in build order', async () => {
		const {history, layers} = await demoReport();
		expect(history.filter(entry => !entry.emptyLayer).map(entry => entry.layerIndex)).toEqual(layers.map(layer => layer.index));
		expect(layers[0]!.comment).toBe('busybox-static rootfs');
		expect(layers.slice(3, 6).map(layer => layer.createdBy)).toEqual([step.removeCache, step.newBlob, step.chmod]);
	});
});

describe('what each layer of the demo image changes', spawnsTheCli, () => {
	const changesOf = async (layer: number) => (await demoReport()).layers[layer]!.changes;

	it.each([
		[3, 'removes /app/cache and the file in it', {added: 0, modified: 0, metadataOnly: 0, removed: 2}],
		[4, 'rewrites blob.bin and version', {added: 0, modified: 2, metadataOnly: 0, removed: 0}],
		[5, 'only changes the mode of tool.bin', {added: 0, modified: 0, metadataOnly: 1, removed: 0}],
		[7, 'empties /opt/tree (5 files, sub/ and sub/deep) and adds new.txt', {added: 1, modified: 0, metadataOnly: 0, removed: 7}],
	] as const)('layer %i %s', async (layer, _, changes) => {
		expect(await changesOf(layer)).toEqual(changes);
	});

	it('layer 8 turns five paths into another type and adds file2dir/y; the file under the replaced directory dir2file is removed', async () => {
		// No whiteout is written when a directory becomes a file, but /swap/dir2file/inner leaves the view all the same
		// (the report's own deleted finding for /swap/dir2file says so).
		expect(onlyFindingIn(await demoReport(), {class: 'deleted', path: '/swap/dir2file'})).toMatchObject({files: 1, hiddenInLayer: 8});
		expect(await changesOf(8)).toEqual({added: 1, modified: 5, metadataOnly: 0, removed: 1});
	});
});

describe('dive\'s test images: the figures dive asserts', spawnsTheCli, () => {
	const diveReport = (name: string) => reportFor(['--tar', fixture('dive', name)]);

	it('test-docker-image.tar', async () => {
		const report = await diveReport('test-docker-image.tar');
		expect(report.layers).toHaveLength(14);
		const {inefficiencies, ...figures} = report.metrics.dive;
		expect(figures).toEqual({
			efficiency: 0.9844212134184309, sizeBytes: 1_220_598, userSizeBytes: 66_237, wastedBytes: 32_025, userWastedPercent: 0.4834911001404049,
		});
		expect([...inefficiencies].sort((a, b) => a.path.localeCompare(b.path))).toEqual([
			{path: '/root/example/somefile1.txt', copies: 2, cumulativeBytes: 12_810},
			{path: '/root/example/somefile3.txt', copies: 2, cumulativeBytes: 6405},
			{path: '/root/saved.txt', copies: 2, cumulativeBytes: 12_810},
		]);
	});

	it('test-kaniko-image.tar', async () => {
		const report = await diveReport('test-kaniko-image.tar');
		expect(report.layers).toHaveLength(14);
		expect(report.metrics.dive).toMatchObject({efficiency: 0.9793688490216431, sizeBytes: 1_326_410, userSizeBytes: 94_677, wastedBytes: 46_245});
	});

	const ociImages = diveFixtures.map(image => image.label).filter(name => name.startsWith('test-oci-'));
	it.each(ociImages)('%s: one layer holding README.md, no waste', async name => {
		const report = await diveReport(name);
		expect(report.layers).toHaveLength(1);
		expect(report.metrics.dive).toMatchObject({efficiency: 1, sizeBytes: 11_189, wastedBytes: 0, inefficiencies: []});
		expect(report.metrics.layerscope).toMatchObject({efficiency: 1, storedBytes: 11_189, retainedBytes: 0});
		expect(report.findings).toEqual([]);
		const list = await runCliAsync(['--tar', fixture('dive', name), '--list']);
		expect(listingLines(list.stdoutBytes)).toEqual(['#path\ttype\tsize\tmode\tuid\tgid\tnlink\ttarget', '/README.md\tf\t11189\t0644\t0\t0\t1\t', '']);
	});
});
