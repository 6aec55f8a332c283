import process from 'node:process';
import {escapeControl} from '../analysis/display.js';
import {browseModelOf, pickerImages} from '../browse-session.js';
import {UserError} from '../errors.js';
import {chooseImage, loadImage} from '../inspect-image.js';
import {type Progress} from '../progress.js';
import {type ImageSource, type OpenedImages} from '../sources/image-source.js';
import {
	closeQuietly, type Deferred, deferred, enterAlternateScreen, leaveAlternateScreen, progressBarLine, quitKeysUntilUi, throttled,
} from '../terminal.js';
import {mouseOff, mouseOn} from '../view-model/mouse.js';
import {createStore, type SessionPhase, type Store} from '../view-model/session.js';

export type TuiOptions = {
	baseLayers?: number;
	/** `--layer N`: the layer the browser opens on (default the last). */
	layer?: number;
	/** Where `e` writes files (default: the working directory). */
	extractDir?: string;
};

type Signals = {quit: Deferred<number>; picked: Deferred<number>; uiReady: Deferred<void>};
type Loading = {done: Promise<void>; opened: () => OpenedImages | undefined};

/**
 * The interactive face. Reading starts at once, and a plain progress line (figures and a bar) shows on stderr until
 * Ink is up: its imports take about 0.4 s, longer while the reading keeps the machine busy. Then the UI takes the
 * alternate screen: progress, the picker for a source of several images, the browser. Returns the exit code.
 * q (exit 0) and Ctrl-C (exit 130) are answered at any moment: read in raw mode before Ink is up, and the analysis
 * runs in slices that let them in (`runInSlices`).
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
	const keyboard = quitKeysUntilUi(process.stdin, stopBeforeUi);
	function stopBeforeUi(exitCode: number): void {
		plain.done();
		keyboard.release();
		process.exit(exitCode);
	}

	const interrupted = () => stopBeforeUi(130);
	process.once('SIGINT', interrupted);
	const loading = startLoading(source, options, session, onProgress, signals);
	const ui = import('../components/mount-app.js');
	// A source that cannot be opened fails before the UI is needed: report it without taking the screen.
	const failed = await Promise.race([ui.then(() => undefined), loading.done.then(() => undefined, (error: unknown) => ({error}))]);
	plain.done();
	if (failed) {
		keyboard.release();
		closeQuietly(loading.opened());
		throw failed.error;
	}

	const {mountApp} = await ui;
	process.off('SIGINT', interrupted);
	keyboard.handOver();
	process.stdout.write(enterAlternateScreen + mouseOn);
	// Whatever ends the process (a crash, a kill included), the terminal gets its screen and its mouse back.
	process.once('exit', restoreTerminal);
	process.once('SIGTERM', exitOnSignal).once('SIGHUP', exitOnSignal);
	const app = mountApp(session, {quit: exitCode => signals.quit.resolve(exitCode), pick: index => signals.picked.resolve(index)});
	uiUp = true;
	if (latest && session.get().phase === 'loading') session.set({phase: 'loading', label, progress: latest});
	signals.uiReady.resolve();
	return browseUntilQuit(app, loading, signals.quit.promise);
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
		const loaded = await loadImage(opened, image, onProgress);
		// The analysis waits for the UI: Ink's imports then need no turns of the event loop shared with it.
		await signals.uiReady.promise;
		const {baseLayers, layer, extractDir} = options;
		session.set({phase: 'browse', model: await browseModelOf(opened, loaded, {baseLayers, layer, extractDir, onProgress})});
	})();
	done.catch(() => {}); // Awaited by browseUntilQuit; this only keeps an early failure from counting as unhandled.
	return {done, opened: () => opened};
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

async function browseUntilQuit(app: {unmount: () => void}, loading: Loading, quit: Promise<number>): Promise<number> {
	let abandoned = false;
	try {
		abandoned = await Promise.race([loading.done.then(() => false), quit.then(() => true)]);
		return await quit;
	} finally {
		app.unmount();
		restoreTerminal();
		closeQuietly(loading.opened());
		// Quitting while loading: the reading under way would keep the process alive until it ends.
		if (abandoned) process.exit(await quit);
	}
}

/** The image the source names or the only one; for a source of several, the one the picker returns. */
async function imageToOpen(opened: OpenedImages, label: string, session: Store<SessionPhase>, signals: Signals) {
	if (opened.wanted !== undefined || opened.images.length <= 1) return chooseImage(opened);
	await signals.uiReady.promise;
	session.set({phase: 'picker', label, images: pickerImages(opened)});
	return opened.images[await signals.picked.promise]!;
}
