import {type Progress} from './progress.js';

/**
 * Shows progress of long work on stderr: an updating line on a terminal (at most 10 times a second), or a plain
 * line every 5 seconds in a log, from the second second on. Nothing for work that ends quickly.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): {update: (progress: Progress) => void; done: () => void} {
	const interactive = stream.isTTY === true;
	const startedAt = Date.now();
	let lastAt = 0;
	let shown = false;
	return {
		update(progress) {
			const now = Date.now();
			// A terminal gets a live line soon; a log gets a line only for work that is really long.
			if (now - startedAt < (interactive ? 300 : 2000) || now - lastAt < (interactive ? 100 : 5000)) return;
			lastAt = now;
			const line = describe(progress);
			if (interactive) stream.write(`\r\u001B[2K${line}`);
			else stream.write(`${line}\n`);
			shown = true;
		},
		done() {
			if (shown && interactive) stream.write('\r\u001B[2K');
		},
	};
}

function describe(progress: Progress): string {
	const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
	const share = progress.bytesTotal > 0 ? ` ${Math.min(100, Math.floor((progress.bytesDone / progress.bytesTotal) * 100))} %` : '';
	const layers = progress.layersTotal > 0 ? `, layer ${Math.min(progress.layersDone + 1, progress.layersTotal)}/${progress.layersTotal}` : '';
	return `layerscope: ${progress.phase}${share} (${megabytes(progress.bytesDone)}${progress.bytesTotal > 0 ? ` of ${megabytes(progress.bytesTotal)}` : ''}${layers})`;
}
