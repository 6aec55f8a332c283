import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';

/** Moments of a real start of the built CLI in a tmux terminal, in milliseconds from the start. */
export type TerminalStart = {
	firstTextMs: number;
	firstProgressMs?: number;
	browserMs: number;
	quitMs: number;
	/** Peak resident memory of the CLI process, read from /proc just before q (Linux). */
	peakRssBytes?: number;
};

/** The peak resident set (VmHWM) of the process the pane's shell started, from /proc. */
function peakRssOfPaneChild(panePid: number): number | undefined {
	try {
		const children = readFileSync(`/proc/${panePid}/task/${panePid}/children`, 'utf8').trim().split(/\s+/);
		const status = readFileSync(`/proc/${children[0]}/status`, 'utf8');
		const kib = /^VmHWM:\s+(\d+) kB/m.exec(status)?.[1];
		return kib === undefined ? undefined : Number(kib) * 1024;
	} catch {
		return undefined;
	}
}

/** Peak resident memory of the same CLI writing the JSON report: the analysis alone, without the UI (GNU time). */
export function peakRssOfJsonRun(cliPath: string, archive: string): number | undefined {
	const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, cliPath, '--tar', archive, '--json', '/dev/null'], {encoding: 'utf8', env: {...process.env, CI: ''}});
	const kib = /(\d+)\s*$/.exec(result.stderr ?? '')?.[1];
	return result.status === 0 && kib !== undefined ? Number(kib) * 1024 : undefined;
}

/**
 * Starts `node dist/cli.js --tar ARCHIVE` in a private tmux server (120×40, CI unset) and watches the screen every
 * few milliseconds: when the first text appears, when a progress figure does, when the browser is up, and how
 * long q takes to give the shell back. Undefined when tmux is not installed.
 */
export async function timeTerminalStart(cliPath: string, archive: string): Promise<TerminalStart | undefined> {
	if (spawnSync('tmux', ['-V']).status !== 0) return undefined;
	const socketDirectory = mkdtempSync(path.join(tmpdir(), 'layerscope-tmux-'));
	const socket = path.join(socketDirectory, 'socket');
	const tmux = (...args: string[]) => spawnSync('tmux', ['-S', socket, ...args], {encoding: 'utf8'}).stdout ?? '';
	const screen = () => tmux('capture-pane', '-p', '-t', 'bench');
	try {
		const started = performance.now();
		tmux('new-session', '-d', '-s', 'bench', '-x', '120', '-y', '40', `env -u CI node '${cliPath}' --tar '${archive}'; echo "layerscope exited"; sleep 600`);
		const when = async (test: (text: string) => boolean, timeoutMs = 300_000) => {
			while (performance.now() - started < timeoutMs) {
				if (test(screen())) return performance.now() - started;
				await new Promise(resolve => setTimeout(resolve, 5));
			}

			throw new Error('timed out watching the terminal');
		};

		const firstTextMs = await when(text => text.includes('layerscope'));
		let firstProgressMs: number | undefined;
		const browserMs = await when(text => {
			if (firstProgressMs === undefined && / \d+ % \(/.test(text)) firstProgressMs = performance.now() - started;
			return text.includes('▶ Layers');
		});
		const panePid = Number(tmux('list-panes', '-t', 'bench', '-F', '#{pane_pid}').trim());
		const peakRssBytes = peakRssOfPaneChild(panePid);
		const quitAt = performance.now();
		tmux('send-keys', '-t', 'bench', 'q');
		await when(text => text.includes('layerscope exited'));
		return {
			firstTextMs, ...(firstProgressMs === undefined ? {} : {firstProgressMs}), browserMs, quitMs: performance.now() - quitAt,
			...(peakRssBytes === undefined ? {} : {peakRssBytes}),
		};
	} finally {
		spawnSync('tmux', ['-S', socket, 'kill-server']);
		rmSync(socketDirectory, {recursive: true, force: true});
	}
}
