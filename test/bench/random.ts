/** A small seeded generator (xorshift, 32-bit state): the same seed always gives the same archive. */
export class SeededRandom {
	private state: number;

	constructor(seed: number) {
		// A zero state would stay zero forever.
		this.state = (seed >>> 0) || 0x9e3779b9;
	}

	nextUint32(): number {
		let x = this.state;
		x ^= x << 13;
		x ^= x >>> 17;
		x ^= x << 5;
		this.state = x >>> 0;
		return this.state;
	}

	/** A float in [0, 1). */
	next(): number {
		return this.nextUint32() / 0x1_0000_0000;
	}

	/** An integer in [low, high). */
	integer(low: number, high: number): number {
		return low + Math.floor(this.next() * (high - low));
	}

	chance(probability: number): boolean {
		return this.next() < probability;
	}

	pick<T>(items: readonly T[]): T {
		const item = items[this.integer(0, items.length)];
		if (item === undefined) throw new Error('pick from an empty list');
		return item;
	}

	/** exp(uniform(ln low, ln high)): many small values, a long tail of large ones, like file sizes. */
	logUniform(low: number, high: number): number {
		return Math.exp(Math.log(low) + this.next() * (Math.log(high) - Math.log(low)));
	}

	/** `count` distinct items, in random order (partial Fisher–Yates on a copy). */
	sample<T>(items: readonly T[], count: number): T[] {
		const copy = [...items];
		const wanted = Math.min(count, copy.length);
		for (let i = 0; i < wanted; i++) {
			const j = this.integer(i, copy.length);
			[copy[i], copy[j]] = [copy[j]!, copy[i]!];
		}

		return copy.slice(0, wanted);
	}
}
