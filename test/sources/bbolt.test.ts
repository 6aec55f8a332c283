import {describe, expect, it} from 'vitest';
import {type BoltBucket, BoltDatabase, BoltFormatError} from '../../source/sources/containerd/bbolt.js';
import {goTime, uvarint, varint, varintNumber} from '../../source/sources/containerd/go-binary.js';
import {type BoltTree, makeBolt} from '../helpers/make-bolt.js';

/** A bucket back as a plain tree, values as latin1 strings. */
function treeOf(bucket: BoltBucket): BoltTree {
	const tree: BoltTree = {};
	for (const [key, value] of bucket.values()) tree[key] = value.toString('latin1');
	for (const [key, nested] of bucket.buckets()) tree[key] = treeOf(nested);
	return tree;
}

const sample: BoltTree = {
	v1: {
		version: '\u0006',
		moby: {
			images: {
				'docker.io/library/busybox:latest': {target: {digest: 'sha256:aa', mediatype: 'application/vnd.oci.image.index.v1+json'}},
				'moby-dangling@sha256:bb': {target: {digest: 'sha256:bb'}, labels: {}},
			},
		},
	},
};

describe('bbolt reader', () => {
	it('reads nested buckets, inline or on their own pages', () => {
		for (const inline of [true, false]) {
			const database = new BoltDatabase(makeBolt(sample, {inline}));
			expect(treeOf(database.root())).toEqual(sample);
			expect(database.root().bucket('v1', 'moby', 'images', 'moby-dangling@sha256:bb', 'target')?.get('digest')?.toString()).toBe('sha256:bb');
		}
	});

	it('follows branch pages over many leaves, in key order', () => {
		const many: BoltTree = {};
		for (let index = 0; index < 2000; index++) many[`key-${String(index).padStart(5, '0')}`] = `value ${index}`;
		const database = new BoltDatabase(makeBolt({big: many}, {leafCapacity: 7}));
		const keys = [...database.root().bucket('big')!.values()].map(([key]) => key);
		expect(keys).toHaveLength(2000);
		expect(keys).toEqual(Object.keys(many).sort());
		expect(database.root().bucket('big')!.get('key-01234')?.toString()).toBe('value 1234');
	});

	it('reads a value that overflows onto following pages', () => {
		const large = Buffer.alloc(3 * 4096 + 123, 0x61);
		const database = new BoltDatabase(makeBolt({blob: {data: large, after: 'x'}}, {inline: false}));
		expect(database.root().bucket('blob')!.get('data')).toEqual(large);
		expect(database.root().bucket('blob')!.get('after')?.toString()).toBe('x');
	});

	it('keeps binary keys and values byte for byte', () => {
		const database = new BoltDatabase(makeBolt({index: {'\u0001\u0000\u0002': 'moby/4/sha256:f6', '\u00ff': '\u0000\u00ff'}}));
		const entries = [...database.root().bucket('index')!.values()];
		expect(entries.map(([key, value]) => [Buffer.from(key, 'latin1').toString('hex'), value.toString('hex')])).toEqual([['010002', '6d6f62792f342f7368613235363a6636'], ['ff', '00ff']]);
	});

	it('takes the meta page with the higher transaction id, and the other when that one is damaged', () => {
		const older = {state: {which: 'older'}};
		const newer = {state: {which: 'newer'}};
		expect(new BoltDatabase(makeBolt([older, newer], {txids: [5, 6]})).root().bucket('state')!.get('which')?.toString()).toBe('newer');
		expect(new BoltDatabase(makeBolt([older, newer], {txids: [8, 6]})).root().bucket('state')!.get('which')?.toString()).toBe('older');
		const damaged = makeBolt([older, newer], {txids: [5, 6]});
		damaged.writeUInt8(damaged.readUInt8(4096 + 16 + 48) ^ 0xFF, 4096 + 16 + 48); // the newer meta's txid: its checksum no longer matches
		const database = new BoltDatabase(damaged);
		expect(database.transactionId).toBe(5n);
		expect(database.root().bucket('state')!.get('which')?.toString()).toBe('older');
	});

	it('finds meta page 1 when page 0 is damaged, at another page size too', () => {
		const file = makeBolt(sample, {pageSize: 16_384});
		file.writeUInt32LE(0, 16); // page 0 loses its magic number
		expect(treeOf(new BoltDatabase(file).root())).toEqual(sample);
	});

	it('refuses what is not a bbolt file, or is torn, with a reason and no crash', () => {
		const file = makeBolt(sample, {inline: false});
		expect(() => new BoltDatabase(Buffer.from('not a database'))).toThrow(BoltFormatError);
		expect(() => new BoltDatabase(Buffer.alloc(8192))).toThrow(/not a bbolt file, or both meta pages are damaged/);
		const truncated = file.subarray(0, file.length - 4096);
		expect(() => treeOf(new BoltDatabase(truncated).root())).toThrow(/truncated/);
		const misplaced = Buffer.from(file);
		misplaced.writeBigUInt64LE(99n, 3 * 4096); // page 3 claims another id: written over mid-transaction
		expect(() => treeOf(new BoltDatabase(misplaced).root())).toThrow(/torn or being written/);
		const overrun = Buffer.from(file);
		overrun.writeUInt16LE(60_000, 3 * 4096 + 10); // page 3 claims more elements than it holds
		expect(() => treeOf(new BoltDatabase(overrun).root())).toThrow(/no room for/);
	});

	it('stops on a page that points at itself instead of looping', () => {
		const file = makeBolt({big: Object.fromEntries(Array.from({length: 40}, (_, index) => [`k${index}`, 'v']))}, {leafCapacity: 4, inline: false});
		const database = new BoltDatabase(file);
		expect(treeOf(database.root()).big).toBeDefined();
		// Make every branch element point at its own page.
		for (let offset = 3 * 4096; offset < file.length; offset += 4096) {
			if (file.readUInt16LE(offset + 8) !== 0x01) continue;
			const id = file.readBigUInt64LE(offset);
			for (let element = 0; element < file.readUInt16LE(offset + 10); element++) file.writeBigUInt64LE(id, offset + 16 + element * 16 + 8);
		}

		expect(() => treeOf(new BoltDatabase(file).root())).toThrow(/cycle/);
	});
});

describe('Go encodings', () => {
	it('decodes varints as binary.PutUvarint and binary.PutVarint write them', () => {
		expect(uvarint(Buffer.from([0xAC, 0x02]))).toBe(300n);
		expect(varint(Buffer.from([0x01]))).toBe(-1n);
		expect(varint(Buffer.from([0xD8, 0x04]))).toBe(300n);
		expect(varintNumber(Buffer.from([0xDA, 0x0B]))).toBe(749); // a manifest's size in containerd's meta.db
		expect(uvarint(Buffer.from([0x80]))).toBeUndefined();
		expect(varintNumber(undefined)).toBeUndefined();
	});

	it('decodes time.MarshalBinary', () => {
		// 2026-12-01T06:32:57.484684252Z as Go writes it: version 1, seconds since year 1, nanoseconds, UTC (-1).
		const seconds = BigInt(Date.UTC(2026, 11, 1, 6, 32, 57) / 1000) + 62_135_596_800n;
		const bytes = Buffer.alloc(15);
		bytes[0] = 1;
		bytes.writeBigInt64BE(seconds, 1);
		bytes.writeUInt32BE(484_684_252, 9);
		bytes.writeInt16BE(-1, 13);
		expect(goTime(bytes)).toBe('2026-12-01T06:32:57.484684252Z');
		expect(goTime(Buffer.from([9, 9]))).toBeUndefined();
	});
});
