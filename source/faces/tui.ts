import process from 'node:process';
import {escapeControl} from '../analysis/display.js';
import {loadBrowseModel, pickerImages} from '../browse-session.js';
import {UserError} from '../errors.js';
import {chooseImage} from '../inspect-image.js';
import {type Progress} from '../progress.js';
import {type ImageSource, type OpenedImages} from '../sources/image-source.js';
import {closeQuietly, type Deferred, deferred, enterAlternateScreen, leaveAlternateScreen, progressBarLine, throttled} from '../terminal.js';
import {mouseOff, mouseOn} from '../view-model/mouse.js';
import {createStore, type SessionPhase, type Store} from '../view-model/session.js';

export type TuiOptions = {
	baseLayers?: number;
	/** `--layer N`: the layer the browser opens on (default the last). */
	layer?: number;
	/** Where `e` writes files (default: the working directory). */
	extractDir?: string;
};

type Signals = {quit: Deferred<void>; picked: Deferred<number>; uiReady: Deferred<void>};
type Loading = {done: Promise<void>; opened: () => OpenedImages | undefined};

/**
 * The interactive face. Reading starts at once, and a plain progress line (figures and a bar) shows on stderr until
 * Ink is up: its imports take about 0.4 s, longer while the reading keeps the machine busy. Then the UI takes the
 * alternate screen: progress, the picker for a source of several images, the browser. Returns the exit code;
 * q or Ctrl-C while loading exits at once with 130.
 */
export async function runTui(source: ImageSource, options: TuiOptions): Promise<number> {
	const label = escapeControl(source.label);
	if (process.stderr.isTTY) process.stderr.write(`layerscope: opening ${label}…`);
	const plain = progressBarLine(process.stderr);
	const session = createStore<SessionPhase>({phase: 'loading', label});
	const signals: Signals = {quit: deferred(), picked: deferred(), uiReady: deferred()};
	let uiUp = false;
	let latest: Progress | undefined;
	const onProgress = throttled((progress: Progress) => {
		latest = progress;
		if (uiUp) session.set({phase: 'loading', label, progress});
		else plain.update(progress);
	});
	process.once('SIGINT', stopBeforeUi);
	const loading = startLoading(source, options, session, onProgress, signals);
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
	process.stdout.write(enterAlternateScreen + mouseOn);
	// Whatever ends the process (a crash, a kill included), the terminal gets its screen and its mouse back.
	process.once('exit', restoreTerminal);
	process.once('SIGTERM', exitOnSignal).once('SIGHUP', exitOnSignal);
	const app = mountApp(session, {quit: () => signals.quit.resolve(), pick: index => signals.picked.resolve(index)});
	uiUp = true;
	if (latest && session.get().phase === 'loading') session.set({phase: 'loading', label, progress: latest});
	signals.uiReady.resolve();
	return browseUntilQuit(app, loading, signals.quit.promise);
}

let terminalRestored = false;

/** Mouse reports off, the normal screen back: once, on quit or however the process ends. */
function restoreTerminal(): void {
	if (terminalRestored) return;
	terminalRestored = true;
	process.stdout.write(mouseOff + leaveAlternateScreen);
}

/** A kill ends the process the usual way (128 + the signal), through the `exit` listeners that restore the terminal. */
function exitOnSignal(signal: NodeJS.Signals): void {
	process.exit(signal === 'SIGHUP' ? 129 : 143);
}

/** Until Ink takes the keyboard, Ctrl-C is a signal: end the progress line and stop. */
function stopBeforeUi(): void {
	process.stderr.write('\n');
	process.exit(130);
}

function startLoading(source: ImageSource, options: TuiOptions, session: Store<SessionPhase>, onProgress: (progress: Progress) => void, signals: Signals): Loading {
	let opened: OpenedImages | undefined;
	const label = escapeControl(source.label);
	const done = (async () => {
		opened = await source.open(onProgress);
		const image = await imageToOpen(opened, label, session, signals);
		session.set({phase: 'loading', label});
		const last = image.layers.length - 1;
		if (options.layer !== undefined && options.layer > last) throw new UserError(`--layer ${options.layer}: the image has layers 0 to ${last}`);
		session.set({phase: 'browse', model: await loadBrowseModel(opened, image, {baseLayers: options.baseLayers, extractDir: options.extractDir, onProgress}, options.layer)});
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
		restoreTerminal();
		closeQuietly(loading.opened());
		// Quitting while loading: hashing runs on worker threads that would keep the process alive until they finish.
		if (abandoned) process.exit(130);
	}
}

/** The image the source names or the only one; for a source of several, the one the picker returns. */
async function imageToOpen(opened: OpenedImages, label: string, session: Store<SessionPhase>, signals: Signals) {
	if (opened.wanted !== undefined || opened.images.length <= 1) return chooseImage(opened);
	await signals.uiReady.promise;
	session.set({phase: 'picker', label, images: pickerImages(opened)});
	return opened.images[await signals.picked.promise]!;
}
