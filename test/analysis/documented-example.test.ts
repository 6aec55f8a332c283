/**
 * The worked example of docs/figures.md, built as a real `docker save` archive and read by the built CLI: if the
 * page and the program ever disagree, this fails, and one of them is wrong.
 */
import {describe, expect, it} from 'vitest';
import {makeDockerArchive, type TarSpec, writeTemporary} from '../helpers/make-tar.js';
import {reportFor, spawnsTheCli} from '../helpers/report.js';

const bytes = (letter: string, size: number) => letter.repeat(size);
const directory = (name: string): TarSpec => ({name, type: 'directory'});
const whiteout = (name: string): TarSpec => ({name, content: ''});

const layers: TarSpec[][] = [
	[
		directory('etc/'), {name: 'etc/conf', content: bytes('a', 300)}, {name: 'etc/empty', content: ''},
		directory('opt/'), {name: 'opt/tool', content: bytes('t', 1000)}, {name: 'opt/tool-link', type: 'link', linkname: 'opt/tool'},
		directory('data/'), {name: 'data/a.bin', content: bytes('d', 2000)}, {name: 'data/b.bin', content: bytes('e', 500)},
	],
	[
		directory('etc/'), {name: 'etc/conf', content: bytes('b', 350)}, directory('cache/'), {name: 'cache/pkg.tar', content: bytes('p', 4000)},
		directory('opt/'), {name: 'opt/tool-copy', content: bytes('t', 1000)},
	],
	[
		directory('etc/'), {name: 'etc/conf', content: bytes('b', 350), mode: 0o600}, whiteout('.wh.data'), whiteout('.wh.cache'),
		directory('opt/'), whiteout('opt/.wh.tool'),
	],
];
const history = [
	{created_by: 'ADD file:base.tar in /'},
	{created_by: 'CMD ["sh"]', empty_layer: true},
	{created_by: 'RUN build.sh'},
	{created_by: 'RUN chmod 600 /etc/conf && rm -rf /data /cache /opt/tool'},
];
const archive = writeTemporary('documented-example.tar', await makeDockerArchive([{tags: ['docs/example:1'], layers, history}]));

describe('the worked example of docs/figures.md', spawnsTheCli, () => {
	it('gives layerscope\'s figures as §2.7 and §3.3 work them out', async () => {
		const report = await reportFor(['--tar', archive]);
		expect(report.metrics.layerscope).toEqual({
			storedBytes: 9500, visibleBytes: 2350, retainedBytes: 7150, overwrittenBytes: 300, metadataOnlyBytes: 350,
			deletedBytes: 6500, duplicateBytes: 1000, efficiency: 2350 / 9500, userStoredBytes: 5700, userRetainedBytes: 4350,
		});
		expect(report.baseImage).toMatchObject({layers: 1, method: 'history-cmd'});
		expect(report.layers.map(layer => [layer.fileBytes, layer.retainedBytes])).toEqual([[3800, 2800], [5350, 4350], [350, 0]]);
	});

	it('gives dive\'s figures as §6.3 works them out', async () => {
		const {dive} = (await reportFor(['--tar', archive])).metrics;
		expect(dive).toMatchObject({efficiency: 14_300 / 16_000, wastedBytes: 2000, sizeBytes: 9500, userSizeBytes: 5700});
		expect(dive.userWastedPercent).toBeCloseTo(2000 / 5700, 12);
	});

	it('moves the base boundary and leaves dive\'s figures alone with --base-layers 2, as §3.3 says', async () => {
		const report = await reportFor(['--tar', archive, '--base-layers', '2']);
		expect(report.baseImage).toMatchObject({layers: 2, method: 'flag'});
		expect(report.metrics.layerscope).toMatchObject({userStoredBytes: 350, userRetainedBytes: 0});
		expect(report.metrics.dive.wastedBytes).toBe(2000);
	});
});
