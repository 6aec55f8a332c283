import {describe, expect, it} from 'vitest';
import {fixture, runCliAsync} from '../helpers/cli.js';
import {ownFixture, sourceArguments} from '../helpers/fixtures.js';
import {expectOneLineError, reportFor, spawnsTheCli} from '../helpers/report.js';

/** `docker save layerscope/demo:latest layerscope/app:latest layerscope/busybox:base | gzip`. */
const multi = fixture('images', 'multi.docker-legacy.tar.gz');
const heldImages = ['layerscope/demo:latest', 'layerscope/app:latest', 'layerscope/busybox:base'];

const pick = (reference: string) => reportFor(['--tar', multi, '--image', reference]);
const pickNothing = () => runCliAsync(['--tar', multi]);

/** `name (0123456789ab)` for each image the error line lists: its name and the first 12 hex digits of its id. */
function listedImages(line: string): Map<string, string> {
	return new Map([...line.matchAll(/([\w./:-]+) \(([\da-f]{12})\)/g)].map(match => [match[1]!, match[2]!]));
}

describe('an archive holding three images', spawnsTheCli, () => {
	it('without --image: exit 2 and one line listing all three, with their ids', async () => {
		const line = expectOneLineError(await pickNothing());
		expect(line).toMatch(/multi\.docker-legacy\.tar\.gz: holds 3 images, pick one with --image: /);
		expect([...listedImages(line).keys()]).toEqual(heldImages);
	});

	it.each(['layerscope/app', 'layerscope/app:latest', 'docker.io/layerscope/app:latest'])('--image %s picks the app image', async reference => {
		const report = await pick(reference);
		expect(report.image.references).toEqual(['layerscope/app:latest']);
		expect(report.layers).toHaveLength(2);
		expect(report.source.images).toBe(3);
	});

	it('--image with the id prefix the error lists picks that image', async () => {
		const appId = listedImages(expectOneLineError(await pickNothing())).get('layerscope/app:latest')!;
		const report = await pick(appId);
		expect(report.image.id.startsWith(`sha256:${appId}`)).toBe(true);
		expect(report.image.references).toEqual(['layerscope/app:latest']);
	});

	it('--image with a full sha256: id or a short prefix of it picks that image', async () => {
		const {id} = (await pick('layerscope/busybox:base')).image;
		expect((await pick(id)).image.references).toEqual(['layerscope/busybox:base']);
		expect((await pick(id.slice(7, 13))).image.references).toEqual(['layerscope/busybox:base']);
	});

	it.each([
		['a name the archive lacks', 'layerscope/nothere'],
		['a name without a tag, which means :latest', 'layerscope/busybox'],
		['an id prefix no image has', '0000000'],
	])('--image with %s: exit 2 and one line naming what the archive holds', async (_, reference) => {
		const line = expectOneLineError(await runCliAsync(['--tar', multi, '--image', reference]));
		expect(line).toContain(`no image matches --image ${reference}; the archive holds: `);
		expect([...listedImages(line).keys()]).toEqual(heldImages);
	});
});

describe('--image on an OCI layout', spawnsTheCli, () => {
	const ociDirectory = ownFixture('demo.oci-dir');

	it('picks the image by its manifest digest', async () => {
		const [digest] = (await reportFor(sourceArguments(ociDirectory))).image.digests;
		expect(digest).toMatch(/^sha256:[\da-f]{64}$/);
		expect((await reportFor([...sourceArguments(ociDirectory), '--image', digest!])).image.digests).toEqual([digest]);
	});

	it('refuses a digest it does not hold', async () => {
		const line = expectOneLineError(await runCliAsync([...sourceArguments(ociDirectory), '--image', `sha256:${'0'.repeat(64)}`]));
		expect(line).toMatch(/no image matches --image sha256:0{64}; the archive holds: /);
	});
});
