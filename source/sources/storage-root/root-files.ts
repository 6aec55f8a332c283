import {closeSync, createReadStream, fstatSync} from 'node:fs';
import {type Readable} from 'node:stream';
import {inFile} from '../../errors.js';
import {type SourceFiles} from '../image-source.js';
import {type FileRange} from '../layers/file-range.js';
import {type StorageRoot} from './storage-root.js';

/** A storage root's files as a source's `SourceFiles`, read in place and never written. */
export class RootFiles implements SourceFiles {
	readonly compression = 'none' as const;
	private readonly fds = new Map<string, number>();

	constructor(private readonly root: StorageRoot, private readonly name = root.path) {}

	get label(): string {
		return this.name;
	}

	has(file: string): boolean {
		return this.fdOf(file, false) !== undefined;
	}

	size(file: string): number {
		return fstatSync(this.fdOf(file)!).size;
	}

	range(file: string): FileRange {
		const fd = this.fdOf(file)!;
		return {fd, start: 0, length: fstatSync(fd).size, label: `${this.root.path}/${file}`};
	}

	open(file: string): Readable {
		return createReadStream('', {fd: this.fdOf(file)!, start: 0, autoClose: false});
	}

	close(): void {
		for (const fd of this.fds.values()) closeSync(fd);
		this.fds.clear();
	}

	private fdOf(file: string, required = true): number | undefined {
		let fd = this.fds.get(file);
		if (fd === undefined) {
			fd = this.root.openFile(file);
			if (fd === undefined) {
				if (required) throw inFile(this.label, `${file} is missing`);
				return undefined;
			}

			this.fds.set(file, fd);
		}

		return fd;
	}
}
