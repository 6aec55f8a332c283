import {readFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {type CliResult, fixture, runCliAsync} from '../helpers/cli.js';
import {
	diveFixtures, listedPaths, listingLines, type OwnFixture, ownFixture, ownFixtures, sourceArguments, umociListing,
} from '../helpers/fixtures.js';
import {expectOneLineError, reportFor, spawnsTheCli} from '../helpers/report.js';

function expectListing(result: CliResult, expected: Buffer) {
	expect(result.code, result.stderr).toBe(0);
	expect(listingLines(result.stdoutBytes)).toEqual(listingLines(expected));
}

const demoLegacy = ownFixture('demo.docker-legacy.tar');

describe('real archives', spawnsTheCli, () => {
	describe("--list is umoci's listing of the same image, byte for byte", () => {
		for (const image of ownFixtures) {
			it(`${image.label} (union/${image.build}.tsv)`, async () => {
				expectListing(await runCliAsync([...sourceArguments(image), '--list']), umociListing(image.build));
			});
		}
	});

	describe('the layout and compression the writer used', () => {
		for (const image of [...ownFixtures, ...diveFixtures]) {
			it(`${image.label}: ${image.layout}, archive ${image.compression}, layers ${image.layerCompression}`, async () => {
				const {source, layers} = await reportFor(sourceArguments(image));
				expect(source).toMatchObject({layout: image.layout, compression: image.compression});
				expect(layers.map(layer => layer.compression)).toEqual(layers.map(() => image.layerCompression));
			});
		}
	});

	describe('one build saved in several formats', () => {
		const diffIdsOf = async (image: OwnFixture) => (await reportFor(sourceArguments(image))).layers.map(layer => layer.diffId);
		const formatsOf = (build: OwnFixture['build']) => ownFixtures.filter(image => image.build === build);

		it.each([
			['demo', 10],
			['demo-buildah', 2], // buildah commits all the RUN steps of a build as one layer
		] as const)('%s: every format holds the same %i layers, by diffId', async (build, layers) => {
			const [first, ...others] = await Promise.all(formatsOf(build).map(image => diffIdsOf(image)));
			expect(first).toHaveLength(layers);
			for (const diffId of first!) expect(diffId).toMatch(/^sha256:[\da-f]{64}$/);
			for (const diffIds of others) expect(diffIds).toEqual(first);
		});

		it('every build on the busybox base starts with the base image\'s one layer', async () => {
			const [baseLayer, ...more] = await diffIdsOf(ownFixture('multi.docker-legacy.tar.gz --image layerscope/busybox:base'));
			expect(more).toEqual([]);
			const builds = ['demo', 'demo-bk', 'demo-buildah', 'app'] as const;
			const firstLayers = await Promise.all(builds.map(async build => (await diffIdsOf(formatsOf(build)[0]!))[0]));
			expect(firstLayers).toEqual(builds.map(() => baseLayer));
		});
	});

	describe('dive-style source names', () => {
		it.each([
			['docker-archive://', 'demo.docker-legacy.tar'],
			['oci-archive://', 'demo.oci-zstd.tar'],
			['oci://', 'demo.oci-dir'],
		])('%s%s reads the archive that --tar reads', async (scheme, name) => {
			expectListing(await runCliAsync([`${scheme}${fixture('images', name)}`, '--list']), umociListing('demo'));
		});
	});

	describe('--tar - reads the archive from standard input', () => {
		const archive = readFileSync(demoLegacy.path);

		it('a plain tar', async () => {
			expectListing(await runCliAsync(['--tar', '-', '--list'], {input: archive}), umociListing('demo'));
		});

		it('a gzip-compressed tar, reported as such', async () => {
			const compressed = gzipSync(archive);
			expectListing(await runCliAsync(['--tar', '-', '--list'], {input: compressed}), umociListing('demo'));
			const report = JSON.parse((await runCliAsync(['--tar', '-', '--json', '-'], {input: compressed})).stdout);
			expect(report.source).toMatchObject({path: '-', layout: 'docker-legacy', compression: 'gzip'});
		});
	});

	describe('--list --layer N: the view after layer N', () => {
		const listAfter = (layer: number) => runCliAsync([...sourceArguments(demoLegacy), '--list', '--layer', String(layer)]);

		it('after layer 0, the view is the busybox base image alone', async () => {
			expectListing(await listAfter(0), umociListing('busybox-base'));
		});

		it('after layer 2 the build cache is there; layer 3 removes it', async () => {
			const cache = ['/app/cache', '/app/cache/build.tmp'];
			const [afterLayer2, afterLayer3] = await Promise.all([listAfter(2), listAfter(3)]);
			expect(listedPaths(afterLayer2.stdoutBytes)).toEqual(expect.arrayContaining(cache));
			expect(listedPaths(afterLayer3.stdoutBytes).filter(path => path.startsWith('/app/cache'))).toEqual([]);
			expect(listedPaths(afterLayer3.stdoutBytes)).toEqual(listedPaths(afterLayer2.stdoutBytes).filter(path => !cache.includes(path)));
		});

		it('after the last layer, the final view', async () => {
			expectListing(await listAfter(9), umociListing('demo'));
		});

		it('a layer beyond the last is a usage error on one line', async () => {
			expect(expectOneLineError(await listAfter(10))).toBe('layerscope: --layer 10: the image has layers 0 to 9');
		});

		it('a layer beyond the last, on an archive slow to read (zstd layers): that line alone on stderr', async () => {
			// The manifest says how many layers there are: a usage error needs no layer read, so no progress line.
			const result = await runCliAsync([...sourceArguments(ownFixture('demo.oci-zstd.tar')), '--list', '--layer', '10']);
			expect(result.code).toBe(2);
			expect(result.stderr).toBe('layerscope: --layer 10: the image has layers 0 to 9\n');
		});
	});
});
