import buffer from 'node:buffer';
import {closeSync, constants, type Dirent, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync} from 'node:fs';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import {describeBytes, limits} from '../../analysis/limits.js';
import {UserError} from '../../errors.js';

/** What to tell a user who may not read a root: both ways out. */
export function permissionDenied(where: string): UserError {
	return new UserError(`${where}: permission denied; run layerscope as root (sudo), or name an image without --root to read it through the Docker engine's socket`);
}

function isMissing(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException).code;
	return code === 'ENOENT' || code === 'ENOTDIR';
}

function rethrow(error: unknown, where: string): never {
	const code = (error as NodeJS.ErrnoException).code;
	if (code === 'EACCES' || code === 'EPERM') throw permissionDenied(where);
	throw error;
}

/**
 * A storage root opened strictly read-only: files are opened with O_NOFOLLOW (and O_NOATIME where allowed), and a
 * path whose directories lead outside the root through a symlink is treated as absent. Relative paths use `/`.
 */
export class StorageRoot {
	readonly path: string;
	private readonly insideDirectories = new Map<string, boolean>();
	private noAtime = true;

	constructor(given: string) {
		let real: string;
		try {
			real = realpathSync(given);
			if (!statSync(real).isDirectory()) throw new UserError(`${given}: not a directory`);
			readdirSync(real);
		} catch (error) {
			if (error instanceof UserError) throw error;
			if (isMissing(error)) throw new UserError(`${given}: no such directory`);
			rethrow(error, given);
		}

		this.path = real;
	}

	/** The absolute path of `relative`, which must not climb out of the root. */
	full(relative: string): string {
		const joined = path.join(this.path, relative);
		if (joined !== this.path && !joined.startsWith(`${this.path}/`)) throw new UserError(`${this.path}: ${relative} leads out of the root`);
		return joined;
	}

	/**
	 * The bytes of a regular file, or undefined when it is absent, a symlink, or reached through one. A file larger
	 * than any metadata file an engine writes is an error: it is not read.
	 */
	bytes(relative: string, limit: number = limits.metadataFileBytes): Buffer | undefined {
		const fd = this.openFile(relative);
		if (fd === undefined) return undefined;
		try {
			const stats = fstatSync(fd);
			if (stats.size > limit) throw new UserError(`${this.full(relative)}: ${stats.size} bytes, more than the ${describeBytes(limit)} layerscope reads of such a file`);
			const buffer = Buffer.alloc(stats.size);
			let done = 0;
			while (done < buffer.length) {
				const n = readSync(fd, buffer, done, buffer.length - done, done);
				if (n === 0) break;
				done += n;
			}

			return buffer.subarray(0, done);
		} finally {
			closeSync(fd);
		}
	}

	/** The size of a regular file, or undefined when it is absent, not regular, or reached through a symlink. */
	fileSize(relative: string): number | undefined {
		const fd = this.openFile(relative);
		if (fd === undefined) return undefined;
		try {
			const stats = fstatSync(fd);
			return stats.isFile() ? stats.size : undefined;
		} finally {
			closeSync(fd);
		}
	}

	/** A small text file, trimmed the way Docker trims its metadata files. */
	text(relative: string): string | undefined {
		return this.bytes(relative)?.toString('utf8').trim();
	}

	/** A JSON file; undefined when absent, and a `problem` when it does not parse. */
	json(relative: string): {value?: unknown; problem?: string} {
		const bytes = this.bytes(relative, limits.jsonDocumentBytes);
		if (bytes === undefined) return {};
		try {
			return {value: JSON.parse(bytes.toString('utf8')) as unknown};
		} catch (error) {
			return {problem: `${relative} is not valid JSON (${(error as Error).message})`};
		}
	}

	/**
	 * A gzip file, inflated, up to `base + ratio ×` its own size: past that it is a decompression bomb, refused
	 * before it costs more memory.
	 */
	gunzip(relative: string, bound: {base: number; ratio: number}): Buffer | undefined {
		const bytes = this.bytes(relative);
		if (bytes === undefined) return undefined;
		if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new UserError(`${this.full(relative)}: not gzip data`);
		const maxOutputLength = Math.min(buffer.constants.MAX_LENGTH, bound.base + (bound.ratio * bytes.length));
		try {
			return gunzipSync(bytes, {maxOutputLength});
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
				throw new UserError(`${this.full(relative)}: inflates to more than ${describeBytes(maxOutputLength)} (${bound.ratio} times its size and more): refused as a decompression bomb`);
			}

			throw new UserError(`${this.full(relative)}: not valid gzip data (${(error as Error).message})`);
		}
	}

	/**
	 * The absolute path of a directory reached without any symlink, for walking it; undefined when it is absent,
	 * not a directory, or a symlink anywhere on the way.
	 */
	directory(relative: string): string | undefined {
		const full = this.full(relative);
		try {
			return realpathSync(full) === full && statSync(full).isDirectory() ? full : undefined;
		} catch (error) {
			if (isMissing(error)) return undefined;
			rethrow(error, full);
		}
	}

	/** The entries of a directory (never followed through a symlink); empty when it is absent. */
	entries(relative: string): Dirent[] {
		if (!this.isInside(relative)) return [];
		try {
			return readdirSync(this.full(relative), {withFileTypes: true});
		} catch (error) {
			if (isMissing(error)) return [];
			rethrow(error, this.full(relative));
		}
	}

	/** Names of the subdirectories of a directory. */
	directories(relative: string): string[] {
		return this.entries(relative).filter(entry => entry.isDirectory()).map(entry => entry.name);
	}

	/**
	 * Opens a regular file read-only without following a final symlink; undefined when absent. O_NONBLOCK keeps a
	 * FIFO planted where a file belongs from blocking the open; anything but a regular file is then refused.
	 */
	openFile(relative: string): number | undefined {
		if (!this.isInside(path.posix.dirname(relative))) return undefined;
		const flags = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK | (this.noAtime ? constants.O_NOATIME : 0);
		let fd: number;
		try {
			fd = openSync(this.full(relative), flags);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'EPERM' && this.noAtime) {
				this.noAtime = false;
				return this.openFile(relative);
			}

			if (isMissing(error) || code === 'ELOOP') return undefined;
			rethrow(error, this.full(relative));
		}

		const stats = fstatSync(fd);
		if (!stats.isFile()) {
			closeSync(fd);
			if (stats.isDirectory()) return undefined;
			throw new UserError(`${this.full(relative)}: not a regular file`);
		}

		return fd;
	}

	/** Whether a directory, symlinks resolved, is still under the root (cached per directory). */
	private isInside(relativeDirectory: string): boolean {
		const known = this.insideDirectories.get(relativeDirectory);
		if (known !== undefined) return known;
		let inside: boolean;
		try {
			const real = realpathSync(this.full(relativeDirectory));
			inside = real === this.path || real.startsWith(`${this.path}/`);
		} catch (error) {
			if (!isMissing(error)) rethrow(error, this.full(relativeDirectory));
			inside = false;
		}

		this.insideDirectories.set(relativeDirectory, inside);
		return inside;
	}
}
