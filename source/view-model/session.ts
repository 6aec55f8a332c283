import {type Progress} from '../progress.js';
import {type BrowseModel} from './browse-model.js';

/** One image of an archive that holds several, for the picker. */
export type PickerImage = {name: string; id: string; layers: number; platform?: string};

/** What the terminal UI shows while a session goes from opening the archive to browsing an image. */
export type SessionPhase =
	| {phase: 'loading'; label: string; progress?: Progress}
	| {phase: 'picker'; label: string; images: PickerImage[]}
	| {phase: 'browse'; model: BrowseModel};

/** Before the image view: q quits as it does there (exit 0); Ctrl-C interrupts (exit 130, as a shell reports it). */
export const quitCodes: Readonly<Record<string, number>> = {q: 0, 'ctrl-c': 130};

/** What the UI can ask of the session: open an image, or end with an exit code (q 0, Ctrl-C 130 while loading or picking). */
export type SessionControls = {pick: (index: number) => void; quit: (exitCode: number) => void};

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
