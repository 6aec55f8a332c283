/**
 * Progress of long work, one model from the readers to the progress line on stderr and the loading screen: the
 * readers report it, `terminal.ts` and the UI word it with the functions below.
 */
export type Progress = {
	phase: string;
	bytesDone: number;
	bytesTotal: number;
	layersDone: number;
	layersTotal: number;
};

export type ProgressListener = (progress: Progress) => void;

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;

/** The share done, from 0 to 1; 0 while the total is unknown. */
function shareDone(progress: Progress): number {
	return progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : 0;
}

/** `(520 MB of 1157 MB, layer 4/8)`: the bytes, and the layer under way. */
function amounts(progress: Progress): string {
	const total = progress.bytesTotal > 0 ? ` of ${megabytes(progress.bytesTotal)}` : '';
	const layers = progress.layersTotal > 0 ? `, layer ${Math.min(progress.layersDone + 1, progress.layersTotal)}/${progress.layersTotal}` : '';
	return `(${megabytes(progress.bytesDone)}${total}${layers})`;
}

/** `reading layers 45 % (520 MB of 1157 MB, layer 4/8)`, the share left out while the total is unknown. */
export function progressSentence(progress: Progress): string {
	const share = progress.bytesTotal > 0 ? ` ${Math.floor(shareDone(progress) * 100)} %` : '';
	return `${progress.phase}${share} ${amounts(progress)}`;
}

/** The loading screen's line and bar: `reading layers 45 % (…)` and `[█████░░░░░]`, the bar fitted to `width`. */
export function progressText(progress: Progress | undefined, width: number): {line: string; bar: string} {
	if (!progress) return {line: 'opening the archive…', bar: ''};
	const share = shareDone(progress);
	const line = `${progress.phase} ${Math.floor(share * 100)} % ${amounts(progress)}`;
	const barWidth = Math.max(10, Math.min(60, width - 4));
	const filled = Math.round(share * barWidth);
	return {line, bar: `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]`};
}
