import {escapeControl} from '../../display/text.js';
import {referenceMatches} from '../../analysis/reference.js';
import {UserError} from '../../errors.js';
import {type GateFlags} from '../../gate/config.js';
import {type OpenedArchive} from '../../inspect-image.js';
import {type Mode} from '../../mode.js';
import {runDisk} from '../../faces/disk-overview.js';
import {runReport} from '../../faces/report.js';
import {openArchiveStream} from '../archive/archive-files.js';
import {type ArchiveImage} from '../archive/archive-images.js';
import {defaultRootCandidates, findDefaultRoots} from './default-roots.js';
import {connectEngine, engineSocket, saveImage} from '../engine/engine-socket.js';
import {listArchiveImages} from '../archive/archive-images.js';
import {openRootImages} from './open-root.js';
import {permissionDenied} from './storage-root.js';

export type StorageOptions = {
	roots: string[];
	/** An image by name, short or full id, or digest; without one, the disk overview. */
	image?: string;
	/** `os/arch[/variant]` of a multi-platform image; default the host's. */
	platform?: string;
	mode: Mode;
	/** `--ci` given (not only CI=true): the disk overview has no gate, so that is an error there. */
	explicitCi: boolean;
	json?: string;
	layer?: number;
	baseLayers?: number;
	gateFlags: GateFlags;
};

/** The storage-root faces: the disk overview, or one image of a root opened in the same analysis as archives. */
export async function runStorage(options: StorageOptions): Promise<number> {
	if (options.image === undefined && (options.mode === 'list' || options.explicitCi)) {
		throw new UserError(`--${options.mode === 'list' ? 'list' : 'ci'} needs an image: name one (layerscope --root DIR IMAGE) or use --tar FILE`);
	}

	const roots = options.roots.length > 0 ? options.roots : findDefaultRoots();
	if (!Array.isArray(roots)) return runWithoutRoot(options, roots);
	if (options.image === undefined && options.mode === 'tui') {
		const {runDiskTui} = await import('../../faces/disk-tui.js');
		return runDiskTui(roots, options.roots.length === 0);
	}

	if (options.image === undefined) return runDisk({roots, found: options.roots.length === 0, ...(options.json === undefined ? {} : {json: options.json})});
	const {opened, id} = findImage(roots, options.image, options.roots.length === 0, options.platform);
	return reportImage(options, opened, id);
}

async function reportImage(options: StorageOptions, opened: OpenedArchive, image: string): Promise<number> {
	const common = {tar: opened.files.label, image, json: options.json, baseLayers: options.baseLayers, opened};
	if (options.mode === 'ci') {
		const {runGate} = await import('../../faces/gate.js');
		return runGate({...common, flags: options.gateFlags});
	}

	if (options.mode === 'tui') {
		const {runTui} = await import('../../faces/tui.js');
		return runTui({tar: opened.files.label, image, ...(options.baseLayers === undefined ? {} : {baseLayers: options.baseLayers}), opened});
	}

	return runReport({...common, mode: options.mode, layer: options.layer});
}

/**
 * No default root may be read (or none exists): an image can still come from a running Docker engine, streamed
 * from its socket into the archive analysis; the disk overview needs the root itself.
 */
async function runWithoutRoot(options: StorageOptions, roots: {denied: string[]}): Promise<number> {
	const socket = options.image === undefined ? undefined : engineSocket();
	if (options.image === undefined || socket === undefined) {
		if (roots.denied.length > 0) throw permissionDenied(roots.denied.join(', '));
		throw new UserError(`no ${options.image === undefined ? 'image given and no' : 'readable'} storage root found (looked in ${defaultRootCandidates().join(', ')}) and no Docker engine socket: use --tar FILE or --root DIR (see --help)`);
	}

	const engine = await connectEngine(socket);
	process.stderr.write(`layerscope: no storage root readable; reading ${escapeControl(options.image)} from the Docker engine at ${socket} (API ${engine.apiVersion})\n`);
	const files = await openArchiveStream(await saveImage(engine, options.image), `${options.image} from ${socket}`);
	const images = listArchiveImages(files);
	// The engine saved exactly the image asked for; runReport closes the spooled copy.
	return reportImage(options, {files, images}, images.length === 1 ? images[0]!.id : options.image);
}

function digestsOf(references: string[]): string[] {
	return references.filter(reference => reference.includes('@')).map(reference => reference.slice(reference.indexOf('@') + 1));
}

/** Opens a root's stores; a root found by looking that cannot be read is passed over, a named one is an error. */
function openOrSkip(root: string, lenient: boolean, platform?: string): OpenedArchive[] {
	try {
		return openRootImages(root, platform);
	} catch (error) {
		if (lenient && error instanceof UserError) return [];
		throw error;
	}
}

/**
 * Searches every root for the image; exactly one image (by id) may match. The result opens in the archive
 * analysis as it is (`loadImage`, `inspectImage`, the browser's model). `lenient`: roots found by looking.
 */
export function findImage(roots: string[], wanted: string, lenient: boolean, platform?: string): {opened: OpenedArchive; id: string} {
	const found: Array<{opened: OpenedArchive; id: string}> = [];
	const seenStores = new Set<string>();
	for (const opened of roots.flatMap(root => openOrSkip(root, lenient, platform))) {
		// A Docker root and the system containerd root it uses open the same namespace: search it once.
		if (seenStores.has(opened.files.label)) {
			opened.files.close();
			continue;
		}

		seenStores.add(opened.files.label);
		// containerd lists an image by its target digest, which the short id and `@digest` queries name.
		const identity = (image: ArchiveImage) => ({
			references: image.references, id: image.storeId ?? image.id,
			digests: [...digestsOf(image.references), ...(image.storeId ? [image.storeId] : []), ...(image.manifestDigest ? [image.manifestDigest] : [])],
		});
		const matching = (query: string) => new Set(opened.images
			.filter(image => referenceMatches(query, identity(image)) || (image.storeId !== undefined && referenceMatches(query, {references: [], id: image.id, digests: []})))
			.map(image => image.id));
		// podman resolves a short name against its local images first: `lab/app` is `localhost/lab/app`.
		let matches = matching(wanted);
		if (matches.size === 0 && opened.images.some(image => image.layout === 'containers-storage')) matches = matching(`localhost/${wanted}`);
		for (const id of matches) found.push({opened, id});
		if (matches.size === 0) opened.files.close();
	}

	// The same image in several roots (pulled into Docker and podman alike) is one image: the first root's copy.
	if (found.length > 0 && found.every(({id}) => id === found[0]!.id)) {
		for (const {opened} of found.slice(1)) opened.files.close();
		// Base-image detection compares with the other images: named ones only, not the legacy builder's step images.
		const {opened, id} = found[0]!;
		return {opened: {...opened, images: opened.images.filter(image => image.id === id || image.references.length > 0)}, id};
	}

	for (const {opened} of found) opened.files.close();
	if (found.length === 0) throw new UserError(`no image ${wanted}${platform ? ` for platform ${platform}` : ''} in ${roots.join(', ')}`);
	throw new UserError(`${wanted} names ${found.length} images: ${found.map(({opened, id}) => `${id.slice(7, 19)} in ${opened.files.label}`).join(', ')}; give more of the id, or pick a root with --root DIR`);
}
