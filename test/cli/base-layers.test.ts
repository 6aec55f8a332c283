import {describe, expect, it} from 'vitest';
import {fixture, runCli} from '../helpers/cli.js';

const demo = fixture('images', 'demo.docker-legacy.tar');
const reportOf = (...extra: string[]) => JSON.parse(runCli(['--tar', demo, '--json', '-', ...extra]).stdout);

describe('the base image boundary', () => {
	it('is found from the history and said how: the demo\'s layer 0 was imported', () => {
		const report = reportOf();
		expect(report.baseImage).toMatchObject({layers: 1, method: 'history-import'});
		expect(report.baseImage.detail).toMatch(/busybox-static rootfs/);
	});

	it('is what --base-layers says, and the user figures leave those layers out', () => {
		const detected = reportOf();
		const forced = reportOf('--base-layers', '3');
		expect(forced.baseImage).toEqual({layers: 3, method: 'flag', detail: '--base-layers 3'});
		const fileBytesOf = (layers: Array<{fileBytes: number}>) => layers.reduce((sum, layer) => sum + layer.fileBytes, 0);
		expect(forced.metrics.layerscope.userStoredBytes).toBe(fileBytesOf(detected.layers.slice(3)));
		expect(detected.metrics.layerscope.userStoredBytes).toBe(fileBytesOf(detected.layers.slice(1)));
		// What layers 1 and 2 stored and later layers hid now counts as the base image's, not the user's.
		expect(detected.metrics.layerscope.userRetainedBytes - forced.metrics.layerscope.userRetainedBytes)
			.toBe(detected.layers[2].retainedBytes);
	});

	it('refuses a --base-layers that is not a whole number', () => {
		const result = runCli(['--tar', demo, '--json', '-', '--base-layers', '-1']);
		expect(result.code).toBe(2);
		expect(result.stderr).toMatch(/--base-layers takes a whole number/);
	});
});
