import {readFileSync} from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import {describe, expect, it} from 'vitest';
import {fixture, projectRoot, runCliAsync} from '../helpers/cli.js';
import {expectOneLineError, reportFor, spawnsTheCli} from '../helpers/report.js';

/**
 * `FROM scratch` with only LABEL and ENV: a valid image with no layer at all, as umoci and skopeo write it and as
 * Docker 26's containerd image store saves it (`"Layers": null`).
 */
const validateReport = new AjvModule.default({allErrors: true}).compile(JSON.parse(readFileSync(path.join(projectRoot, 'schema', 'report.schema.json'), 'utf8')) as object);

const savedBy = [
	{file: 'empty.docker-archive.tar', layout: 'docker-archive'},
	{file: 'empty.oci-archive.tar', layout: 'oci'},
	{file: 'empty.docker-containerd.tar', layout: 'docker-containerd'},
];

describe.each(savedBy)('an image with no layers, in $file', spawnsTheCli, ({file, layout}) => {
	const archive = fixture('images', file);

	it('is a valid image with an empty view in the JSON report: 0 bytes, efficiency 1, no findings', async () => {
		const report = await reportFor(['--tar', archive]);
		expect(report.source.layout).toBe(layout);
		expect(report.layers).toEqual([]);
		expect(report.image.config.labels).toEqual({'org.example.purpose': 'no layers'});
		expect(report.metrics.layerscope).toMatchObject({storedBytes: 0, visibleBytes: 0, retainedBytes: 0, efficiency: 1});
		expect(report.metrics.dive).toMatchObject({sizeBytes: 0, wastedBytes: 0, efficiency: 1});
		expect(report.baseImage).toMatchObject({layers: 0});
		expect(report.findings).toEqual([]);
		validateReport(report);
		expect(validateReport.errors ?? []).toEqual([]);
	});

	it('lists an empty view: the header alone', async () => {
		const result = await runCliAsync(['--tar', archive, '--list']);
		expect(result).toMatchObject({code: 0, stderr: '', stdout: '#path\ttype\tsize\tmode\tuid\tgid\tnlink\ttarget\n'});
	});

	it('has no layer to name with --layer', async () => {
		expect(expectOneLineError(await runCliAsync(['--tar', archive, '--list', '--layer', '0']))).toBe('layerscope: --layer 0: the image has no layers');
	});

	it('passes the gate and prints its summary: nothing stored, nothing wasted', async () => {
		const gate = await runCliAsync(['--tar', archive, '--ci'], {env: {CI: 'true'}});
		expect(gate.code).toBe(0);
		expect(gate.stdout).toContain('Efficiency 100.0 %: 0 B visible of 0 B stored');
		expect(gate.stdout).toMatch(/Result: PASS/);
		const text = await runCliAsync(['--tar', archive], {env: {CI: 'false'}});
		expect(text).toMatchObject({code: 0, stderr: ''});
		expect(text.stdout).toContain('Base image 0 layers (first-layer: the image has no layers)');
	});
});
