import {createHash} from 'node:crypto';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import {chainIds} from '../../source/sources/docker/store.js';
import {makeTar, sha256, type TarSpec} from './make-tar.js';

/**
 * tar-split's record of a tar (vbatts/tar-split `tar/asm`, docs/formats.md §3.8): header and padding bytes as
 * base64 segments, each regular file's body as a file entry with its size. Enough for the ustar tars of tests.
 */
export function tarSplitOf(tar: Buffer): Buffer {
	const lines: string[] = [];
	let position = 0;
	const segment = (bytes: Buffer) => lines.push(JSON.stringify({type: 2, payload: bytes.toString('base64'), position: position++}));
	let at = 0;
	let pending: Buffer = Buffer.alloc(0);
	while (at + 512 <= tar.length && tar.subarray(at, at + 512).some(byte => byte !== 0)) {
		const header = tar.subarray(at, at + 512);
		const size = Number.parseInt(header.toString('latin1', 124, 136).replace(/\0.*$/, '').trim() || '0', 8);
		const typeflag = header.toString('latin1', 156, 157);
		const padded = Math.ceil(size / 512) * 512;
		const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
		if ((typeflag === '0' || typeflag === '\0') && size > 0) {
			segment(Buffer.concat([pending, header]));
			lines.push(JSON.stringify({type: 1, name, size, payload: 'AAAAAAAAAAA=', position: position++}));
			pending = tar.subarray(at + 512 + size, at + 512 + padded);
		} else {
			pending = Buffer.concat([pending, tar.subarray(at, at + 512 + padded)]);
		}

		at += 512 + padded;
	}

	segment(Buffer.concat([pending, tar.subarray(at)]));
	return gzipSync(`${lines.join('\n')}\n`);
}

/** Writes a layer's files as aufs keeps them: plain files, whiteouts still `.wh.` files. Returns Docker's size. */
function extract(directory: string, specs: TarSpec[]): number {
	let bytes = 0;
	for (const spec of specs) {
		const target = path.join(directory, spec.name);
		if (spec.type === 'directory') {
			mkdirSync(target, {recursive: true});
			continue;
		}

		mkdirSync(path.dirname(target), {recursive: true});
		const content = Buffer.from(spec.content ?? '');
		writeFileSync(target, content);
		bytes += content.length;
	}

	return bytes;
}

export type HandImage = {tags: string[]; layers: TarSpec[][]; parent?: string};

/** The ids the hand-built root gave its images and containers. */
export type HandRoot = {images: Array<{id: string; tags: string[]; sizeBytes: number}>; containerId: string; orphan: string};

function write(file: string, data: string | Buffer): void {
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, data);
}

/**
 * A Docker 23 data root with the aufs driver, written by hand because no aufs kernel exists here (the one place a
 * hand-built tree stands in): images, layerdb with tar-split, `aufs/{diff,layers,mnt}`, one container, one orphan.
 */
export async function writeAufsRoot(root: string, images: HandImage[]): Promise<HandRoot> {
	const written: HandRoot['images'] = [];
	const repositories: Record<string, Record<string, string>> = {};
	const cacheIds = new Map<string, string>();
	const tops: string[] = [];
	for (const image of images) {
		const tars = await Promise.all(image.layers.map(async specs => makeTar(specs)));
		const chain = chainIds(tars.map(tar => `sha256:${sha256(tar)}`));
		let sizeBytes = 0;
		tops.push(chain.at(-1)!);
		for (const [index, chainId] of chain.entries()) {
			const cacheId = cacheIds.get(chainId) ?? sha256(`cache ${chainId}`);
			const size = extract(path.join(root, 'aufs/diff', cacheId), image.layers[index]!);
			sizeBytes += size;
			if (cacheIds.has(chainId)) continue;
			cacheIds.set(chainId, cacheId);
			const layerDb = path.join(root, 'image/aufs/layerdb/sha256', chainId.slice(7));
			write(path.join(layerDb, 'diff'), `sha256:${sha256(tars[index]!)}`);
			write(path.join(layerDb, 'size'), String(size));
			write(path.join(layerDb, 'cache-id'), cacheId);
			if (index > 0) write(path.join(layerDb, 'parent'), chain[index - 1]!);
			write(path.join(layerDb, 'tar-split.json.gz'), tarSplitOf(tars[index]!));
			write(path.join(root, 'aufs/layers', cacheId), chain.slice(0, index).reverse().map(id => cacheIds.get(id)).join('\n'));
			mkdirSync(path.join(root, 'aufs/mnt', cacheId), {recursive: true});
		}

		const config = JSON.stringify({
			architecture: 'amd64', os: 'linux', created: '2026-01-01T00:00:00Z', config: {Cmd: ['sh']},
			rootfs: {type: 'layers', diff_ids: tars.map(tar => `sha256:${sha256(tar)}`)},
			history: image.layers.map((_, index) => ({created_by: `RUN step ${index}`})),
		});
		const id = createHash('sha256').update(config).digest('hex');
		write(path.join(root, 'image/aufs/imagedb/content/sha256', id), config);
		if (image.parent) write(path.join(root, 'image/aufs/imagedb/metadata/sha256', id, 'parent'), image.parent);
		for (const tag of image.tags) (repositories[tag.split(':')[0]!] ??= {})[tag] = `sha256:${id}`;
		written.push({id: `sha256:${id}`, tags: image.tags, sizeBytes});
	}

	write(path.join(root, 'image/aufs/repositories.json'), JSON.stringify({Repositories: repositories}));
	return {images: written, ...writeContainerAndOrphan(root, written[0]!.id, tops[0]!)};
}

function writeContainerAndOrphan(root: string, imageId: string, topLayer: string): Omit<HandRoot, 'images'> {
	const containerId = sha256('container');
	const mountId = sha256('mount');
	write(path.join(root, 'containers', containerId, 'config.v2.json'), JSON.stringify({
		ID: containerId, Name: '/hand', Image: imageId, Driver: 'aufs', State: {Running: false, StartedAt: '2026-01-01T00:00:01Z'},
	}));
	write(path.join(root, 'image/aufs/layerdb/mounts', containerId, 'mount-id'), mountId);
	write(path.join(root, 'image/aufs/layerdb/mounts', containerId, 'init-id'), `${mountId}-init`);
	write(path.join(root, 'image/aufs/layerdb/mounts', containerId, 'parent'), topLayer);
	write(path.join(root, 'aufs/diff', mountId, 'written.txt'), 'x'.repeat(321));
	write(path.join(root, 'aufs/diff', mountId, 'etc/.wh.passwd'), '');
	write(path.join(root, 'aufs/diff', `${mountId}-init`, 'etc/hosts'), '');
	const orphan = sha256('interrupted pull');
	write(path.join(root, 'aufs/diff', orphan, 'left-over.bin'), 'y'.repeat(4567));
	return {containerId, orphan};
}
