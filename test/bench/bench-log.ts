import {performance} from 'node:perf_hooks';

/** Progress of the bench on stderr, with the time since start, so that stdout holds only the results. */
export type BenchLog = {
	step(message: string): void;
	detail(message: string): void;
};

export function benchLog(stream: NodeJS.WritableStream = process.stderr): BenchLog {
	const started = performance.now();
	const stamp = () => {
		const seconds = Math.floor((performance.now() - started) / 1000);
		return `[${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}]`;
	};

	return {
		step(message) {
			stream.write(`${stamp()} ${message}\n`);
		},
		detail(message) {
			stream.write(`${stamp()}   ${message}\n`);
		},
	};
}
