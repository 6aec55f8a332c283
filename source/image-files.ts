/**
 * A file of an image as of a layer: where its bytes are, read as a stream, and written out (extracted) into a
 * directory of this machine. The faces (`--extract`, the terminal UI's viewer and `e`) come here; the readers give
 * each layer's `readContents`.
 */
import {constants} from 'node:fs';
import {chmod, type FileHandle, lstat, mkdir, open, symlink, unlink} from 'node:fs/promises';
import {type Readable} from 'node:stream';
import {safePath} from './analysis/display.js';
import {type LayerEntry} from './analysis/model.js';
import {baseName, binaryToText, displayPath, parentOf} from './analysis/paths.js';
import {simulate} from './analysis/simulate.js';
import {type ViewNode} from './analysis/union.js';
import {UserError} from './errors.js';
import {type LoadedImage} from './inspect-image.js';
import {type ContentReader, contentStream} from './sources/layers/entry-content.js';

/** What stands at a path after a layer: a node of the view, or the layer whose whiteout removed it, or nothing. */
export type PathAt = {node: ViewNode} | {removedIn: number} | {missing: true};

/**
 * Looks a path up in the union view after layer `upTo`. `path` is binary (latin1), without the leading `/`; ''
 * is the root. Views are remembered per layer, since a user looks at several files of one layer in a row.
 */
export class ImageFiles {
	private readonly views = new Map<number, ReturnType<typeof simulate>>();

	constructor(readonly loaded: LoadedImage) {}

	get lastLayer(): number {
		return this.loaded.layers.length - 1;
	}

	pathAt(path: string, upTo: number): PathAt {
		const simulation = this.simulationAfter(upTo);
		const node = simulation.view.get(path);
		if (node) return {node};
		for (let layer = Math.min(upTo, this.lastLayer); layer >= 0; layer--) {
			const removed = simulation.outcomes[layer]!.changes.some(change => change.kind === 'removed' && (change.path === path || path.startsWith(`${change.path}/`)));
			if (removed) return {removedIn: layer};
		}

		return {missing: true};
	}

	/** The bytes behind a regular file or a hard link (the bytes of the file it links to), as a stream. */
	openBytes(node: ViewNode): Readable {
		const copy = node.copy;
		if (!copy) throw new Error(`unreachable: ${node.path} is not a regular file`);
		return contentStream(this.contentReader(copy.layer, node), copy.entry);
	}

	/** How to read the contents of layer `layer`, for the file `node` (named if it cannot be read). */
	contentReader(layer: number, node: ViewNode): ContentReader {
		const reader = this.loaded.layers[layer]!.readContents;
		if (!reader) throw new UserError(`${displayPath(node.path)}: layer ${layer} is not in the source (a foreign layer), so its bytes cannot be read`);
		return reader;
	}

	/** Up to `limit` bytes from the start of a file's content. */
	async headOf(node: ViewNode, limit: number): Promise<Buffer> {
		const pieces: Buffer[] = [];
		let length = 0;
		const stream = this.openBytes(node);
		for await (const piece of stream) {
			pieces.push(piece as Buffer);
			length += (piece as Buffer).length;
			if (length >= limit) break;
		}

		stream.destroy();
		return Buffer.concat(pieces).subarray(0, limit);
	}

	private simulationAfter(upTo: number) {
		let simulation = this.views.get(upTo);
		if (!simulation) {
			simulation = simulate(this.loaded.layers.map(layer => layer.listing.entries), upTo);
			this.views.clear(); // one layer's view at a time: a view costs memory in proportion to the files
			this.views.set(upTo, simulation);
		}

		return simulation;
	}
}

/** How an extraction went: what was written, and what was left out and why. */
export type ExtractReport = {files: number; directories: number; links: number; skipped: string[]};

export type ExtractOptions = {
	/** Replace what is already at a destination (the user said so); otherwise an existing name is an error. */
	overwrite?: boolean;
};

/** A regular file (or hard link) to write, and where. */
type FileToWrite = {node: ViewNode; destination: Buffer};

/**
 * Writes a node of the view at `destination` (a path on this machine, the node's own new name), a directory with
 * everything under it: modes kept, symbolic links written as links, hard links as copies of their file's bytes,
 * devices and pipes skipped (named in the report). Every name written is the destination plus names from the view,
 * one component at a time, none of them `.` or `..`, so nothing lands outside it; existing symbolic links on the way
 * are never followed. Directories and links come first; then the files, layer by layer in the layer's own order,
 * so that a compressed layer is read once however many of its files are wanted; directories get their modes last.
 */
export async function extractNode(files: ImageFiles, node: ViewNode, destination: Buffer, options: ExtractOptions = {}): Promise<ExtractReport> {
	const report: ExtractReport = {files: 0, directories: 0, links: 0, skipped: []};
	const toWrite: FileToWrite[] = [];
	const directories: Array<{node: ViewNode; destination: Buffer}> = [];
	await layOut(node, destination, options, {report, toWrite, directories});
	await writeFiles(files, toWrite, options);
	report.files = toWrite.length;
	for (const directory of directories.reverse()) await chmod(directory.destination, directory.node.entry.mode);
	return report;
}

type LayOut = {report: ExtractReport; toWrite: FileToWrite[]; directories: Array<{node: ViewNode; destination: Buffer}>};

async function layOut(node: ViewNode, destination: Buffer, options: ExtractOptions, out: LayOut): Promise<void> {
	if (node.copy) {
		out.toWrite.push({node, destination});
	} else if (node.type === 'dir') {
		await makeDirectory(destination);
		out.directories.push({node, destination});
		out.report.directories++;
		for (const child of [...(node.children?.values() ?? [])].sort((a, b) => (a.path < b.path ? -1 : 1))) {
			const name = baseName(child.path);
			if (name === '' || name === '.' || name === '..' || parentOf(child.path) !== node.path) {
				out.report.skipped.push(`${safePath(child.path)}: not a plain name, not extracted`);
				continue;
			}

			await layOut(child, Buffer.concat([destination, Buffer.from('/'), Buffer.from(name, 'latin1')]), options, out);
		}
	} else if (node.type === 'symlink') {
		await replaceable(destination, options, async () => symlink(Buffer.from(node.entry.linkTarget ?? '', 'latin1'), destination));
		out.report.links++;
	} else {
		out.report.skipped.push(`${safePath(node.path)}: ${describeType(node.type)}, not extracted`);
	}
}

/** A new directory, or one already there that is really a directory (not a link to one). */
async function makeDirectory(destination: Buffer): Promise<void> {
	try {
		await mkdir(destination, {mode: 0o700});
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw destinationError(destination, error);
		const existing = await lstat(destination);
		if (!existing.isDirectory()) throw new UserError(`${showName(destination)} exists and is not a directory; not overwritten`);
	}
}

/** The files, grouped by the layer that holds their bytes; names sharing one copy (hard links) are written together. */
async function writeFiles(files: ImageFiles, toWrite: FileToWrite[], options: ExtractOptions): Promise<void> {
	const byLayer = new Map<number, Map<LayerEntry, FileToWrite[]>>();
	for (const file of toWrite) {
		const {layer, entry} = file.node.copy!;
		const byEntry = byLayer.get(layer) ?? new Map<LayerEntry, FileToWrite[]>();
		byLayer.set(layer, byEntry);
		byEntry.set(entry, [...(byEntry.get(entry) ?? []), file]);
	}

	for (const [layer, byEntry] of [...byLayer].sort(([a], [b]) => a - b)) {
		const read = files.contentReader(layer, [...byEntry.values()][0]![0]!.node);
		let open: {entry: LayerEntry; handles: FileHandle[]} | undefined;
		try {
			for await (const piece of read([...byEntry.keys()])) {
				if (open?.entry !== piece.entry) open = {entry: piece.entry, handles: await openAll(byEntry.get(piece.entry)!, options)};
				for (const handle of open.handles) await handle.write(piece.bytes);
				if (piece.end) {
					await closeAll(open.handles);
					open = undefined;
				}
			}
		} finally {
			if (open) await closeAll(open.handles);
		}
	}
}

async function openAll(files: FileToWrite[], options: ExtractOptions): Promise<FileHandle[]> {
	const flags = constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW | (options.overwrite ? constants.O_TRUNC : constants.O_EXCL);
	const handles: FileHandle[] = [];
	try {
		for (const {node, destination} of files) {
			const handle = await openNew(destination, flags);
			handles.push(handle);
			await handle.chmod(node.entry.mode);
		}
	} catch (error) {
		await closeAll(handles);
		throw error;
	}

	return handles;
}

async function closeAll(handles: FileHandle[]): Promise<void> {
	await Promise.all(handles.map(async handle => handle.close()));
}

async function openNew(destination: Buffer, flags: number): Promise<FileHandle> {
	try {
		return await open(destination, flags, 0o600);
	} catch (error) {
		throw destinationError(destination, error);
	}
}

/** Runs `create`; a name already there is an error, or, with `overwrite`, is removed first (never followed). */
async function replaceable(destination: Buffer, options: ExtractOptions, create: () => Promise<void>): Promise<void> {
	try {
		await create();
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !options.overwrite) throw destinationError(destination, error);
		await unlink(destination);
		await create();
	}
}

function destinationError(destination: Buffer, error: unknown): UserError {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EEXIST') return new UserError(`${showName(destination)} already exists; not overwritten`);
	if (code === 'ELOOP') return new UserError(`${showName(destination)} is a symbolic link; not followed`);
	return new UserError(`${showName(destination)}: ${(error as Error).message.replace(/^[A-Z]+: /, '').split(',')[0]}`);
}

/** Unescaped: error messages are escaped where they are shown (cli.tsx, the browser's status line). */
function showName(destination: Buffer): string {
	return binaryToText(destination.toString('latin1'));
}

export function describeType(type: ViewNode['type']): string {
	const names: Record<ViewNode['type'], string> = {
		file: 'a regular file', dir: 'a directory', symlink: 'a symbolic link', hardlink: 'a hard link',
		char: 'a character device', block: 'a block device', fifo: 'a named pipe',
	};
	return names[type];
}
