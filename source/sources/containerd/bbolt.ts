/**
 * A read-only reader of bbolt database files (etcd-io/bbolt), the format of containerd's `meta.db` and of its
 * snapshotters' `metadata.db` (docs/formats.md §4.6). The caller hands in the file's bytes, read in one go: no lock is
 * taken and nothing is written, so a file that the owning process is writing may be torn. Every page is checked
 * against what points at it, and a page that does not fit is a `BoltFormatError`, never a crash or a loop.
 */

const pageHeaderBytes = 16;
const elementBytes = 16;
const metaBytes = 64;
const magic = 0xED_0C_DA_ED;
const branchPage = 0x01;
const leafPage = 0x02;
const metaPage = 0x04;
const bucketFlag = 0x01;
/** bbolt keeps trees shallow (a page holds many keys); a deeper path means pages point in a cycle. */
const maxDepth = 64;

export class BoltFormatError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'BoltFormatError';
	}
}

type Meta = {pageSize: number; root: bigint; highWater: bigint; txid: bigint};

/** FNV-1a, 64 bits: the checksum bbolt keeps over the first 56 bytes of a meta page's body. */
function fnv1a64(bytes: Uint8Array): bigint {
	let value = 0xCB_F2_9C_E4_84_22_23_25n;
	for (const byte of bytes) value = BigInt.asUintN(64, (value ^ BigInt(byte)) * 0x1_00_00_00_01_B3n);
	return value;
}

function readMeta(file: Buffer, offset: number): Meta | string {
	if (file.length < offset + pageHeaderBytes + metaBytes) return 'shorter than a meta page';
	const body = offset + pageHeaderBytes;
	if ((file.readUInt16LE(offset + 8) & metaPage) === 0) return 'not a meta page';
	if (file.readUInt32LE(body) !== magic) return 'no bbolt magic number';
	if (file.readUInt32LE(body + 4) !== 2) return `bbolt version ${file.readUInt32LE(body + 4)}, not 2`;
	if (file.readBigUInt64LE(body + 56) !== fnv1a64(file.subarray(body, body + 56))) return 'meta page checksum mismatch';
	return {
		pageSize: file.readUInt32LE(body + 8),
		root: file.readBigUInt64LE(body + 16),
		highWater: file.readBigUInt64LE(body + 40),
		txid: file.readBigUInt64LE(body + 48),
	};
}

/** The valid meta page with the higher transaction id, as bbolt's `DB.meta` chooses. */
function chooseMeta(file: Buffer): Meta {
	const first = readMeta(file, 0);
	if (typeof first === 'string' && file.length < pageHeaderBytes + metaBytes) throw new BoltFormatError(`not a bbolt file (${first})`);
	const pageSize = typeof first === 'string' ? guessPageSize(file) : first.pageSize;
	const second = readMeta(file, pageSize);
	const valid = [first, second].filter((meta): meta is Meta => typeof meta !== 'string');
	if (valid.length === 0) throw new BoltFormatError(`not a bbolt file, or both meta pages are damaged (${first}; ${second})`);
	const chosen = valid.reduce((best, meta) => (meta.txid > best.txid ? meta : best));
	if (chosen.pageSize < 512 || chosen.pageSize > 65_536 || (chosen.pageSize & (chosen.pageSize - 1)) !== 0) {
		throw new BoltFormatError(`implausible page size ${chosen.pageSize}`);
	}

	return chosen;
}

/** With page 0 damaged, bbolt looks for page 1 at the usual page sizes; so do we. */
function guessPageSize(file: Buffer): number {
	for (const size of [4096, 16_384, 65_536, 8192, 2048, 1024, 512]) {
		if (typeof readMeta(file, size) !== 'string') return size;
	}

	return 4096;
}

/** A page's elements, checked against the page's own extent. */
type Page = {offset: number; end: number; flags: number; count: number};

/** One entry of a bucket: a value, or a nested bucket. */
export type BoltEntry = {key: Buffer; value: Buffer; isBucket: boolean};

export class BoltDatabase {
	private readonly meta: Meta;
	/** Pages read so far, against a budget of a few times the pages the file holds (see `page`). */
	private pagesRead = 0;

	/** `file` is the whole database as read from disk. */
	constructor(private readonly file: Buffer) {
		this.meta = chooseMeta(file);
	}

	get transactionId(): bigint {
		return this.meta.txid;
	}

	/** The top-level bucket, whose entries are the database's buckets. */
	root(): BoltBucket {
		return new BoltBucket(this.collect({kind: 'page', id: this.meta.root}), this);
	}

	/** Every entry under a bucket root, in key order. */
	collect(root: {kind: 'page'; id: bigint} | {kind: 'inline'; page: Buffer}): BoltEntry[] {
		const entries: BoltEntry[] = [];
		if (root.kind === 'inline') {
			this.walk(root.page, {offset: 0, end: root.page.length, flags: root.page.readUInt16LE(8), count: root.page.readUInt16LE(10)}, entries, 0, new Set());
		} else {
			this.walk(this.file, this.page(root.id), entries, 0, new Set([root.id]));
		}

		return entries;
	}

	/** Opens the bucket stored in an entry's value: a root page id, or an inline page after the 16-byte header. */
	openBucket(value: Buffer): BoltBucket {
		if (value.length < 16) throw new BoltFormatError(`bucket header of ${value.length} bytes`);
		const rootId = value.readBigUInt64LE(0);
		if (rootId !== 0n) return new BoltBucket(this.collect({kind: 'page', id: rootId}), this);
		const page = value.subarray(16);
		if (page.length < pageHeaderBytes) throw new BoltFormatError('inline bucket shorter than a page header');
		return new BoltBucket(this.collect({kind: 'inline', page}), this);
	}

	private page(id: bigint): Page {
		const {pageSize, highWater} = this.meta;
		// In a real file every page has one parent, so a reader sees each page about once; buckets whose pages are
		// shared many times over (a hostile DAG) would otherwise multiply the work without bound.
		if (++this.pagesRead > 4 * (this.file.length / pageSize) + 64) throw new BoltFormatError('its pages point at one another over and over (more pages read than the file holds)');
		if (id < 2n || id >= highWater) throw new BoltFormatError(`page ${id} is outside the database's ${highWater} pages (torn or being written)`);
		const offset = Number(id) * pageSize;
		if (offset + pageHeaderBytes > this.file.length) throw new BoltFormatError(`page ${id} lies past the end of the file (truncated)`);
		if (this.file.readBigUInt64LE(offset) !== id) throw new BoltFormatError(`page ${id} holds page ${this.file.readBigUInt64LE(offset)} (torn or being written)`);
		const end = offset + (1 + this.file.readUInt32LE(offset + 12)) * pageSize;
		if (end > this.file.length) throw new BoltFormatError(`page ${id} runs past the end of the file (truncated)`);
		return {offset, end, flags: this.file.readUInt16LE(offset + 8), count: this.file.readUInt16LE(offset + 10)};
	}

	private walk(bytes: Buffer, page: Page, entries: BoltEntry[], depth: number, visited: Set<bigint>): void {
		if (depth > maxDepth) throw new BoltFormatError('bucket tree deeper than any bbolt writes (pages point in a cycle)');
		const elements = page.offset + pageHeaderBytes;
		if (elements + page.count * elementBytes > page.end) throw new BoltFormatError(`page at byte ${page.offset} claims ${page.count} elements it has no room for`);
		if (page.flags & branchPage) {
			for (let index = 0; index < page.count; index++) {
				const element = elements + index * elementBytes;
				const child = bytes.readBigUInt64LE(element + 8);
				if (visited.has(child)) throw new BoltFormatError(`page ${child} is reached twice in one bucket (pages point in a cycle or share children)`);
				visited.add(child);
				this.walk(this.file, this.page(child), entries, depth + 1, visited);
			}
		} else if (page.flags & leafPage) {
			for (let index = 0; index < page.count; index++) entries.push(leafEntry(bytes, page, elements + index * elementBytes));
		} else {
			throw new BoltFormatError(`page at byte ${page.offset} is neither a branch nor a leaf (flags 0x${page.flags.toString(16)})`);
		}
	}
}

function leafEntry(bytes: Buffer, page: Page, element: number): BoltEntry {
	const flags = bytes.readUInt32LE(element);
	const keyStart = element + bytes.readUInt32LE(element + 4);
	const keyEnd = keyStart + bytes.readUInt32LE(element + 8);
	const valueEnd = keyEnd + bytes.readUInt32LE(element + 12);
	if (valueEnd > page.end) throw new BoltFormatError(`an entry at byte ${element} runs past its page`);
	return {key: bytes.subarray(keyStart, keyEnd), value: bytes.subarray(keyEnd, valueEnd), isBucket: (flags & bucketFlag) !== 0};
}

/** A bucket's entries, read at once; nested buckets open on demand. */
export class BoltBucket {
	constructor(readonly entries: BoltEntry[], private readonly database: BoltDatabase) {}

	private find(key: string): BoltEntry | undefined {
		const wanted = Buffer.from(key, 'latin1');
		return this.entries.find(entry => entry.key.equals(wanted));
	}

	/** A plain value, or undefined when the key is absent or names a bucket. */
	get(key: string): Buffer | undefined {
		const entry = this.find(key);
		return entry && !entry.isBucket ? entry.value : undefined;
	}

	/** A nested bucket along a path of keys, or undefined when one is absent or a plain value. */
	bucket(...keys: string[]): BoltBucket | undefined {
		let current: BoltBucket | undefined = this;
		for (const key of keys) {
			const entry: BoltEntry | undefined = current.find(key);
			if (!entry?.isBucket) return undefined;
			current = this.database.openBucket(entry.value);
		}

		return current;
	}

	/** The nested buckets, by key (keys read as latin1, so that any byte round-trips). */
	*buckets(): Generator<[string, BoltBucket]> {
		for (const entry of this.entries) if (entry.isBucket) yield [entry.key.toString('latin1'), this.database.openBucket(entry.value)];
	}

	/** The plain values, by key. */
	*values(): Generator<[string, Buffer]> {
		for (const entry of this.entries) if (!entry.isBucket) yield [entry.key.toString('latin1'), entry.value];
	}
}
