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

/** Time slices of long work: `over` once `sliceMs` have passed since the event loop last had a turn. */
export type TimeSlices = {over: () => boolean; yield: () => Promise<void>};

/** `setImmediate` between slices lets pending input (keys, signals) be read before the work goes on. */
export function timeSlices(sliceMs = 30): TimeSlices {
	let started = performance.now();
	return {
		over: () => performance.now() - started >= sliceMs,
		async yield() {
			await new Promise<void>(resolve => {
				setImmediate(resolve);
			});
			started = performance.now();
		},
	};
}

/** Runs the steps, giving the event loop a turn (keys, signals, redraws) whenever a slice has run for `sliceMs`. */
export async function runInSlices<T>(steps: Steps<T>, sliceMs = 30): Promise<T> {
	const slice = timeSlices(sliceMs);
	for (;;) {
		const next = steps.next();
		if (next.done) return next.value;
		if (slice.over()) await slice.yield();
	}
}
