import {createHash} from 'node:crypto';
import {BufferedFile, HashingSink} from './buffered-file.js';
import {type ByteSink, ContentPool} from './content-pool.js';
import {fileSize, type ImagePlan, type PlannedEntry, type PlannedLayer} from './image-plan.js';
import {endOfArchive, entryBytes, writeEntry} from './ustar-writer.js';

export type WrittenArchive = {bytes: number; layers: number; entries: number};

const repository = 'layerscope-bench/generated';

/**
 * Writes a plan as a legacy `docker save` archive (`<id>/layer.tar`, `<config>.json`, `manifest.json`) in one
 * streaming pass: each layer's length is known from the plan, so its tar is written straight into the outer one
 * and hashed on the way for its diff ID. Contents come from the pool and are never held whole.
 */
export function writeDockerArchive(
	plan: ImagePlan, seed: number, destination: string, onBytes: (done: number, total: number) => void,
): WrittenArchive {
	const pool = new ContentPool(seed);
	const out = new BufferedFile(destination);
	try {
		const total = plan.layers.reduce((sum, layer) => sum + layerTarBytes(plan, layer), 0);
		let written = 0;
		const diffIds: string[] = [];
		const layerFiles: string[] = [];
		let parent: string | undefined;
		for (const [index, layer] of plan.layers.entries()) {
			const id = sha256Hex(`layerscope-bench ${seed} layer ${index}`);
			writeSmallFile(out, `${id}/VERSION`, '1.0', {directory: `${id}`});
			writeSmallFile(out, `${id}/json`, JSON.stringify({id, parent, created: '2026-01-01T00:00:00Z', os: 'linux'}));
			const size = layerTarBytes(plan, layer);
			writeEntry(out, {name: `${id}/layer.tar`, type: 'file', size}, sink => {
				const hashing = new HashingSink(sink);
				writeLayerTar(plan, layer, pool, hashing, bytes => onBytes(written + bytes, total));
				if (hashing.bytes !== size) throw new Error(`layer ${index}: wrote ${hashing.bytes} bytes, planned ${size}`);
				diffIds.push(hashing.digest());
			});
			written += size;
			layerFiles.push(`${id}/layer.tar`);
			parent = id;
		}

		const config = JSON.stringify(imageConfig(plan, diffIds));
		const configFile = `${sha256Hex(config)}.json`;
		writeSmallFile(out, configFile, config);
		writeSmallFile(out, 'manifest.json', JSON.stringify([{Config: configFile, RepoTags: [`${repository}:latest`], Layers: layerFiles}]));
		writeSmallFile(out, 'repositories', JSON.stringify({[repository]: {latest: parent}}));
		out.write(endOfArchive);
		out.commit();
		return {bytes: out.bytesWritten, layers: plan.layers.length, entries: plan.layers.reduce((sum, layer) => sum + layer.entries.length, 0)};
	} catch (error) {
		out.abandon();
		throw error;
	}
}

/** Length of a layer's tar as this writer lays it out. */
export function layerTarBytes(plan: ImagePlan, layer: PlannedLayer): number {
	return layer.entries.reduce((sum, entry) => sum + entryBytes(entry.kind === 'file' ? fileSize(plan, entry) : 0), endOfArchive.length);
}

function writeLayerTar(plan: ImagePlan, layer: PlannedLayer, pool: ContentPool, sink: HashingSink, onBytes: (done: number) => void): void {
	let reportedAt = 0;
	for (const entry of layer.entries) {
		writePlannedEntry(plan, entry, pool, sink);
		if (sink.bytes - reportedAt > 64 * 1024 * 1024) {
			reportedAt = sink.bytes;
			onBytes(sink.bytes);
		}
	}

	sink.write(endOfArchive);
	onBytes(sink.bytes);
}

function writePlannedEntry(plan: ImagePlan, entry: PlannedEntry, pool: ContentPool, sink: ByteSink): void {
	switch (entry.kind) {
		case 'dir': {
			writeEntry(sink, {name: entry.path, type: 'dir', mode: entry.mode});
			break;
		}

		case 'symlink': {
			writeEntry(sink, {name: entry.path, type: 'symlink', mode: 0o777, linkname: entry.target});
			break;
		}

		case 'file': {
			const size = fileSize(plan, entry);
			writeEntry(sink, {name: entry.path, type: 'file', mode: entry.mode, size}, body => {
				pool.write(body, entry.content, size);
			});
			break;
		}
	}
}

function writeSmallFile(out: ByteSink, name: string, text: string, options: {directory?: string} = {}): void {
	if (options.directory) writeEntry(out, {name: options.directory, type: 'dir'});
	const bytes = Buffer.from(text, 'utf8');
	writeEntry(out, {name, type: 'file', size: bytes.length}, body => {
		body.write(bytes);
	});
}

function imageConfig(plan: ImagePlan, diffIds: string[]): unknown {
	return {
		architecture: 'amd64',
		os: 'linux',
		created: '2026-01-01T00:00:00Z',
		config: {Env: ['PATH=/usr/local/bin:/usr/bin:/bin'], Cmd: ['/bin/sh'], WorkingDir: '/app'},
		rootfs: {type: 'layers', diff_ids: diffIds},
		history: [
			...plan.layers.slice(0, 1).map(layer => ({created: '2026-01-01T00:00:00Z', created_by: layer.createdBy})),
			{created: '2026-01-01T00:00:00Z', created_by: '/bin/sh -c #(nop) CMD ["bash"]', empty_layer: true},
			...plan.layers.slice(1).map(layer => ({created: '2026-01-01T00:00:00Z', created_by: layer.createdBy})),
		],
	};
}

function sha256Hex(text: string): string {
	return createHash('sha256').update(text).digest('hex');
}
