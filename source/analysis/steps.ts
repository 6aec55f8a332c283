/**
 * Long pure work written as a generator that yields between small pieces of it. A caller that keeps a terminal
 * responsive runs it in slices (`runInSlices`), any other at once (`finish`): the work and its result are the same.
 */
export type Steps<T> = Generator<undefined, T, undefined>;

/** How many items a loop handles between two yields: a few milliseconds of work at most. */
export const itemsPerStep = 1024;

/** Runs the steps to the end without a pause. */
export function finish<T>(steps: Steps<T>): T {
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
	}
}

/**
 * Runs the steps, giving the event loop a turn (keys, signals, redraws) whenever a slice has run for `sliceMs`.
 * `setImmediate` lets pending input be read before the work goes on.
 */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 30): Promise<T> {
	let sliceStart = performance.now();
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
		if (performance.now() - sliceStart < sliceMs) continue;
		await new Promise<void>(resolve => {
			setImmediate(resolve);
		});
		sliceStart = performance.now();
	}
}
