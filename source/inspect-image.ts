import {detectBaseImage} from './analysis/base-image.js';
import {type HistoryStep, type LayerEntry} from './analysis/model.js';
import {familiarReference, referenceMatches} from './analysis/reference.js';
import {buildReport, type ImageFacts, type LayerFacts, type Report} from './analysis/report.js';
import {entriesNeedingDigest, type Simulation, simulate} from './analysis/simulate.js';
import {inFile} from './errors.js';
import {type ArchiveFiles, openArchive} from './sources/archive/archive-files.js';
import {type ArchiveImage, listArchiveImages} from './sources/archive/archive-images.js';
import {pairHistory} from './sources/image-config.js';
import {type ProgressListener} from './progress.js';
import {hashEntries} from './sources/layers/hash-contents.js';
import {type ReadLayer, readLayers} from './sources/layers/read-layers.js';
import {version} from './version.js';

export type OpenedArchive = {
	files: ArchiveFiles;
	images: ArchiveImage[];
	/** How to list an image's layers when they are not tar blobs of `files` (a storage root's layer store). */
	readLayers?: (image: ArchiveImage, onProgress?: ProgressListener) => Promise<ReadLayer[]>;
};

export async function openImageArchive(source: string, onProgress?: ProgressListener, platform?: string): Promise<OpenedArchive> {
	const files = await openArchive(source, onProgress);
	try {
		return {files, images: listArchiveImages(files, platform)};
	} catch (error) {
		files.close();
		throw error;
	}
}

export function imageName(image: ArchiveImage): string {
	return image.references[0] ? familiarReference(image.references[0]) : `<none> ${image.id.slice(7, 19)}`;
}

/** The image `--image` names, or the only one; with several and no choice, an error that lists them. */
export function chooseImage(opened: OpenedArchive, wanted?: string): ArchiveImage {
	const {files, images} = opened;
	const identified = (image: ArchiveImage) => ({
		references: image.references, id: image.id, digests: image.manifestDigest ? [image.manifestDigest] : [],
	});
	if (wanted !== undefined) {
		const matches = images.filter(image => referenceMatches(wanted, identified(image)));
		const distinct = [...new Map(matches.map(image => [image.id + (image.platform ?? ''), image])).values()];
		if (distinct.length === 1) return distinct[0]!;
		if (distinct.length > 1) throw inFile(files.label, `--image ${wanted} matches ${distinct.length} images: ${listImages(distinct)}`);
		throw inFile(files.label, `no image matches --image ${wanted}; the archive holds: ${listImages(images)}`);
	}

	if (images.length === 1) return images[0]!;
	throw inFile(files.label, `holds ${images.length} images, pick one with --image: ${listImages(images)}`);
}

export function listImages(images: ArchiveImage[]): string {
	const names = (image: ArchiveImage) => (image.references.length > 1 ? image.references.map(familiarReference).join(' ') : imageName(image));
	return images.map(image => `${names(image)} (${image.id.slice(7, 19)}${image.platform ? `, ${image.platform}` : ''})`).join(', ');
}

export type LoadedImage = {
	image: ArchiveImage;
	layers: ReadLayer[];
	history: HistoryStep[];
	warnings: string[];
};

/** Reads every layer of the chosen image. A layer the archive lacks is an error, unless it is a foreign one. */
export async function loadImage(opened: OpenedArchive, image: ArchiveImage, onProgress?: ProgressListener): Promise<LoadedImage> {
	const diffIds = image.config.rootfs?.diff_ids ?? [];
	for (const blob of image.layers) {
		if (!blob.inArchive && !blob.foreign) throw inFile(opened.files.label, `layer ${blob.index} (${blob.file ?? blob.digest}) is missing from the archive`);
	}

	const warnings: string[] = [];
	if (diffIds.length !== image.layers.length) {
		warnings.push(`the config lists ${diffIds.length} layers but the manifest ${image.layers.length}`);
	}

	const layers = await (opened.readLayers ? opened.readLayers(image, onProgress) : readLayers(opened.files, image, onProgress));
	for (const layer of layers) warnings.push(...layer.listing.warnings);
	const history = pairHistory(image.config, layers.length);
	const layersWithSteps = history.filter(step => step.layerIndex !== undefined).length;
	if (image.config.history && layersWithSteps < layers.length) {
		warnings.push(`the history names ${layersWithSteps} layers but the image has ${layers.length}: later layers have no build step`);
	}

	return {image, layers, history, warnings};
}

export type InspectOptions = {baseLayers?: number; source: string; onProgress?: ProgressListener};

/** The whole account of a loaded image: simulation, the hashes it needs, and the report. */
export async function inspectImage(opened: OpenedArchive, loaded: LoadedImage, options: InspectOptions): Promise<{report: Report; simulation: Simulation}> {
	const entries = loaded.layers.map(layer => layer.listing.entries);
	const simulation = simulate(entries);
	hashEntries(loaded.layers, entriesNeedingDigest(simulation), options.onProgress);
	const warnings = [...loaded.warnings];
	for (const outcome of simulation.outcomes) warnings.push(...outcome.warnings);
	const baseImage = detectBaseImage({
		history: loaded.history,
		layerCount: entries.length,
		override: options.baseLayers,
		sharedPrefixes: sharedPrefixes(opened.images, loaded.image),
	});
	const report = buildReport({
		version,
		source: {path: options.source, layout: loaded.image.layout, compression: opened.files.compression, images: opened.images.length},
		image: imageFacts(loaded.image),
		layerFacts: loaded.layers.map(layerFacts),
		layers: entries,
		history: loaded.history,
		simulation,
		baseImage,
		warnings,
	});
	return {report, simulation};
}

/** The view after layer `upTo` only: no hashing needed. */
export function viewAfter(loaded: LoadedImage, upTo: number): Simulation {
	const entries: LayerEntry[][] = loaded.layers.map(layer => layer.listing.entries);
	return simulate(entries, upTo);
}

function sharedPrefixes(images: ArchiveImage[], image: ArchiveImage): number[] {
	const mine = image.config.rootfs?.diff_ids ?? [];
	return images
		.filter(other => other !== image)
		.map(other => other.config.rootfs?.diff_ids ?? [])
		.filter(theirs => theirs.length > 0 && theirs.length < mine.length && theirs.every((id, index) => mine[index] === id))
		.map(theirs => theirs.length);
}

function layerFacts(layer: ReadLayer): LayerFacts {
	const facts: LayerFacts = {compression: layer.compression, inArchive: layer.blob.inArchive, uncompressedBytes: layer.listing.tarBytes};
	if (layer.blob.digest) facts.digest = layer.blob.digest;
	if (layer.blob.diffId) facts.diffId = layer.blob.diffId;
	if (layer.blob.mediaType) facts.mediaType = layer.blob.mediaType;
	if (layer.blob.storedBytes !== undefined) facts.compressedBytes = layer.blob.storedBytes;
	return facts;
}

function imageFacts(image: ArchiveImage): ImageFacts {
	const {config} = image;
	const inner = config.config ?? {};
	// A multi-platform image in containerd is listed by its index digest, the platform by its manifest's.
	const digests = [...new Set([image.manifestDigest, image.storeId].filter(digest => digest !== undefined))];
	const facts: ImageFacts = {references: image.references, id: image.id, digests, config: {}};
	if (config.created) facts.created = config.created;
	if (config.os) facts.os = config.os;
	if (config.architecture) facts.architecture = config.architecture;
	if (config.variant) facts.variant = config.variant;
	if (config.author) facts.author = config.author;
	if (inner.User) facts.config.user = inner.User;
	if (inner.Env) facts.config.env = inner.Env;
	if (inner.Entrypoint !== undefined) facts.config.entrypoint = inner.Entrypoint;
	if (inner.Cmd !== undefined) facts.config.cmd = inner.Cmd;
	if (inner.WorkingDir) facts.config.workingDir = inner.WorkingDir;
	if (inner.ExposedPorts) facts.config.exposedPorts = Object.keys(inner.ExposedPorts);
	if (inner.Labels) facts.config.labels = inner.Labels;
	return facts;
}
