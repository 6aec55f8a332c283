/**
 * A bounded mutation run over real archives: truncations, bit flips and tar size fields overwritten, each damaged
 * copy read by the built CLI. Whatever the damage, layerscope reports (exit 0, maybe with warnings) or refuses in
 * one line (exit 2): never a stack trace, a hang, an out-of-memory abort or a control byte on the terminal. The run
 * is seeded, so a failure names a mutation that can be made again.
 */
import {readFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {fixture, runCliAsync} from '../helpers/cli.js';
import {writeTemporary} from '../helpers/make-tar.js';
import {messageLines} from '../helpers/report.js';

/** A small seeded generator (mulberry32): the same seed, the same mutations. */
function random(seed: number): () => number {
	let state = seed;
	return () => {
		state = (state + 0x6D_2B_79_F5) | 0;
		let value = Math.imul(state ^ (state >>> 15), 1 | state);
		value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
		return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
	};
}

type Mutation = {name: string; apply: (bytes: Buffer) => Buffer};

/** The offsets of the tar headers of a plain tar, found by walking its size fields. */
function headerOffsets(tar: Buffer): number[] {
	const offsets: number[] = [];
	for (let at = 0; at + 512 <= tar.length && tar[at] !== 0;) {
		offsets.push(at);
		const size = Number.parseInt(tar.toString('latin1', at + 124, at + 136).replace(/\0.*$/, '').trim() || '0', 8);
		at += 512 + (Math.ceil((Number.isNaN(size) ? 0 : size) / 512) * 512);
	}

	return offsets;
}

function mutations(bytes: Buffer, next: () => number, count: number): Mutation[] {
	const at = () => Math.floor(next() * bytes.length);
	const headers = headerOffsets(bytes);
	const sizeFields = ['77777777777\0', '1e300\0\0\0\0\0\0\0', '-1\0\0\0\0\0\0\0\0\0\0', '\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff\u00ff'];
	const made: Mutation[] = [];
	for (let index = 0; index < count; index++) {
		const kind = index % 3;
		if (kind === 0) {
			const length = at();
			made.push({name: `truncated to ${length} bytes`, apply: source => source.subarray(0, length)});
		} else if (kind === 1) {
			const flips = Array.from({length: 1 + Math.floor(next() * 8)}, () => [at(), 1 << Math.floor(next() * 8)] as const);
			made.push({name: `bits flipped at ${flips.map(([offset]) => offset).join(', ')}`, apply(source) {
				const copy = Buffer.from(source);
				for (const [offset, bit] of flips) copy[offset] = copy[offset]! ^ bit;
				return copy;
			}});
		} else {
			const header = headers[Math.floor(next() * headers.length)] ?? 0;
			const field = sizeFields[Math.floor(next() * sizeFields.length)]!;
			made.push({name: `size field of the header at ${header} set to ${JSON.stringify(field)}`, apply(source) {
				const copy = Buffer.from(source);
				copy.write(field, header + 124, 'latin1');
				return copy;
			}});
		}
	}

	return made;
}

const archives = ['demo.docker-legacy.tar', 'demo.docker-containerd.tar', 'demo-buildah.podman-oci-archive.tar', 'demo.oci-zstd.tar'];
const perArchive = 9;

describe.each(archives.map((name, index) => ({name, seed: 1000 + index})))('mutations of $name (seed $seed)', {concurrent: true, timeout: 120_000}, ({name, seed}) => {
	const original = readFileSync(fixture('images', name));
	it.each(mutations(original, random(seed), perArchive).map(mutation => [mutation.name, mutation] as const))('%s: a report or one line', async (_name, mutation) => {
		const damaged = writeTemporary(`${name}-${mutation.name.replaceAll(/\W+/g, '-').slice(0, 80)}.tar`, mutation.apply(original));
		const result = await runCliAsync(['--tar', damaged, '--json', '-'], {env: {NODE_OPTIONS: '--max-old-space-size=768'}});
		expect([0, 2], result.stderr).toContain(result.code);
		expect(result.stderr).not.toMatch(/\n\s+at |internal error|heap out of memory/);
		expect(result.stderr).not.toMatch(/[\u0007\u001b\u0080-\u009f]/);
		if (result.code === 2) expect(messageLines(result.stderr)).toHaveLength(1);
		else expect(() => JSON.parse(result.stdout) as unknown).not.toThrow();
	});
});
