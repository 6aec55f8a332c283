import {gzipSync} from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {makeTar, sha256, writeTemporary} from '../helpers/make-tar.js';

const nondistributable = 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip';

/** An OCI archive whose second layer is named by the manifest but not stored (as registries ship Windows bases). */
async function ociArchiveWithAbsentLayer(absentMediaType: string): Promise<Buffer> {
	const presentTar = await makeTar([{name: 'app/', type: 'directory'}, {name: 'app/hello.txt', content: 'hello\n'}]);
	const absentTar = await makeTar([{name: 'base.dll', content: 'not shipped'}]);
	const [present, absent] = [gzipSync(presentTar), gzipSync(absentTar)];
	const diffIds = [`sha256:${sha256(presentTar)}`, `sha256:${sha256(absentTar)}`];
	const config = JSON.stringify({
		architecture: 'amd64', os: 'linux', rootfs: {type: 'layers', diff_ids: diffIds},
		history: [{created_by: 'COPY hello.txt /app/'}, {created_by: 'foreign base'}],
	});
	const manifest = JSON.stringify({
		schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json',
		config: {mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${sha256(config)}`, size: config.length},
		layers: [
			{mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${sha256(present)}`, size: present.length},
			{mediaType: absentMediaType, digest: `sha256:${sha256(absent)}`, size: absent.length, urls: ['https://example.invalid/base']},
		],
	});
	const index = JSON.stringify({
		schemaVersion: 2,
		manifests: [{mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${sha256(manifest)}`, size: manifest.length,
			annotations: {'org.opencontainers.image.ref.name': 'foreign:1'}}],
	});
	return makeTar([
		{name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}'},
		{name: 'index.json', content: index},
		{name: `blobs/sha256/${sha256(manifest)}`, content: manifest},
		{name: `blobs/sha256/${sha256(config)}`, content: config},
		{name: `blobs/sha256/${sha256(present)}`, content: present},
	]);
}

describe('a layer the archive does not hold', () => {
	it('is shown as not in the archive when the manifest marks it non-distributable, and the rest is analysed', async () => {
		const file = writeTemporary('foreign.tar', await ociArchiveWithAbsentLayer(nondistributable));
		const result = runCli(['--tar', file, '--json', '-']);
		expect(result.code).toBe(0);
		const report = JSON.parse(result.stdout);
		expect(report.layers.map((layer: {inArchive: boolean}) => layer.inArchive)).toEqual([true, false]);
		expect(report.layers[1].mediaType).toBe(nondistributable);
		expect(report.warnings.join('\n')).toMatch(/layer 1 .* foreign layer, not in the archive/);
		expect(report.metrics.layerscope.storedBytes).toBe(6);
		expect(runCli(['--tar', file, '--list']).stdout.split('\n').slice(1, -1)).toEqual([
			'/app\td\t0\t0755\t0\t0\t1\t', '/app/hello.txt\tf\t6\t0644\t0\t0\t1\t',
		]);
		expect(runCli(['--tar', file]).stdout).toMatch(/^ +1 .*\(not in archive\) foreign base$/m);
	});

	it('is an error naming the missing blob when the layer is an ordinary one', async () => {
		const file = writeTemporary('missing.tar', await ociArchiveWithAbsentLayer('application/vnd.oci.image.layer.v1.tar+gzip'));
		const result = runCli(['--tar', file, '--json', '-']);
		expect(result.code).toBe(2);
		expect(result.stderr.trim().split('\n')).toHaveLength(1);
		expect(result.stderr).toMatch(/missing\.tar: layer 1 \(blobs\/sha256\/[a-f\d]{64}\) is missing from the archive/);
	});
});
