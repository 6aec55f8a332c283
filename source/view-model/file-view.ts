import {escapeControl, formatBytes} from '../analysis/display.js';

/** What the viewer shows of a path: a title, notes (link, whiteout, cut short), and the lines of its content. */
export type FileContent = {title: string; notes: string[]; lines: string[]};

/** How a file leaves the browser: what the UI asks of the session that holds the open image. */
export type FileActions = {
	/** The content of a path (binary, no leading `/`) as of a layer, formatted for the viewer. */
	view: (path: string, layer: number) => Promise<FileContent>;
	/** Where `extract` writes that path, as shown to the user, and whether something is there already. */
	extractTarget: (path: string) => {shown: string; exists: boolean};
	/** Writes the path as of a layer into the extraction directory; returns the line the status bar shows. */
	extract: (path: string, layer: number, overwrite: boolean) => Promise<string>;
	/** Puts the text on the terminal's clipboard (OSC 52). */
	copy: (text: string) => void;
};

/** The viewer reads at most this much of a file. */
export const viewerLimit = 1024 * 1024;
const hexBytesPerLine = 16;
const tabStop = 8;

/**
 * A file's first bytes as lines: text (valid UTF-8 without NUL) with tabs expanded and control characters escaped,
 * anything else as a hex dump. `size` is the whole file's; a note says when only the first MiB is shown.
 */
export function contentLines(bytes: Uint8Array, size: number): {notes: string[]; lines: string[]} {
	const notes = size > bytes.length ? [`${formatBytes(size)} (${size} bytes): showing the first ${formatBytes(bytes.length)}`] : [];
	if (size === 0) return {notes: ['empty file'], lines: []};
	const text = decodedText(bytes, size > bytes.length);
	if (text === undefined) return {notes: [...notes, 'binary: hex dump'], lines: hexDump(bytes)};
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return {notes, lines: lines.map(line => escapeControl(expandTabs(line.replace(/\r$/, ''))))};
}

/** The bytes as UTF-8 text, or undefined when they are not text. A cut-off file may end inside a character. */
function decodedText(bytes: Uint8Array, cut: boolean): string | undefined {
	if (bytes.includes(0)) return undefined;
	const decoder = new TextDecoder('utf-8', {fatal: true});
	for (let trim = 0; trim <= (cut ? 3 : 0); trim++) {
		try {
			return decoder.decode(bytes.subarray(0, bytes.length - trim));
		} catch {}
	}

	return undefined;
}

function expandTabs(line: string): string {
	if (!line.includes('\t')) return line;
	let out = '';
	for (const character of line) out += character === '\t' ? ' '.repeat(tabStop - (out.length % tabStop)) : character;
	return out;
}

/** `00000010  68 65 6c 6c 6f 0a …  |hello.|`, as `hexdump -C` prints it. */
export function hexDump(bytes: Uint8Array): string[] {
	const lines: string[] = [];
	for (let at = 0; at < bytes.length; at += hexBytesPerLine) {
		const row = bytes.subarray(at, at + hexBytesPerLine);
		const hex = Array.from(row, byte => byte.toString(16).padStart(2, '0'));
		const halves = `${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}`.padEnd(hexBytesPerLine * 3);
		const printable = Array.from(row, byte => (byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.')).join('');
		lines.push(`${at.toString(16).padStart(8, '0')}  ${halves} |${printable}|`);
	}

	return lines;
}
