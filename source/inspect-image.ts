/**
 * The model step between a source and the faces: an opened source's image read into layers, simulated and
 * accounted for. The faces call these; they never read a source themselves.
 */
import {detectBaseImage} from './analysis/base-image.js';
import {limits} from './analysis/limits.js';
import {type HistoryStep, type LayerEntry} from './analysis/model.js';
import {familiarReference, referenceMatches} from './analysis/reference.js';
import {type ImageFacts, type LayerFacts, type Report, reporting} from './analysis/report.js';
import {choosingEntriesToHash, simulate, simulating, type Simulation} from './analysis/simulate.js';
import {runInSlices} from './analysis/steps.js';
import {inFile} from './errors.js';
import {type ProgressListener} from './progress.js';
import {pairHistory} from './sources/image-config.js';
import {type ImageSource, type OpenedImages, type ReadLayer, type SourceImage} from './sources/image-source.js';
import {hashing} from './sources/layers/hash-contents.js';
import {closeQuietly, progressLine} from './terminal.js';
import {version} from './version.js';

export function imageName(image: SourceImage): string {
	return image.references[0] ? familiarReference(image.references[0]) : `<none> ${image.id.slice(7, 19)}`;
}

/** The image the source names (`--image`, or found by name), or the only one; with several and no choice, an error that lists them. */
export function chooseImage(opened: OpenedImages, wanted = opened.wanted): SourceImage {
	const {files, images} = opened;
	const identified = (image: SourceImage) => ({
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

export function listImages(images: SourceImage[]): string {
	const names = (image: SourceImage) => (image.references.length > 1 ? image.references.map(familiarReference).join(' ') : imageName(image));
	return images.map(image => `${names(image)} (${image.id.slice(7, 19)}${image.platform ? `, ${image.platform}` : ''})`).join(', ');
}

export type LoadedImage = {
	image: SourceImage;
	layers: ReadLayer[];
	history: HistoryStep[];
	warnings: string[];
};

/** Reads every layer of the chosen image. A layer the archive lacks is an error, unless it is a foreign one. */
export async function loadImage(opened: OpenedImages, image: SourceImage, onProgress?: ProgressListener): Promise<LoadedImage> {
	const diffIds = image.config.rootfs?.diff_ids ?? [];
	if (image.layers.length > limits.layersPerImage) {
		throw inFile(opened.files.label, `the image lists ${image.layers.length} layers, more than the ${limits.layersPerImage} layerscope reads (engines stop at 128)`);
	}

	for (const blob of image.layers) {
		if (!blob.inArchive && !blob.foreign) throw inFile(opened.files.label, `layer ${blob.index} (${blob.file ?? blob.digest}) is missing from the archive`);
	}

	const warnings: string[] = [];
	if (diffIds.length !== image.layers.length) {
		warnings.push(`the config lists ${diffIds.length} layers but the manifest ${image.layers.length}`);
	}

	const layers = await opened.readLayers(image, onProgress);
	for (const layer of layers) warnings.push(...layer.listing.warnings);
	const history = pairHistory(image.config, layers.length);
	const layersWithSteps = history.filter(step => step.layerIndex !== undefined).length;
	if (image.config.history && layersWithSteps < layers.length) {
		warnings.push(`the history names ${layersWithSteps} layers but the image has ${layers.length}: later layers have no build step`);
	}

	return {image, layers, history, warnings};
}

export type InspectOptions = {baseLayers?: number; onProgress?: ProgressListener};

/**
 * The whole account of a loaded image: simulation, the hashes it needs, and the report. The work runs in slices
 * that let the event loop in, so that a key or a signal is answered at once however large the image.
 */
export async function inspectImage(opened: OpenedImages, loaded: LoadedImage, options: InspectOptions = {}): Promise<{report: Report; simulation: Simulation}> {
	const entries = loaded.layers.map(layer => layer.listing.entries);
	const simulation = await runInSlices(simulating(entries));
	const wanted = await runInSlices(choosingEntriesToHash(simulation));
	await runInSlices(hashing(loaded.layers, wanted, options.onProgress));
	const warnings = [...loaded.warnings];
	for (const outcome of simulation.outcomes) warnings.push(...outcome.warnings);
	const baseImage = detectBaseImage({
		history: loaded.history,
		layerCount: entries.length,
		override: options.baseLayers,
		sharedPrefixes: sharedPrefixes(opened.images, loaded.image),
	});
	const report = await runInSlices(reporting({
		version,
		source: {path: opened.label, layout: loaded.image.layout, compression: opened.files.compression, images: opened.images.length},
		image: imageFacts(loaded.image),
		layerFacts: loaded.layers.map(layerFacts),
		layers: entries,
		history: loaded.history,
		simulation,
		baseImage,
		warnings,
	}));
	return {report, simulation};
}

/** Loads the image and accounts for it: what the report faces need. */
export async function analyseImage(opened: OpenedImages, image: SourceImage, options: InspectOptions = {}): Promise<{report: Report; simulation: Simulation}> {
	const loaded = await loadImage(opened, image, options.onProgress);
	return inspectImage(opened, loaded, options);
}

/**
 * Opens the source with a progress line on stderr, lets `read` take what it needs of the chosen image, then ends
 * the line and closes the source, whatever happens: the faces that print write only after this returns.
 */
export async function readChosenImage<T>(source: ImageSource, read: (opened: OpenedImages, image: SourceImage, onProgress: ProgressListener) => Promise<T>): Promise<T> {
	const progress = progressLine();
	let opened: OpenedImages | undefined;
	try {
		opened = await source.open(progress.update);
		return await read(opened, chooseImage(opened), progress.update);
	} finally {
		progress.done();
		closeQuietly(opened);
	}
}

/** The view after layer `upTo` only: no hashing needed. */
export function viewAfter(loaded: LoadedImage, upTo: number): Simulation {
	const entries: LayerEntry[][] = loaded.layers.map(layer => layer.listing.entries);
	return simulate(entries, upTo);
}

function sharedPrefixes(images: SourceImage[], image: SourceImage): number[] {
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

function imageFacts(image: SourceImage): ImageFacts {
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
