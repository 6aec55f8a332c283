import {hash} from 'node:crypto';
import {closeSync, constants, createReadStream, fstatSync, openSync, readSync, realpathSync} from 'node:fs';
import {Readable} from 'node:stream';
import {type ImageRecord} from '../../analysis/disk-records.js';
import {limits} from '../../analysis/limits.js';
import {type LayerEntry, type LayerListing} from '../../analysis/model.js';
import {familiarReference} from '../../analysis/reference.js';
import {inFile} from '../../errors.js';
import {type ProgressListener} from '../../progress.js';
import {type ImageConfig} from '../image-config.js';
import {type ImageLayout, type OpenedImages, type ReadLayer, type SourceImage} from '../image-source.js';
import {contentsOneByOne} from '../layers/entry-content.js';
import {type FileRange, hashFileBytes, windowBytes} from '../layers/file-range.js';
import {type DriverLayout} from './driver-layout.js';
import {listLayerDirectory, type WhiteoutStyle} from './layer-directory.js';
import {RootFiles} from './root-files.js';
import {type StorageRoot} from './storage-root.js';
import {listTarSplit} from './tar-split.js';

/** Where one layer of a stored image is: its tar-split and the directory holding its files (root-relative). */
export type StoredLayer = {
	tarSplit: string;
	files: string;
	/** How the driver marks deletions in `files`; absent when `files` is a full copy (vfs) and cannot be listed. */
	whiteouts?: WhiteoutStyle;
};

/** How a driver that keeps only a layer's changes marks deletions; nothing for full copies (vfs). */
export function whiteoutsOf(layout: DriverLayout): {whiteouts?: WhiteoutStyle} {
	if (!layout.changesOnly) return {};
	return {whiteouts: layout.driver === 'aufs' ? 'aufs' : 'overlay'};
}

/** A stored image to open: its record with config, where each layer is, and how the report names the store. */
export type StoredImage = {
	record: ImageRecord & {config: ImageConfig; configFile: string};
	layers: StoredLayer[];
	layout: ImageLayout;
};

function sourceImageOf({record, layers, layout}: StoredImage): SourceImage {
	const diffIds = record.config.rootfs?.diff_ids ?? [];
	const image: SourceImage = {
		references: [...record.repoTags, ...record.repoDigests].map(familiarReference),
		id: record.id,
		configFile: record.configFile,
		config: record.config,
		layers: layers.map((layer, index) => ({
			index, file: layer.tarSplit, inArchive: true, foreign: false, ...(diffIds[index] ? {diffId: diffIds[index]} : {}),
		})),
		layout,
	};
	const digest = record.repoDigests[0]?.split('@')[1];
	if (digest) image.manifestDigest = digest;
	return image;
}

/**
 * sha256 of a layer file's content, read from the driver directory: no symlink is followed on the way, and a file
 * that is not the regular file of the recorded size (changed or gone) gives undefined.
 */
export function digestInDirectory(directory: string, entry: LayerEntry, insideByParent = new Map<string, boolean>()): string | undefined {
	const file = Buffer.concat([Buffer.from(`${directory}/`), Buffer.from(entry.path, 'latin1')]);
	let fd: number | undefined;
	try {
		if (!parentInside(directory, file, insideByParent)) return undefined;
		fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
		const stats = fstatSync(fd);
		if (!stats.isFile() || stats.size !== entry.size) return undefined;
		const range: FileRange = {fd, start: 0, length: stats.size, label: file.toString('latin1')};
		if (stats.size > windowBytes) return hashFileBytes(range, 0, stats.size, Buffer.allocUnsafe(windowBytes));
		const buffer = Buffer.allocUnsafe(stats.size);
		let done = 0;
		while (done < buffer.length) {
			const n = readSync(fd, buffer, done, buffer.length - done, done);
			if (n === 0) return undefined;
			done += n;
		}

		return hash('sha256', buffer, 'hex');
	} catch {
		return undefined;
	} finally {
		if (fd !== undefined) closeSync(fd);
	}
}

/**
 * A layer file's content streamed from the driver directory, under the same rules as `digestInDirectory`: a file
 * that is not the regular file of the recorded size is an error that names it.
 */
export function contentInDirectory(directory: string, entry: LayerEntry, insideByParent = new Map<string, boolean>()): Readable {
	const file = Buffer.concat([Buffer.from(`${directory}/`), Buffer.from(entry.path, 'latin1')]);
	const name = file.toString('latin1');
	if (!parentInside(directory, file, insideByParent)) throw inFile(name, 'its directory leads out of the layer');
	const fd = openSync(file, constants.O_RDONLY | constants.O_NOFOLLOW);
	const stats = fstatSync(fd);
	if (!stats.isFile() || stats.size !== entry.size) {
		closeSync(fd);
		throw inFile(name, `is not the ${entry.size}-byte file the layer records (changed since?)`);
	}

	if (stats.size === 0) {
		closeSync(fd);
		return Readable.from([]);
	}

	return createReadStream('', {fd, highWaterMark: 256 * 1024});
}

/** Whether the file's directory, symlinks resolved, is inside `directory`; remembered per directory. */
function parentInside(directory: string, file: Buffer, insideByParent: Map<string, boolean>): boolean {
	const parent = file.subarray(0, file.lastIndexOf(0x2f));
	const key = parent.toString('latin1');
	let inside = insideByParent.get(key);
	if (inside === undefined) {
		const real = realpathSync(parent, {encoding: 'buffer'}).toString('latin1');
		inside = real === directory || real.startsWith(`${directory}/`);
		insideByParent.set(key, inside);
	}

	return inside;
}

/** From the tar-split when there is one; otherwise from the layer's own directory, where the driver allows it. */
async function listStoredLayer(root: StorageRoot, {tarSplit, whiteouts}: StoredLayer, directory: string, index: number): Promise<LayerListing> {
	const inflated = root.gunzip(tarSplit, {base: limits.tarSplitBaseBytes, ratio: limits.tarSplitRatio});
	if (inflated !== undefined) return listTarSplit(inflated, `${root.path}/${tarSplit}`);
	if (whiteouts) return listLayerDirectory(directory, whiteouts);
	throw inFile(root.path, `layer ${index} has no tar-split (${tarSplit}), and a full-copy (vfs) layer directory cannot stand in for it`);
}

async function readStoredLayers(root: StorageRoot, stored: StoredLayer[], image: SourceImage, onProgress?: ProgressListener): Promise<ReadLayer[]> {
	const layers: ReadLayer[] = [];
	for (const blob of image.layers) {
		onProgress?.({phase: 'reading layers', bytesDone: 0, bytesTotal: 0, layersDone: layers.length, layersTotal: image.layers.length});
		const {files} = stored[blob.index]!;
		const directory = root.directory(files);
		if (directory === undefined) throw inFile(root.path, `layer ${blob.index}: ${files} is missing or reached through a symlink`);
		const listing = await listStoredLayer(root, stored[blob.index]!, directory, blob.index);
		const insideByParent = new Map<string, boolean>();
		layers.push({
			blob, listing, compression: 'none',
			digestOf: entry => digestInDirectory(directory, entry, insideByParent),
			readContents: contentsOneByOne(entry => contentInDirectory(directory, entry, insideByParent)),
		});
	}

	return layers;
}

/** A storage root's images opened like an archive: each layer listed from its tar-split, bodies read in place. */
export function openStoredImages(root: StorageRoot, stored: StoredImage[]): OpenedImages {
	const loadable = stored.filter(image => image.record.broken === undefined);
	const layersById = new Map(loadable.map(image => [image.record.id, image.layers]));
	const files = new RootFiles(root);
	return {
		files,
		label: files.label,
		images: loadable.map(image => sourceImageOf(image)),
		readLayers: async (image, onProgress) => readStoredLayers(root, layersById.get(image.id)!, image, onProgress),
		close: () => files.close(),
	};
}
