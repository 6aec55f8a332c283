import {createHash} from 'node:crypto';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {gzipSync} from 'node:zlib';
import tarStream from 'tar-stream';
import {afterAll} from 'vitest';

/** One entry of a tar built in a test. Content is a string or bytes; `type` defaults to a file. */
export type TarSpec = {
	name: string;
	type?: 'file' | 'directory' | 'symlink' | 'link' | 'character-device' | 'fifo';
	content?: string | Buffer;
	mode?: number;
	uid?: number;
	gid?: number;
	linkname?: string;
	pax?: Record<string, string>;
};

/** Builds a tar in memory with tar-stream's packer (tests only: archives here are tiny). */
export async function makeTar(specs: TarSpec[]): Promise<Buffer> {
	const pack = tarStream.pack();
	const chunks: Buffer[] = [];
	pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
	const ended = new Promise<void>(resolve => pack.on('end', () => resolve()));
	for (const spec of specs) {
		const type = spec.type ?? 'file';
		const content = spec.content === undefined ? undefined : Buffer.from(spec.content);
		const header: Partial<tarStream.Header> & {name: string} = {
			name: spec.name, type, mode: spec.mode ?? (type === 'directory' ? 0o755 : 0o644),
			uid: spec.uid ?? 0, gid: spec.gid ?? 0, mtime: new Date(1_700_000_000_000),
		};
		if (spec.linkname !== undefined) header.linkname = spec.linkname;
		if (spec.pax) header.pax = spec.pax;
		if (type === 'file') header.size = content?.length ?? 0;
		await new Promise<void>((resolve, reject) => {
			const done = (error?: Error | null) => (error ? reject(error) : resolve());
			if (type === 'file') pack.entry(header as tarStream.Header, content ?? Buffer.alloc(0), done);
			else pack.entry(header as tarStream.Header, done);
		});
	}

	pack.finalize();
	await ended;
	return Buffer.concat(chunks);
}

export function sha256(data: Buffer | string): string {
	return createHash('sha256').update(data).digest('hex');
}

export type ImageSpec = {
	tags?: string[];
	layers: TarSpec[][];
	/** History rows; defaults to one `RUN step N` per layer. */
	history?: Array<{created_by?: string; empty_layer?: boolean}>;
	gzipLayers?: boolean;
};

/** A `docker save` archive in the legacy layout (`<id>/layer.tar`, manifest.json), built in code. */
export async function makeDockerArchive(images: ImageSpec[], extra: TarSpec[] = []): Promise<Buffer> {
	const files: TarSpec[] = [];
	const manifest: unknown[] = [];
	for (const image of images) {
		const layerFiles: string[] = [];
		const diffIds: string[] = [];
		for (const specs of image.layers) {
			const tar = await makeTar(specs);
			const diffId = `sha256:${sha256(tar)}`;
			const id = sha256(`${diffId}${layerFiles.length}`);
			const blob = image.gzipLayers ? gzipSync(tar) : tar;
			if (!files.some(file => file.name === `${id}/layer.tar`)) files.push({name: `${id}/layer.tar`, content: blob});
			layerFiles.push(`${id}/layer.tar`);
			diffIds.push(diffId);
		}

		const config = JSON.stringify({
			architecture: 'amd64', os: 'linux', created: '2026-01-01T00:00:00Z',
			config: {Cmd: ['sh']},
			rootfs: {type: 'layers', diff_ids: diffIds},
			history: image.history ?? image.layers.map((_, index) => ({created_by: `RUN step ${index}`})),
		});
		const configName = `${sha256(config)}.json`;
		files.push({name: configName, content: config});
		manifest.push({Config: configName, RepoTags: image.tags ?? null, Layers: layerFiles});
	}

	files.push({name: 'manifest.json', content: JSON.stringify(manifest)}, ...extra);
	return makeTar(files);
}

const temporaryDirectories: string[] = [];

/**
 * A fresh directory under the system's temporary folder, removed with everything in it once the tests of the
 * file that made it have run.
 */
export function temporaryDirectory(): string {
	const directory = mkdtempSync(path.join(tmpdir(), 'layerscope-test-'));
	temporaryDirectories.push(directory);
	return directory;
}

// Registered on the test file that imports this module: vitest runs each test file with its own module instances.
afterAll(() => {
	for (const directory of temporaryDirectories.splice(0)) rmSync(directory, {recursive: true, force: true});
});

/** Writes bytes to a file in a fresh temporary directory and returns its path. */
export function writeTemporary(name: string, data: Buffer | string): string {
	const file = path.join(temporaryDirectory(), name);
	writeFileSync(file, data);
	return file;
}
