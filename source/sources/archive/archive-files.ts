import {closeSync, createReadStream, createWriteStream, fstatSync, mkdtempSync, openSync, readSync, rmSync, statSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {Readable} from 'node:stream';
import {pipeline} from 'node:stream/promises';
import {normalizeEntryPath, parentOf} from '../../analysis/paths.js';
import {inFile, UserError} from '../../errors.js';
import {type ProgressListener} from '../../progress.js';
import {type SourceFiles} from '../image-source.js';
import {type Compression, decompressStream, sniffCompression} from '../layers/decompress.js';
import {type FileRange} from '../layers/file-range.js';
import {tarHeaders} from '../layers/tar-walk.js';

const maxJsonBytes = 64 * 1024 * 1024;

/** Reads and parses a JSON file of the archive, with errors that name the archive and the file. */
export function readJson(files: SourceFiles, file: string): unknown {
	if (!files.has(file)) throw inFile(files.label, `${file} is missing`);
	const size = files.size(file);
	if (size > maxJsonBytes) throw inFile(files.label, `${file} is ${size} bytes, too large for a JSON document`);
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

/** An OCI image layout (or an unpacked `docker save`) as a directory. */
class DirectoryArchive implements SourceFiles {
	readonly compression: Compression = 'none';
	private readonly fds = new Map<string, number>();

	constructor(readonly label: string, private readonly root: string) {}

	has(file: string): boolean {
		try {
			return statSync(this.pathOf(file)).isFile();
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
		return createReadStream(this.pathOf(file), {highWaterMark: 256 * 1024});
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
			try {
				fd = openSync(this.pathOf(file), 'r');
			} catch {
				throw inFile(this.label, `${file} is missing`);
			}

			this.fds.set(file, fd);
		}

		return fd;
	}
}

/**
 * Opens what `--tar` names: `-` for standard input, a directory (OCI layout), or a file that is a tar, possibly
 * gzip or zstd compressed. Compressed input and standard input are first written, decompressed, to a private
 * temporary file, so that every later read can seek.
 */
export async function openArchive(source: string, onProgress?: ProgressListener): Promise<SourceFiles> {
	if (source === '-') return spool(process.stdin, 'standard input', 'none', 0, onProgress);
	let stats;
	try {
		stats = statSync(source);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		throw inFile(source, code === 'ENOENT' ? 'no such file or directory' : `cannot open (${code})`);
	}

	if (stats.isDirectory()) return new DirectoryArchive(source, source);
	let fd: number;
	try {
		fd = openSync(source, 'r');
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
		return spool(createReadStream(source), source, compression, size, onProgress);
	}

	return openTar(source, fd, size, 'none');
}

/** An archive that arrives as a stream (an engine's `GET /images/{name}/get`), spooled like standard input. */
export async function openArchiveStream(input: Readable, label: string, onProgress?: ProgressListener): Promise<SourceFiles> {
	return spool(input, label, 'none', 0, onProgress);
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

async function spool(
	input: Readable, label: string, outer: Compression, inputBytes: number, onProgress?: ProgressListener,
): Promise<SourceFiles> {
	const directory = mkdtempSync(path.join(tmpdir(), 'layerscope-'));
	const removeDirectory = () => {
		rmSync(directory, {recursive: true, force: true});
	};

	process.once('exit', removeDirectory);
	const spoolFile = path.join(directory, 'archive.tar');
	try {
		const {compression, stream} = await sniffStream(input, outer, label);
		let done = 0;
		input.on('data', (chunk: Buffer) => {
			done += chunk.length;
			onProgress?.({phase: 'decompressing the archive', bytesDone: done, bytesTotal: inputBytes, layersDone: 0, layersTotal: 0});
		});
		await pipeline(stream, createWriteStream(spoolFile));
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

/** For standard input the compression is only known once the first bytes arrive. */
async function sniffStream(
	input: Readable, known: Compression, label: string,
): Promise<{compression: Compression; stream: Readable}> {
	if (known !== 'none') return {compression: known, stream: decompressStream(input, known, label)};
	const first = await firstChunk(input);
	input.unshift(first);
	const compression = sniffCompression(first);
	return {compression, stream: decompressStream(input, compression, label)};
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
