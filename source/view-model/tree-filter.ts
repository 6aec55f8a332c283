import {binaryToText} from '../analysis/paths.js';
import {type PathTable} from './path-table.js';

export type FilterSyntax = 'regex' | 'glob';

/** A compiled filter: tests an absolute text path (`/usr/bin/env`) or, for a glob without `/`, a base name. */
export type PathMatcher = {
	test: (path: string, name: string) => boolean;
	/** Set when the text is plain (no special characters): a longer plain text can only match fewer paths. */
	literal?: string;
};

export type CompiledFilter = {matcher: PathMatcher} | {error: string};

const regexSpecial = /[\\^$.*+?()[\]{}|]/;
const globSpecial = /[*?[\]]/;

/** Compiles the filter text; an empty text is no filter (undefined). */
export function compileFilter(text: string, syntax: FilterSyntax): CompiledFilter | undefined {
	if (text === '') return undefined;
	if (syntax === 'regex') {
		if (!regexSpecial.test(text)) return {matcher: {literal: text, test: path => path.includes(text)}};
		try {
			const pattern = new RegExp(text);
			return {matcher: {test: path => pattern.test(path)}};
		} catch (error) {
			return {error: `invalid regex: ${(error as Error).message.replace(/^Invalid regular expression: /, '')}`};
		}
	}

	if (!globSpecial.test(text) && !text.includes('/')) return {matcher: {literal: text, test: path => path.includes(text)}};
	const pattern = new RegExp(`${text.includes('/') ? '(^|/)' : '^'}${globToRegex(text.replace(/^\//, ''))}$`);
	return {matcher: text.includes('/') ? {test: path => pattern.test(path)} : {test: (_path, name) => pattern.test(name)}};
}

function globToRegex(glob: string): string {
	let out = '';
	for (let at = 0; at < glob.length; at++) {
		const character = glob[at]!;
		if (character === '*' && glob[at + 1] === '*') {
			out += '.*';
			at++;
		} else if (character === '*') {
			out += '[^/]*';
		} else if (character === '?') {
			out += '[^/]';
		} else if (character === '[') {
			const close = glob.indexOf(']', at + 2);
			if (close === -1) out += '\\[';
			else {
				out += `[${glob.slice(at + 1, close).replace(/^!/, '^').replaceAll('\\', '\\\\')}]`;
				at = close;
			}
		} else {
			out += character.replace(/[\\^$.*+?()[\]{}|]/, '\\$&');
		}
	}

	return out;
}

/** Text paths of every path in the table, built once on the first filter (`/` for the root). */
export function textPaths(table: PathTable): {full: string[]; names: string[]} {
	const paths = Array.from({length: table.count}, () => '');
	const names = Array.from({length: table.count}, () => '');
	for (let id = 1; id < table.count; id++) {
		names[id] = binaryToText(table.names[id]!);
		paths[id] = `${paths[table.parent[id]!]!}/${names[id]}`;
	}

	return {full: paths, names};
}

/** Which paths a filter matches (1) or not (0), by id. */
export type FilterMatches = {text: string; syntax: FilterSyntax; literal?: string; matched: Uint8Array};

/**
 * Matches every path against a filter. When the previous filter was plain text that this one extends, only its
 * matches are tested again: typing one more letter narrows the set instead of rescanning the whole image.
 */
export function matchPaths(
	table: PathTable, paths: {full: string[]; names: string[]}, text: string, syntax: FilterSyntax, matcher: PathMatcher, previous?: FilterMatches,
): FilterMatches {
	const matched = new Uint8Array(table.count);
	const narrowing = previous?.literal !== undefined && matcher.literal !== undefined && previous.syntax === syntax && matcher.literal.includes(previous.literal);
	for (let id = 1; id < table.count; id++) {
		if (narrowing && previous.matched[id] === 0) continue;
		if (matcher.test(paths.full[id]!, paths.names[id]!)) matched[id] = 1;
	}

	const result: FilterMatches = {text, syntax, matched};
	if (matcher.literal !== undefined) result.literal = matcher.literal;
	return result;
}
