import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {projectRoot} from './cli.js';

export const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/**
 * A private tmux server whose socket lives in a directory of its own, so that nothing touches anyone else's
 * sessions; `close` kills the server and removes the directory.
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
		/** Polls the pane until `wanted` holds, as a person watching would; fails with the last screen. */
		async waitFor(wanted: (text: string) => boolean, what: string, timeout = 30_000): Promise<string> {
			const deadline = Date.now() + timeout;
			let text = '';
			while (Date.now() < deadline) {
				text = screen();
				if (wanted(text)) return text;
				await new Promise(resolve => setTimeout(resolve, 50));
			}

			throw new Error(`timed out waiting for ${what}; the screen shows:\n${text}`);
		},
		close(): void {
			spawnSync('tmux', ['-S', socket, 'kill-server']);
			rmSync(socketDirectory, {recursive: true, force: true});
		},
	};
}
