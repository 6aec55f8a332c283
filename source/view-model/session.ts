import {type BrowseModel} from './browse-model.js';

/** Progress of loading, as the archive readers report it (bytes of input, layers read). */
export type LoadingProgress = {phase: string; bytesDone: number; bytesTotal: number; layersDone: number; layersTotal: number};

/** One image of an archive that holds several, for the picker. */
export type PickerImage = {name: string; id: string; layers: number; platform?: string};

/** What the terminal UI shows while a session goes from opening the archive to browsing an image. */
export type SessionPhase =
	| {phase: 'loading'; label: string; progress?: LoadingProgress}
	| {phase: 'picker'; label: string; images: PickerImage[]}
	| {phase: 'browse'; model: BrowseModel};

/** What the UI can ask of the session. */
export type SessionControls = {pick: (index: number) => void; quit: () => void};

/** A value that changes over time and tells its subscribers (the shape `useSyncExternalStore` takes). */
export type Store<T> = {get: () => T; set: (value: T) => void; subscribe: (listener: () => void) => () => void};

/** A store holding one value, which tells its subscribers of every `set`. */
export function createStore<T>(initial: T): Store<T> {
	let value = initial;
	const listeners = new Set<() => void>();
	return {
		get: () => value,
		set(next) {
			value = next;
			for (const listener of listeners) listener();
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}

/** `reading layers 45 % [█████░░░░░] 520 MB of 1157 MB, layer 4/8`, to fit `width` columns. */
export function progressText(progress: LoadingProgress | undefined, width: number): {line: string; bar: string} {
	if (!progress) return {line: 'opening the archive…', bar: ''};
	const share = progress.bytesTotal > 0 ? Math.min(1, progress.bytesDone / progress.bytesTotal) : 0;
	const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(0)} MB`;
	const layers = progress.layersTotal > 0 ? `, layer ${Math.min(progress.layersDone + 1, progress.layersTotal)}/${progress.layersTotal}` : '';
	const total = progress.bytesTotal > 0 ? ` of ${megabytes(progress.bytesTotal)}` : '';
	const line = `${progress.phase} ${Math.floor(share * 100)} % (${megabytes(progress.bytesDone)}${total}${layers})`;
	const barWidth = Math.max(10, Math.min(60, width - 4));
	const filled = Math.round(share * barWidth);
	return {line, bar: `[${'█'.repeat(filled)}${'░'.repeat(barWidth - filled)}]`};
}
