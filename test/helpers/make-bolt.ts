/**
 * Writes small bbolt files the way etcd-io/bbolt lays them out (docs/formats.md §4.6): two meta pages, a freelist
 * page, then leaf and branch pages; buckets either on their own pages or inline in their parent's value.
 */

export type BoltTree = {[key: string]: string | Buffer | BoltTree};

export type BoltOptions = {
	pageSize?: number;
	/** Entries per leaf page; more entries than this make a branch page above several leaves. */
	leafCapacity?: number;
	/** Store small buckets without sub-buckets inline, as bbolt does. */
	inline?: boolean;
	/** The transaction ids of meta pages 0 and 1. */
	txids?: [number, number];
};

const bucketFlag = 0x01;

function fnv1a64(bytes: Uint8Array): bigint {
	let value = 0xCB_F2_9C_E4_84_22_23_25n;
	for (const byte of bytes) value = BigInt.asUintN(64, (value ^ BigInt(byte)) * 0x1_00_00_00_01_B3n);
	return value;
}

type Element = {key: Buffer; value: Buffer; flags: number};

class Writer {
	readonly pages: Buffer[] = [];
	constructor(readonly pageSize: number, readonly leafCapacity: number, readonly inline: boolean) {}

	get nextId(): number {
		return 3 + this.pages.reduce((count, page) => count + page.length / this.pageSize, 0);
	}

	/** The 16-byte bucket header (with its inline page after it when inline). */
	bucket(tree: BoltTree, mayInline = true): Buffer {
		const entries = Object.keys(tree)
			.map(key => ({key: Buffer.from(key, 'latin1'), item: tree[key]!}))
			.sort((a, b) => Buffer.compare(a.key, b.key));
		const hasBuckets = entries.some(({item}) => typeof item === 'object' && !Buffer.isBuffer(item));
		const elements: Element[] = entries.map(({key, item}) => {
			if (typeof item === 'string') return {key, value: Buffer.from(item, 'latin1'), flags: 0};
			if (Buffer.isBuffer(item)) return {key, value: item, flags: 0};
			return {key, value: this.bucket(item), flags: bucketFlag};
		});
		const header = Buffer.alloc(16);
		const inlinePage = this.leaf(0, elements);
		if (mayInline && this.inline && !hasBuckets && inlinePage.length <= this.pageSize / 4) return Buffer.concat([header, inlinePage]);
		header.writeBigUInt64LE(BigInt(this.tree(elements)), 0);
		return header;
	}

	/** Writes the elements as leaves (and branches over them when they do not fit one); returns the root page id. */
	private tree(elements: Element[]): number {
		const leaves: Array<{id: number; first: Buffer}> = [];
		for (let start = 0; start < Math.max(elements.length, 1); start += this.leafCapacity) {
			const chunk = elements.slice(start, start + this.leafCapacity);
			leaves.push({id: this.add(id => this.leaf(id, chunk)), first: chunk[0]?.key ?? Buffer.alloc(0)});
		}

		let level = leaves;
		while (level.length > 1) {
			const parents: typeof level = [];
			for (let start = 0; start < level.length; start += this.leafCapacity) {
				const chunk = level.slice(start, start + this.leafCapacity);
				parents.push({id: this.add(id => this.branch(id, chunk)), first: chunk[0]!.first});
			}

			level = parents;
		}

		return level[0]!.id;
	}

	private add(build: (id: number) => Buffer): number {
		const id = this.nextId;
		const page = build(id);
		const padded = Buffer.alloc(Math.ceil(page.length / this.pageSize) * this.pageSize);
		page.copy(padded);
		padded.writeUInt32LE(padded.length / this.pageSize - 1, 12);
		this.pages.push(padded);
		return id;
	}

	private leaf(id: number, elements: Element[]): Buffer {
		return this.page(id, 0x02, elements.map(element => ({fixed: [element.flags, element.key.length, element.value.length], data: Buffer.concat([element.key, element.value])})));
	}

	private branch(id: number, children: Array<{id: number; first: Buffer}>): Buffer {
		return this.page(id, 0x01, children.map(child => ({fixed: [child.first.length], pgid: child.id, data: child.first})));
	}

	/** Page header, 16-byte elements whose `pos` is relative to the element, then keys and values. */
	private page(id: number, flags: number, elements: Array<{fixed: number[]; pgid?: number; data: Buffer}>): Buffer {
		const header = Buffer.alloc(16 + elements.length * 16);
		header.writeBigUInt64LE(BigInt(id), 0);
		header.writeUInt16LE(flags, 8);
		header.writeUInt16LE(elements.length, 10);
		let dataAt = header.length;
		for (const [index, element] of elements.entries()) {
			const at = 16 + index * 16;
			if (flags === 0x01) {
				header.writeUInt32LE(dataAt - at, at);
				header.writeUInt32LE(element.fixed[0]!, at + 4);
				header.writeBigUInt64LE(BigInt(element.pgid!), at + 8);
			} else {
				header.writeUInt32LE(element.fixed[0]!, at);
				header.writeUInt32LE(dataAt - at, at + 4);
				header.writeUInt32LE(element.fixed[1]!, at + 8);
				header.writeUInt32LE(element.fixed[2]!, at + 12);
			}

			dataAt += element.data.length;
		}

		return Buffer.concat([header, ...elements.map(element => element.data)]);
	}
}

function metaPage(id: number, pageSize: number, root: number, highWater: number, txid: number): Buffer {
	const page = Buffer.alloc(pageSize);
	page.writeBigUInt64LE(BigInt(id), 0);
	page.writeUInt16LE(0x04, 8);
	const body = 16;
	page.writeUInt32LE(0xED_0C_DA_ED, body);
	page.writeUInt32LE(2, body + 4);
	page.writeUInt32LE(pageSize, body + 8);
	page.writeBigUInt64LE(BigInt(root), body + 16);
	page.writeBigUInt64LE(2n, body + 32);
	page.writeBigUInt64LE(BigInt(highWater), body + 40);
	page.writeBigUInt64LE(BigInt(txid), body + 48);
	page.writeBigUInt64LE(fnv1a64(page.subarray(body, body + 56)), body + 56);
	return page;
}

/**
 * A bbolt file whose meta page 0 names `trees[0]` and meta page 1 names `trees[1]` (the same tree when one is given):
 * bbolt readers take the valid meta page with the higher transaction id.
 */
export function makeBolt(trees: BoltTree | [BoltTree, BoltTree], options: BoltOptions = {}): Buffer {
	const pageSize = options.pageSize ?? 4096;
	const writer = new Writer(pageSize, options.leafCapacity ?? 64, options.inline ?? true);
	const roots = (Array.isArray(trees) ? trees : [trees]).map(tree => writer.bucket(tree, false).readBigUInt64LE(0));
	roots[1] ??= roots[0]!;
	const highWater = writer.nextId;
	const [txid0, txid1] = options.txids ?? [1, 2];
	const freelist = Buffer.alloc(pageSize);
	freelist.writeBigUInt64LE(2n, 0);
	freelist.writeUInt16LE(0x10, 8);
	return Buffer.concat([
		metaPage(0, pageSize, Number(roots[0]), highWater, txid0),
		metaPage(1, pageSize, Number(roots[1]), highWater, txid1),
		freelist,
		...writer.pages,
	]);
}
