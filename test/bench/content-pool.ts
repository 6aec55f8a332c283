import {SeededRandom} from './random.js';

/** Anything file bytes can be written to. */
export type ByteSink = {write(chunk: Buffer): void};

const poolBytes = 8 * 1024 * 1024;
const vocabulary = [
	'static', 'const', 'return', 'include', 'define', 'struct', 'layer', 'image', 'value', 'buffer', 'config', 'error',
	'index', 'string', 'number', 'module', 'export', 'import', 'function', 'package', 'version', 'license', 'python',
	'lib', 'share', 'usr', 'etc', 'data', 'true', 'false', 'null', 'self', 'this', 'void', 'int', 'char', '{', '}', '=',
];

/**
 * File contents without storing any file: every file is a window onto one shared pool of bytes, starting at an
 * offset its seed decides. The pool alternates runs of word-salad text and random bytes, so layers compress about
 * as well as real ones (roughly half), and a short seed line at the front keeps different files different.
 */
export class ContentPool {
	private readonly pool: Buffer;

	constructor(seed: number) {
		this.pool = buildPool(new SeededRandom(seed));
	}

	/** Writes `size` bytes of the content named by `seed`: equal seeds and sizes give equal bytes. */
	write(sink: ByteSink, seed: number, size: number): void {
		const stamp = Buffer.from(`#${seed.toString(16)}\n`, 'latin1');
		const fromStamp = Math.min(stamp.length, size);
		if (fromStamp > 0) sink.write(stamp.subarray(0, fromStamp));
		let left = size - fromStamp;
		let at = (Math.imul(seed, 0x9e3779b1) >>> 0) % this.pool.length;
		while (left > 0) {
			const take = Math.min(left, this.pool.length - at);
			sink.write(this.pool.subarray(at, at + take));
			left -= take;
			at = 0;
		}
	}
}

function buildPool(random: SeededRandom): Buffer {
	const pool = Buffer.alloc(poolBytes);
	let at = 0;
	let text = true;
	while (at < pool.length) {
		const run = Math.min(random.integer(512, 16 * 1024), pool.length - at);
		if (text) fillText(pool.subarray(at, at + run), random);
		else fillRandom(pool.subarray(at, at + run), random);
		at += run;
		// About 60 % text, 40 % noise.
		text = random.chance(0.6);
	}

	return pool;
}

function fillText(target: Buffer, random: SeededRandom): void {
	let at = 0;
	while (at < target.length) {
		const word = random.chance(0.1) ? `${random.integer(0, 100_000)}` : random.pick(vocabulary);
		const separator = random.chance(0.08) ? '\n' : ' ';
		at += target.write(`${word}${separator}`, at, 'latin1');
	}
}

function fillRandom(target: Buffer, random: SeededRandom): void {
	const whole = target.length - (target.length % 4);
	for (let at = 0; at < whole; at += 4) target.writeUInt32LE(random.nextUint32(), at);
	for (let at = whole; at < target.length; at++) target[at] = random.nextUint32() & 0xff;
}
