import process from 'node:process';
import {escapeControl} from '../display/text.js';
import {chooseImage, type OpenedArchive, openImageArchive} from '../inspect-image.js';
import {type Progress} from '../progress.js';
import {loadBrowseModel, pickerImages} from '../browse-session.js';
import {createStore, progressText, type SessionPhase, type Store} from '../view-model/session.js';

export type TuiOptions = {
	/** The archive's path, or a label for an `opened` source (a storage root). */
	tar: string;
	image?: string;
	/** `os/arch[/variant]`: which platform of a multi-platform archive. */
	platform?: string;
	baseLayers?: number;
	/** A source opened already (a storage root's images): read from it instead of opening `tar`. It is closed at the end. */
	opened?: OpenedArchive;
};

export const enterAlternateScreen = '\u001B[?1049h';
export const leaveAlternateScreen = '\u001B[?1049l';

export type Deferred<T> = {promise: Promise<T>; resolve: (value: T) => void};
export function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>(done => {
		resolve = done;
	});
	return {promise, resolve};
}

type Signals = {quit: Deferred<void>; picked: Deferred<number>; uiReady: Deferred<void>};
type Loading = {done: Promise<void>; opened: () => OpenedArchive | undefined};

/**
 * The interactive face. Reading starts at once, and a plain progress line (figures and a bar) shows on stderr until
 * Ink is up: its imports take about 0.4 s, longer while the reading keeps the machine busy. Then the UI takes the
 * alternate screen: progress, the picker for an archive of several images, the browser. Returns the exit code;
 * q or Ctrl-C while loading exits at once with 130.
 */
export async function runTui(options: TuiOptions): Promise<number> {
	const label = escapeControl(options.tar);
	if (process.stderr.isTTY) process.stderr.write(`layerscope: opening ${label}…`);
	const plain = plainProgress(process.stderr);
	const session = createStore<SessionPhase>({phase: 'loading', label});
	const signals: Signals = {quit: deferred(), picked: deferred(), uiReady: deferred()};
	let uiUp = false;
	let latest: Progress | undefined;
	const onProgress = throttled(progress => {
		latest = progress;
		if (uiUp) session.set({phase: 'loading', label, progress});
		else plain.update(progress);
	});
	process.once('SIGINT', stopBeforeUi);
	const loading = startLoading(options, session, onProgress, signals);
	const ui = import('../components/mount-app.js');
	// A source that cannot be opened fails before the UI is needed: report it without taking the screen.
	const failed = await Promise.race([ui.then(() => undefined), loading.done.then(() => undefined, (error: unknown) => ({error}))]);
	plain.done();
	if (failed) {
		closeQuietly(loading.opened());
		throw failed.error;
	}

	const {mountApp} = await ui;
	process.off('SIGINT', stopBeforeUi);
	process.stdout.write(enterAlternateScreen);
	const app = mountApp(session, {quit: () => signals.quit.resolve(), pick: index => signals.picked.resolve(index)});
	uiUp = true;
	if (latest && session.get().phase === 'loading') session.set({phase: 'loading', label, progress: latest});
	signals.uiReady.resolve();
	return browseUntilQuit(app, loading, signals.quit.promise);
}

/** Until Ink takes the keyboard, Ctrl-C is a signal: end the progress line and stop. */
function stopBeforeUi(): void {
	process.stderr.write('\n');
	process.exit(130);
}

function startLoading(options: TuiOptions, session: Store<SessionPhase>, onProgress: (progress: Progress) => void, signals: Signals): Loading {
	let opened: OpenedArchive | undefined;
	const done = (async () => {
		opened = options.opened ?? await openImageArchive(options.tar, onProgress, options.platform);
		const image = await imageToOpen(opened, options, session, signals);
		session.set({phase: 'loading', label: escapeControl(options.tar)});
		const baseLayers = options.baseLayers === undefined ? {} : {baseLayers: options.baseLayers};
		session.set({phase: 'browse', model: await loadBrowseModel(opened, image, {source: options.tar, onProgress, ...baseLayers})});
	})();
	done.catch(() => {}); // Awaited by browseUntilQuit; this only keeps an early failure from counting as unhandled.
	return {done, opened: () => opened};
}

async function browseUntilQuit(app: {unmount: () => void}, loading: Loading, quit: Promise<void>): Promise<number> {
	let abandoned = false;
	try {
		const ready = await Promise.race([loading.done.then(() => true), quit.then(() => false)]);
		abandoned = !ready;
		if (ready) await quit;
		return abandoned ? 130 : 0;
	} finally {
		app.unmount();
		process.stdout.write(leaveAlternateScreen);
		closeQuietly(loading.opened());
		// Quitting while loading: hashing runs on worker threads that would keep the process alive until they finish.
		if (abandoned) process.exit(130);
	}
}

/** The image `--image` names or the only one; for an archive of several, the one the picker returns. */
async function imageToOpen(opened: OpenedArchive, options: TuiOptions, session: Store<SessionPhase>, signals: Signals) {
	if (options.image !== undefined || opened.images.length <= 1) return chooseImage(opened, options.image);
	await signals.uiReady.promise;
	session.set({phase: 'picker', label: escapeControl(options.tar), images: pickerImages(opened)});
	return opened.images[await signals.picked.promise]!;
}

/**
 * The progress line on stderr until Ink is up, with the same figures and bar as the loading screen. Reading starts
 * at once, so this line is what shows progress first (Ink's imports wait behind the reading for a second or more).
 */
function plainProgress(stream: NodeJS.WriteStream): {update: (progress: Progress) => void; done: () => void} {
	const width = () => Math.max(40, (stream.columns || 80) - 1);
	if (!stream.isTTY) return {update() {}, done() {}};
	return {
		update(progress) {
			const {line, bar} = progressText(progress, 30);
			stream.write(`\r\u001B[2K${`layerscope: ${line} ${bar}`.slice(0, width())}`);
		},
		done: () => stream.write('\r\u001B[2K'),
	};
}

/** At most ten progress updates a second, so that loading never competes with drawing (toolchain §6.2). */
export function throttled(update: (progress: Progress) => void): (progress: Progress) => void {
	let lastAt = 0;
	return progress => {
		const now = Date.now();
		if (now - lastAt < 100) return;
		lastAt = now;
		update(progress);
	};
}

export function closeQuietly(opened: OpenedArchive | undefined): void {
	try {
		opened?.files.close();
	} catch {}
}
