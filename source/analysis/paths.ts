/**
 * Path rules for layer entries. Paths are kept as "binary" strings (one char per byte, latin1) so that names
 * that are not UTF-8 survive, and so that comparing two strings compares their bytes.
 */
import {limits} from './limits.js';

export type NormalizedPath = {ok: true; path: string} | {ok: false; problem: string};

/**
 * Normalizes a tar entry name the way Docker's layer applier does: strips a leading `/` and `./`, cleans `.` and
 * empty components and a trailing slash, drops the root itself (returns path ''), and refuses names that would
 * climb out of the root with `..`.
 */
export function normalizeEntryPath(raw: string): NormalizedPath {
	// No kernel resolves a longer path, so no engine can unpack such an entry; deeper views would only cost stack.
	if (raw.length > limits.pathBytes) return {ok: false, problem: `a path of ${raw.length} bytes, longer than any file system resolves (${limits.pathBytes}): ${raw.slice(0, 60)}…`};
	if (isClean(raw)) return {ok: true, path: raw.endsWith('/') ? raw.slice(0, -1) : raw};
	const parts: string[] = [];
	for (const part of raw.split('/')) {
		if (part === '' || part === '.') continue;
		if (part === '..') {
			if (parts.length === 0) return {ok: false, problem: `path escapes the root: ${raw}`};
			parts.pop();
			continue;
		}

		parts.push(part);
	}

	return {ok: true, path: parts.join('/')};
}

/** Already normalized but for a trailing slash: no leading `/` or `./`, no empty, `.` or `..` component. */
function isClean(raw: string): boolean {
	if (raw === '' || raw[0] === '/' || raw.startsWith('./') || raw === '.' || raw.includes('//')) return false;
	return !raw.includes('/./') && !raw.includes('..') && !raw.endsWith('/.');
}

/** Resolves a hard link's name (relative to the root, like an entry name) to a normalized path. */
export function normalizeLinkTarget(raw: string): string | undefined {
	const normalized = normalizeEntryPath(raw);
	return normalized.ok && normalized.path !== '' ? normalized.path : undefined;
}

export function parentOf(path: string): string {
	const slash = path.lastIndexOf('/');
	return slash === -1 ? '' : path.slice(0, slash);
}

/** Whether `path` names an entry directly inside `directory` ('' is the root), compared in place. */
export function isChildPath(path: string, directory: string): boolean {
	if (directory === '') return !path.includes('/');
	return path.length > directory.length + 1 && path.charCodeAt(directory.length) === 0x2f
		&& path.startsWith(directory) && !path.includes('/', directory.length + 1);
}

export function baseName(path: string): string {
	return path.slice(path.lastIndexOf('/') + 1);
}

export function joinPath(directory: string, name: string): string {
	return directory === '' ? name : `${directory}/${name}`;
}

/** Converts a binary (latin1) path to the UTF-8 text a person or a JSON reader sees. */
export function binaryToText(binary: string): string {
	// eslint-disable-next-line no-control-regex
	if (!/[^\u0000-\u007f]/.test(binary)) return binary;
	return Buffer.from(binary, 'latin1').toString('utf8');
}

/** Converts text (for example a name from a UTF-8 PAX record) to the binary form paths are kept in. */
export function textToBinary(text: string): string {
	// eslint-disable-next-line no-control-regex
	if (!/[^\u0000-\u007f]/.test(text)) return text;
	return Buffer.from(text, 'utf8').toString('latin1');
}

/** An absolute path for people and JSON readers: `/` + the binary path decoded as UTF-8. */
export function displayPath(binaryPath: string): string {
	return `/${binaryToText(binaryPath)}`;
}
