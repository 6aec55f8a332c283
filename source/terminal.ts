/**
 * Process and terminal plumbing the faces share: writing to stdout, the progress line on stderr, the alternate
 * screen, promises resolved from outside, throttling, and closing without masking the error under way.
 */
import process from 'node:process';
import {type Progress, progressSentence, progressText} from './progress.js';

export const enterAlternateScreen = '\u001B[?1049h';
export const leaveAlternateScreen = '\u001B[?1049l';
/** Back to the start of the line, and erase it. */
export const eraseLine = '\r\u001B[2K';

/** Writes to stdout and resolves once the bytes are handed over, so that the exit code follows the output. */
export async function writeStdout(text: string, encoding: BufferEncoding = 'utf8'): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		process.stdout.write(Buffer.from(text, encoding), error => {
			if (error) reject(error);
			else resolve();
		});
	});
}

/** Closes a thing on the way out of a `finally`: an error while closing must not hide the one that got us here. */
export function closeQuietly(closable: {close: () => void} | undefined): void {
	try {
		closable?.close();
	} catch {}
}

export type Deferred<T> = {promise: Promise<T>; resolve: (value: T) => void};

/** A promise and the function that resolves it, for a UI event to end a wait. */
export function deferred<T>(): Deferred<T> {
	let resolve!: (value: T) => void;
	const promise = new Promise<T>(done => {
		resolve = done;
	});
	return {promise, resolve};
}

/** At most ten calls a second, so that reporting progress never competes with drawing. */
export function throttled<T>(call: (value: T) => void): (value: T) => void {
	let lastAt = 0;
	return value => {
		const now = Date.now();
		if (now - lastAt < 100) return;
		lastAt = now;
		call(value);
	};
}

export type ProgressDisplay = {update: (progress: Progress) => void; done: () => void};

/**
 * Shows progress of long work on stderr: an updating line on a terminal (at most 10 times a second), or a plain
 * line every 5 seconds in a log, from the second second on. Nothing for work that ends quickly.
 */
export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
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
			const line = `layerscope: ${progressSentence(progress)}`;
			if (interactive) stream.write(`${eraseLine}${line}`);
			else stream.write(`${line}\n`);
			shown = true;
		},
		done() {
			if (shown && interactive) stream.write(eraseLine);
		},
	};
}

/**
 * The progress line the terminal UI shows on stderr until Ink is up, with the loading screen's figures and bar.
 * Nothing when stderr is not a terminal.
 */
export function progressBarLine(stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
	const width = () => Math.max(40, (stream.columns || 80) - 1);
	if (!stream.isTTY) return {update() {}, done() {}};
	return {
		update(progress) {
			const {line, bar} = progressText(progress, 30);
			stream.write(`${eraseLine}${`layerscope: ${line} ${bar}`.slice(0, width())}`);
		},
		done: () => stream.write(eraseLine),
	};
}

/**
 * Reads q and Ctrl-C from a terminal's keyboard until the UI takes it over: raw mode at once, so that neither waits
 * for Enter (nor is echoed) while Ink loads; other keys typed meanwhile are dropped. The stream stays in paused mode
 * (read on 'readable', as Ink reads it), so that after `handOver` what is typed next waits in it for the UI's own
 * reader; `release` gives the keyboard back.
 */
export function quitKeysUntilUi(stdin: NodeJS.ReadStream, onQuit: (exitCode: number) => void): {handOver: () => void; release: () => void} {
	if (!stdin.isTTY) return {handOver() {}, release() {}};
	const onReadable = () => {
		for (let chunk = stdin.read() as Buffer | null; chunk !== null; chunk = stdin.read() as Buffer | null) {
			const typed = chunk.toString('latin1');
			if (typed.includes('\u0003')) onQuit(130);
			else if (typed.includes('q')) onQuit(0);
		}
	};

	stdin.setRawMode(true);
	stdin.on('readable', onReadable);
	return {
		handOver() {
			stdin.off('readable', onReadable);
		},
		/** For an end before the UI is up: raw mode off, and the keyboard no longer keeps the process alive. */
		release() {
			stdin.off('readable', onReadable);
			stdin.setRawMode(false);
			stdin.unref();
		},
	};
}
