import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {projectRoot} from './cli.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** One run of the built CLI in a tmux window: its screen, its keyboard, and how it ended. */
export type TerminalRun = {
	screen: () => string;
	/** Sends tmux key names (`q`, `C-c`, `Enter`) or, with `literal`, a string written in one go. */
	keys: (...names: string[]) => void;
	literal: (text: string) => void;
	waitFor: (wanted: (text: string) => boolean, what: string, timeout?: number) => Promise<string>;
	/** When the CLI exited (ms since the epoch, from the shell), once it has. */
	exitedAt: () => number | undefined;
	/** Whether the pane is on the alternate screen, and whether the cursor shows. */
	modes: () => {alternateScreen: boolean; cursorShown: boolean};
};

/**
 * A private tmux server whose socket lives in a directory of its own, so that nothing touches anyone else's
 * sessions. Each run's shell records when the CLI exited, whether the terminal settings (`stty -g`) are what they
 * were before it, and its exit code: `layerscope exited N`.
 */
export function tmuxServer() {
	const directory = mkdtempSync(path.join(tmpdir(), 'layerscope-tmux-'));
	const socket = path.join(directory, 'socket');
	let runs = 0;
	const tmux = (...args: string[]): string => {
		const result = spawnSync('tmux', ['-S', socket, ...args], {encoding: 'utf8', cwd: projectRoot});
		if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
		return result.stdout;
	};

	/** Starts `node dist/cli.js ARGS` in a fresh window of this size. */
	function start(args: string, size = {columns: 120, rows: 40}): TerminalRun {
		const session = `run-${++runs}`;
		const exitFile = path.join(directory, `${session}.exited`);
		// CI=true makes Ink hold back every frame until exit (Ink's CI mode): the child must not see it.
		const script = [
			'settings=$(stty -g)',
			`env -u CI -u GITHUB_ACTIONS node dist/cli.js ${args}`,
			'code=$?',
			`date +%s%3N > '${exitFile}'`,
			'[ "$(stty -g)" = "$settings" ] && echo "terminal settings restored"',
			'echo "layerscope exited $code"',
			'sleep 60',
		].join('; ');
		tmux('new-session', '-d', '-s', session, '-x', String(size.columns), '-y', String(size.rows), script);
		const screen = () => tmux('capture-pane', '-p', '-t', session);
		return {
			screen,
			keys: (...names) => tmux('send-keys', '-t', session, ...names),
			literal: text => tmux('send-keys', '-t', session, '-l', text),
			waitFor: async (wanted, what, timeout = 30_000) => pollScreen(screen, wanted, what, timeout, 20),
			exitedAt() {
				try {
					return Number(readFileSync(exitFile, 'utf8'));
				} catch {
					return undefined;
				}
			},
			modes() {
				const [alternate, cursor] = tmux('display-message', '-p', '-t', session, '#{alternate_on} #{cursor_flag}').trim().split(' ');
				return {alternateScreen: alternate === '1', cursorShown: cursor === '1'};
			},
		};
	}

	return {
		start,
		directory,
		close() {
			if (hasTmux) spawnSync('tmux', ['-S', socket, 'kill-server']);
			rmSync(directory, {recursive: true, force: true});
		},
	};
}

/**
 * A private tmux server for tests that drive one window at a time, start a shell, or read the colours drawn;
 * `close` kills the server and removes the directory. (`tmuxServer` is for runs whose exit and terminal state
 * are timed and checked.)
 */
export function privateTmux() {
	const socketDirectory = mkdtempSync(path.join(tmpdir(), 'layerscope-tmux-'));
	const socket = path.join(socketDirectory, 'socket');
	let session = '';
	let sessions = 0;
	const tmux = (...args: string[]): string => {
		const result = spawnSync('tmux', ['-S', socket, ...args], {encoding: 'utf8', cwd: projectRoot});
		if (result.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${result.stderr}`);
		return result.stdout;
	};

	/** The pane's text; with `escapes`, with the SGR sequences that draw its colours and attributes. */
	const screen = (escapes = false) => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', session);
	return {
		screen,
		/** Starts the built CLI in a fresh 120×40 window (CI unset: Ink holds back frames in CI); the shell then says how it exited. */
		start(args: string, environment = ''): void {
			session = `cli-${++sessions}`;
			tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', `env -u CI -u GITHUB_ACTIONS -u NO_COLOR -u FORCE_COLOR ${environment} node dist/cli.js ${args}; echo "layerscope exited $?"; sleep 60`);
		},
		/** Starts a shell (or any command) in a fresh 120×40 window, to type into. */
		startShell(command: string): void {
			session = `shell-${++sessions}`;
			tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
		},
		keys: (...names: string[]) => tmux('send-keys', '-t', session, ...names),
		/** Bytes as a terminal would send them (a mouse report, a paste), not key names. */
		literal: (bytes: string) => tmux('send-keys', '-t', session, '-l', bytes),
		/** Polls the pane until `wanted` holds, as a person watching would; fails with the last screen. */
		waitFor: async (wanted: (text: string) => boolean, what: string, timeout = 30_000) => pollScreen(() => screen(), wanted, what, timeout, 50),
		/** Any tmux command on this server; `session()` names the window started last. */
		tmux,
		session: () => session,
		/** A directory of the server's own, removed with it. */
		directory: socketDirectory,
		close(): void {
			spawnSync('tmux', ['-S', socket, 'kill-server']);
			rmSync(socketDirectory, {recursive: true, force: true});
		},
	};
}

/** Polls a screen until `wanted` holds, every `interval` ms, as a person watching would; fails with the last screen. */
async function pollScreen(screen: () => string, wanted: (text: string) => boolean, what: string, timeout: number, interval: number): Promise<string> {
	const deadline = Date.now() + timeout;
	let text = '';
	while (Date.now() < deadline) {
		text = screen();
		if (wanted(text)) return text;
		await new Promise(resolve => setTimeout(resolve, interval));
	}

	throw new Error(`timed out waiting for ${what}; the screen shows:\n${text}`);
}
