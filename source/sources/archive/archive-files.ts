import {closeSync, constants, createReadStream, createWriteStream, fstatSync, lstatSync, mkdtempSync, openSync, readSync, realpathSync, rmSync, statSync} from 'node:fs';
import {Socket} from 'node:net';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable, Transform} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {describeBytes, limits} from '../../analysis/limits.js';
import {normalizeEntryPath, parentOf} from '../../analysis/paths.js';
import {inFile, UserError} from '../../errors.js';
import {type ProgressListener} from '../../progress.js';
import {type SourceFiles} from '../image-source.js';
import {type BombBound, type Compression, decompressStream, sniffCompression} from '../layers/decompress.js';
import {type FileRange} from '../layers/file-range.js';
import {tarHeaders} from '../layers/tar-walk.js';

/** Reads and parses a JSON file of the archive, with errors that name the archive and the file. */
export function readJson(files: SourceFiles, file: string): unknown {
	if (!files.has(file)) throw inFile(files.label, `${file} is missing`);
	const size = files.size(file);
	if (size > limits.jsonDocumentBytes) throw inFile(files.label, `${file} is ${size} bytes, more than the ${describeBytes(limits.jsonDocumentBytes)} layerscope reads of a JSON document`);
	const range = files.range(file);
	const buffer = Buffer.alloc(size);
	let done = 0;
	while (done < size) {
		const n = readSync(range.fd, buffer, done, size - done, range.start + done);
		if (n === 0) break;
		done += n;
	}

	try {
		return JSON.parse(buffer.subarray(0, done).toString('utf8')) as unknown;
	} catch (error) {
		throw inFile(files.label, `${file} is not valid JSON (${(error as Error).message})`);
	}
}

/** Reads the first bytes of a file of the archive (for sniffing compression). */
export function readHead(files: SourceFiles, file: string, length = 8): Buffer {
	const range = files.range(file);
	const buffer = Buffer.alloc(Math.min(length, range.length));
	readSync(range.fd, buffer, 0, buffer.length, range.start);
	return buffer;
}

type TarMember = {offset: number; size: number; symlink?: string};

/** A tar file on disk whose members are found by their headers and read in place. */
class TarFileArchive implements SourceFiles {
	private readonly members = new Map<string, TarMember>();

	constructor(
		readonly label: string,
		private readonly fd: number,
		length: number,
		readonly compression: Compression,
		private readonly onClose: () => void = () => {},
	) {
		for (const {fields} of tarHeaders({fd, start: 0, length, label})) {
			const normalized = normalizeEntryPath(fields.name);
			if (!normalized.ok || normalized.path === '') continue;
			const member: TarMember = {offset: fields.dataOffset ?? 0, size: fields.type === 'file' ? fields.size : 0};
			if (fields.type === 'symlink') member.symlink = fields.linkname;
			if (fields.type === 'file' || fields.type === 'symlink') this.members.set(normalized.path, member);
		}
	}

	has(file: string): boolean {
		return this.resolve(file) !== undefined;
	}

	size(file: string): number {
		return this.member(file).size;
	}

	range(file: string): FileRange {
		const member = this.member(file);
		return {fd: this.fd, start: member.offset, length: member.size, label: `${this.label}: ${file}`};
	}

	open(file: string): Readable {
		const member = this.member(file);
		if (member.size === 0) return Readable.from([]);
		return createReadStream('', {
			fd: this.fd, start: member.offset, end: member.offset + member.size - 1, autoClose: false, highWaterMark: 256 * 1024,
		});
	}

	close(): void {
		closeSync(this.fd);
		this.onClose();
	}

	private member(file: string): TarMember {
		const member = this.resolve(file);
		if (!member) throw inFile(this.label, `${file} is missing from the archive`);
		return member;
	}

	/** Follows symlinks inside the archive (legacy saves store a repeated layer as `../<id>/layer.tar`). */
	private resolve(file: string, depth = 0): TarMember | undefined {
		const member = this.members.get(file);
		if (member?.symlink === undefined) return member;
		if (depth > 16) throw inFile(this.label, `${file}: too many levels of symbolic links`);
		const target = member.symlink.startsWith('/') ? member.symlink : `${parentOf(file)}/${member.symlink}`;
		const normalized = normalizeEntryPath(target);
		if (!normalized.ok) throw inFile(this.label, `${file} links outside the archive (${member.symlink})`);
		return this.resolve(normalized.path, depth + 1);
	}
}

/**
 * An OCI image layout (or an unpacked `docker save`) as a directory. Its files are regular files inside it: a
 * symlink (even one that stays inside), a FIFO or a device where a blob belongs is refused without being read.
 */
class DirectoryArchive implements SourceFiles {
	readonly compression: Compression = 'none';
	private readonly fds = new Map<string, number>();
	private readonly root: string;

	constructor(readonly label: string, root: string) {
		this.root = realpathSync(root);
	}

	/** Whether the layout has something by that name; what it is (a regular file, nothing else) is checked on reading. */
	has(file: string): boolean {
		try {
			return !lstatSync(this.pathOf(file)).isDirectory();
		} catch {
			return false;
		}
	}

	size(file: string): number {
		return fstatSync(this.fdOf(file)).size;
	}

	range(file: string): FileRange {
		const fd = this.fdOf(file);
		return {fd, start: 0, length: fstatSync(fd).size, label: `${this.label}/${file}`};
	}

	open(file: string): Readable {
		return createReadStream('', {fd: this.fdOf(file), start: 0, autoClose: false, highWaterMark: 256 * 1024});
	}

	close(): void {
		for (const fd of this.fds.values()) closeSync(fd);
		this.fds.clear();
	}

	private pathOf(file: string): string {
		const normalized = normalizeEntryPath(file);
		if (!normalized.ok) throw inFile(this.label, `${file} points outside the directory`);
		return path.join(this.root, normalized.path);
	}

	private fdOf(file: string): number {
		let fd = this.fds.get(file);
		if (fd === undefined) {
			fd = this.openInside(file);
			this.fds.set(file, fd);
		}

		return fd;
	}

	/** Opens a file of the layout that is a regular file reached through no symlink. */
	private openInside(file: string): number {
		const full = this.pathOf(file);
		let fd: number;
		try {
			if (realpathSync(path.dirname(full)) !== path.dirname(full)) throw inFile(this.label, `${file} is reached through a symbolic link`);
			fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
		} catch (error) {
			if (error instanceof UserError) throw error;
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ELOOP') throw inFile(this.label, `${file} is a symbolic link, not a file of the layout`);
			throw inFile(this.label, `${file} is missing`);
		}

		if (!fstatSync(fd).isFile()) {
			closeSync(fd);
			throw inFile(this.label, `${file} is not a regular file`);
		}

		return fd;
	}
}

/**
 * Opens what `--tar` names: `-` for standard input, a directory (OCI layout), or a file that is a tar, possibly
 * gzip or zstd compressed. Compressed input and standard input are first written, decompressed, to a private
 * temporary file, so that every later read can seek.
 */
export async function openArchive(source: string, onProgress?: ProgressListener, spoolBytes: number = limits.spoolBytes): Promise<SourceFiles> {
	if (source === '-') return spool(process.stdin, {label: 'standard input', onProgress, spoolBytes});
	let stats;
	try {
		stats = statSync(source);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw inFile(source, code === 'ENOENT' ? 'no such file or directory' : `cannot open (${code})`);
	}

	if (stats.isDirectory()) return new DirectoryArchive(source, source);
	// A pipe (`--tar <(docker save app)`, a named FIFO) is read as standard input is.
	if (stats.isFIFO()) return spool(pipeStream(source), {label: source, onProgress, spoolBytes, firstByteSeconds: limits.pipeFirstByteSeconds});
	if (!stats.isFile()) throw inFile(source, 'neither a file, a directory nor a pipe');
	let fd: number;
	try {
		fd = openSync(source, constants.O_RDONLY | constants.O_NONBLOCK);
	} catch (error) {
		throw inFile(source, `cannot open (${(error as NodeJS.ErrnoException).code})`);
	}

	const size = fstatSync(fd).size;
	if (size === 0) {
		closeSync(fd);
		throw inFile(source, 'empty file, not an image archive');
	}

	const head = Buffer.alloc(Math.min(size, 512));
	readSync(fd, head, 0, head.length, 0);
	const compression = sniffCompression(head);
	if (compression !== 'none') {
		closeSync(fd);
		return spool(createReadStream(source), {label: source, compression, inputBytes: size, onProgress, spoolBytes});
	}

	return openTar(source, fd, size, 'none');
}

/** A pipe opened without blocking on a writer, read through libuv's pipe handle. */
function pipeStream(source: string): Readable {
	try {
		return new Socket({fd: openSync(source, constants.O_RDONLY | constants.O_NONBLOCK), readable: true, writable: false});
	} catch (error) {
		throw inFile(source, `cannot open (${(error as NodeJS.ErrnoException).code})`);
	}
}

/** An archive that arrives as a stream (an engine's `GET /images/{name}/get`), spooled like standard input. */
export async function openArchiveStream(input: Readable, label: string, onProgress?: ProgressListener): Promise<SourceFiles> {
	return spool(input, {label, onProgress, spoolBytes: limits.spoolBytes});
}

function openTar(label: string, fd: number, size: number, compression: Compression, onClose?: () => void): SourceFiles {
	try {
		return new TarFileArchive(label, fd, size, compression, onClose);
	} catch (error) {
		closeSync(fd);
		onClose?.();
		if (error instanceof UserError && /bad header at byte 0$/.test(error.message)) {
			throw inFile(label, 'not an image archive (neither a tar nor gzip or zstd data)');
		}

		throw error;
	}
}

type SpoolOptions = {
	/** The input's name in messages. */
	label: string;
	/** Known when the input is a compressed file; else sniffed from its first bytes. */
	compression?: Compression;
	/** The input's size when known, for progress. */
	inputBytes?: number;
	onProgress?: ProgressListener | undefined;
	/** How long to wait for the first byte (a pipe nothing may be writing to); no limit when absent. */
	firstByteSeconds?: number;
	/** The most the spool may hold. */
	spoolBytes: number;
};

async function spool(input: Readable, options: SpoolOptions): Promise<SourceFiles> {
	const {label, inputBytes = 0, onProgress, spoolBytes} = options;
	const directory = mkdtempSync(path.join(tmpdir(), 'layerscope-'));
	const removeDirectory = removedAtExit(directory);
	const spoolFile = path.join(directory, 'archive.tar');
	try {
		const {compression, stream} = await sniffStream(input, options.compression ?? 'none', label, options.firstByteSeconds);
		let done = 0;
		input.on('data', (chunk: Buffer) => {
			done += chunk.length;
			onProgress?.({phase: 'decompressing the archive', bytesDone: done, bytesTotal: inputBytes, layersDone: 0, layersTotal: 0});
		});
		await pipeline(stream, spoolGuard(label, spoolBytes), createWriteStream(spoolFile));
		const fd = openSync(spoolFile, 'r');
		const size = fstatSync(fd).size;
		if (size === 0) throw inFile(label, 'empty input, not an image archive');
		return openTar(label, fd, size, compression, removeDirectory);
	} catch (error) {
		removeDirectory();
		if (error instanceof UserError) throw error;
		throw inFile(label, `cannot read: ${(error as Error).message}`);
	}
}

/** Counts what goes into the spool and stops it at the limit (a decompression bomb is stopped by its decoder). */
function spoolGuard(label: string, spoolBytes: number): Transform {
	let written = 0;
	return new Transform({
		transform(chunk: Buffer, _encoding, callback) {
			written += chunk.length;
			if (written > spoolBytes) {
				callback(inFile(label, `more than ${describeBytes(spoolBytes)} to spool, the limit (--spool-limit): refused`));
				return;
			}

			callback(null, chunk);
		},
	});
}

/**
 * Removes a private temporary directory when the process ends, however it ends: normally, or by SIGINT, SIGTERM or
 * SIGHUP, after which the signal is raised again so that the exit status says what stopped us. Returns the remover.
 */
function removedAtExit(directory: string): () => void {
	const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
	const remove = () => {
		rmSync(directory, {recursive: true, force: true});
		process.off('exit', remove);
		for (const signal of signals) process.off(signal, onSignal);
	};

	const onSignal = (signal: NodeJS.Signals) => {
		remove();
		if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
	};

	process.once('exit', remove);
	for (const signal of signals) process.once(signal, onSignal);
	return remove;
}

/** A whole archive, compressed, inflates far less than a layer of zeros may: a tighter bound than a layer's. */
const spoolBomb: BombBound = {baseBytes: limits.spoolBombBaseBytes, ratio: limits.spoolBombRatio};

/** For standard input the compression is only known once the first bytes arrive. */
async function sniffStream(
	input: Readable, known: Compression, label: string, firstByteSeconds?: number,
): Promise<{compression: Compression; stream: Readable}> {
	if (known !== 'none') return {compression: known, stream: decompressStream(input, known, label, spoolBomb)};
	const first = await withDeadline(firstChunk(input), firstByteSeconds, () => {
		input.destroy();
		return inFile(label, `nothing arrived in ${firstByteSeconds} s: is anything writing to this pipe?`);
	});
	input.unshift(first);
	const compression = sniffCompression(first);
	return {compression, stream: decompressStream(input, compression, label, spoolBomb)};
}

/** The promise's value, or the error `late` makes when it has not settled within `seconds` (none: no deadline). */
async function withDeadline<T>(promise: Promise<T>, seconds: number | undefined, late: () => Error): Promise<T> {
	if (seconds === undefined) return promise;
	let timer: NodeJS.Timeout | undefined;
	const deadline = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(late()), seconds * 1000);
	});
	try {
		return await Promise.race([promise, deadline]);
	} finally {
		clearTimeout(timer);
	}
}

async function firstChunk(input: Readable): Promise<Buffer> {
	return new Promise((resolve, reject) => {
		const onReadable = () => {
			const chunk = input.read() as Buffer | null;
			if (chunk === null) return;
			cleanup();
			resolve(chunk);
		};

		const onEnd = () => {
			cleanup();
			resolve(Buffer.alloc(0));
		};

		const onError = (error: Error) => {
			cleanup();
			reject(error);
		};

		const cleanup = () => {
			input.off('readable', onReadable);
			input.off('end', onEnd);
			input.off('error', onError);
		};

		input.on('readable', onReadable);
		input.on('end', onEnd);
		input.on('error', onError);
	});
}
