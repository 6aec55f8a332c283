import {cleanup as inkCleanup, render as inkRender} from 'ink-testing-library';
import {act, type ReactElement} from 'react';

(globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean}).IS_REACT_ACT_ENVIRONMENT = true;

/** Key sequences as a terminal sends them. */
export const keys = {
	up: '\u001B[A', down: '\u001B[B', right: '\u001B[C', left: '\u001B[D', pageUp: '\u001B[5~', pageDown: '\u001B[6~',
	home: '\u001B[H', end: '\u001B[F', tab: '\t', shiftTab: '\u001B[Z', enter: '\r', escape: '\u001B', backspace: '\u007F', ctrlC: '\u0003',
} as const;

export type Rendered = {
	frame: () => string;
	frames: string[];
	press: (...sequence: string[]) => Promise<void>;
	/** Gives the fake terminal a new size and tells the app, as a terminal's SIGWINCH would. */
	resize: (columns: number, rows: number) => Promise<void>;
	rerender: (tree: ReactElement) => Promise<void>;
	unmount: () => void;
};

/**
 * Renders through ink-testing-library inside act(), so every commit has happened before the test looks at the frame
 * (React commits after Ink parses the keys: asserting without act() is flaky). `press` writes each key separately, as a person typing would.
 */
export async function render(tree: ReactElement): Promise<Rendered> {
	const ui = await act(async () => inkRender(tree));
	return {
		frame: () => ui.lastFrame() ?? '',
		frames: ui.frames,
		unmount: ui.unmount,
		async rerender(next) {
			await act(async () => ui.rerender(next));
		},
		async resize(columns, rows) {
			await act(async () => {
				Object.defineProperty(ui.stdout, 'columns', {value: columns, configurable: true});
				Object.defineProperty(ui.stdout, 'rows', {value: rows, configurable: true});
				ui.stdout.emit('resize');
			});
		},
		async press(...sequence) {
			for (const key of sequence) {
				await act(async () => {
					ui.stdin.write(key);
				});
			}
		},
	};
}

export const cleanup = async () => act(async () => inkCleanup());
