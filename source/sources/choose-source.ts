/**
 * Where the command line points: one image (an archive, a storage root's image, the engine's socket) or, with no
 * image named, the disk of storage roots. This is the one place that tells sources apart; a new source is a
 * folder beside the others and one branch here.
 */
import {existsSync} from 'node:fs';
import {UserError} from '../errors.js';
import {archivePathOf, archiveSource, isArchiveAlias} from './archive/archive-source.js';
import {type ImageSource} from './image-source.js';

export type SourceRequest = {
	/** `--tar FILE|DIR|-`. */
	tar?: string;
	/** The positional argument: an archive (an existing file or directory, or dive's spelling), else an image reference. */
	positional?: string;
	/** `--image REF`. */
	image?: string;
	/** `--root DIR`, repeated; none: the default roots. */
	roots: string[];
	/** `os/arch[/variant]`. */
	platform?: string;
	/** `--spool-limit`, in bytes. */
	spoolBytes?: number;
};

/** The storage roots of a disk view, and whether they were found by looking (then one that cannot be read is skipped). */
export type DiskRoots = {roots: string[]; found: boolean};

export type Target = {image: ImageSource} | {disk: DiskRoots};

/** Whether the command line names an image at all (otherwise it asks for the disk views). */
export function namesImage(request: SourceRequest): boolean {
	return request.tar !== undefined || request.positional !== undefined || request.image !== undefined;
}

/**
 * Turns the command line into its target, once. Nothing is read yet but the list of default roots. The readers of
 * storage roots and of the engine load only when the command line names them: an archive's run starts faster.
 */
export async function targetOf(request: SourceRequest): Promise<Target> {
	const archive = request.tar ?? (request.positional !== undefined && namesArchive(request.positional) ? request.positional : undefined);
	if (archive !== undefined) {
		if (request.tar !== undefined && request.positional !== undefined) throw new UserError(`--tar ${request.tar} and ${request.positional} name two sources: give one`);
		if (request.roots.length > 0) throw new UserError(`--root and the archive ${archive} name two sources: give one`);
		return {image: archiveSource(archivePathOf(archive), {image: request.image, platform: request.platform, spoolBytes: request.spoolBytes})};
	}

	const reference = request.positional ?? request.image;
	const found = request.roots.length === 0;
	const {findDefaultRoots} = await import('./storage-root/default-roots.js');
	const roots = found ? findDefaultRoots() : request.roots;
	if (!Array.isArray(roots)) return {image: await withoutReadableRoot(reference, roots.denied)};
	if (reference === undefined) return {disk: {roots, found}};
	const {rootImageSource} = await import('./storage-root/root-image-source.js');
	return {image: rootImageSource({roots, reference, lenient: found, platform: request.platform})};
}

/** An argument that is an existing file or directory is an archive or layout, as is one in dive's spelling. */
function namesArchive(argument: string): boolean {
	return isArchiveAlias(argument) || existsSync(argument);
}

/**
 * No default root may be read (or none exists): an image can still come from a running Docker engine, streamed
 * from its socket into the archive analysis; the disk views need the root itself.
 */
async function withoutReadableRoot(reference: string | undefined, denied: string[]): Promise<ImageSource> {
	const {engineSocket} = await import('./engine/engine-socket.js');
	const socket = reference === undefined ? undefined : engineSocket();
	if (reference !== undefined && socket !== undefined) {
		const {engineImageSource} = await import('./engine/engine-source.js');
		return engineImageSource(socket, reference);
	}

	const {defaultRootCandidates} = await import('./storage-root/default-roots.js');
	const {permissionDenied} = await import('./storage-root/storage-root.js');
	if (denied.length > 0) throw permissionDenied(denied.join(', '));
	throw new UserError(`no ${reference === undefined ? 'image given and no' : 'readable'} storage root found (looked in ${defaultRootCandidates().join(', ')}) and no Docker engine socket: use --tar FILE or --root DIR (see --help)`);
}

