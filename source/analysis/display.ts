import prettyBytes from 'pretty-bytes';
import {binaryToText} from './paths.js';

/** Escapes control characters (C0, DEL, C1) so that untrusted names cannot drive the terminal: ESC → `\x1b`. */
export function escapeControl(text: string): string {
	// eslint-disable-next-line no-control-regex
	return text.replace(/[\u0000-\u001f\u007f-\u009f\\]/g, character => {
		if (character === '\\') return '\\\\';
		return `\\x${character.charCodeAt(0).toString(16).padStart(2, '0')}`;
	});
}

/** A binary path as safe text for a terminal: `/` + UTF-8 decoded + escaped. */
export function safePath(binaryPath: string): string {
	return escapeControl(`/${binaryToText(binaryPath)}`);
}

/** Decimal sizes as `docker` and dive print them (kB = 1000 bytes). */
export function formatBytes(bytes: number): string {
	return prettyBytes(bytes);
}

export function formatPercent(ratio: number, digits = 1): string {
	return `${(ratio * 100).toFixed(digits)} %`;
}

/** Shortens a build step for a one-line table: drops the shell prefix and cuts at `width`. */
export function shortCommand(command: string | undefined, width: number): string {
	if (command === undefined || command === '') return '(no build step)';
	const short = command
		.replace(/^\/bin\/sh -c #\(nop\)\s+/, '')
		.replace(/^\/bin\/sh -c /, 'RUN ')
		.replace(/^RUN \/bin\/sh -c /, 'RUN ')
		.replace(/\s+# buildkit$/, '')
		.replaceAll(/\s+/g, ' ')
		.trim();
	const safe = escapeControl(short);
	return safe.length > width ? `${safe.slice(0, Math.max(0, width - 1))}…` : safe;
}
