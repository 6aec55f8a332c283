import {compileGlob, compileNameGlob, GlobTooLarge} from '../analysis/path-glob.js';
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
const globSpecial = /[*?[\]{}]/;

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
	try {
		return {matcher: globMatcher(text)};
	} catch (error) {
		if (error instanceof GlobTooLarge) return {error: 'too many {…} alternatives'};
		throw error;
	}
}

/** The gate's globs (analysis/path-glob.ts): without a `/` a glob names a base name at any depth. */
function globMatcher(text: string): PathMatcher {
	if (!text.includes('/')) {
		const matchesName = compileNameGlob(text);
		return {test: (_path, name) => matchesName(name)};
	}

	const glob = compileGlob(text);
	return {test: path => glob.matches(path)};
}

/** Base names as text (UTF-8 decoded); an ASCII name is the very string the table holds, so this costs little. */
export function textNames(table: PathTable): string[] {
	return table.names.map(name => binaryToText(name));
}

/**
 * Every path as text, kept for regular expressions: a regex over strings built on the fly costs about five times
 * as much as over kept ones, about 65 bytes a path. Plain-text filters do without (they narrow as one types).
 */
export function textPaths(table: PathTable, names: string[]): string[] {
	const full = Array.from({length: table.count}, () => '');
	for (let id = 1; id < table.count; id++) full[id] = `${full[table.parent[id]!]!}/${names[id]!}`;
	return full;
}

/** The texts filters match against: base names always, whole paths once a regular expression needed them. */
export type FilterPaths = {names: string[]; full?: string[]};

/** Which paths a filter matches (1) or not (0), by id. */
export type FilterMatches = {text: string; syntax: FilterSyntax; literal?: string; matched: Uint8Array};

/**
 * Matches every path against a filter. When the previous filter was plain text that this one extends, only its
 * matches are tested again: typing one more letter narrows the set instead of rescanning the whole image.
 */
export function matchPaths(
	table: PathTable, paths: FilterPaths, text: string, syntax: FilterSyntax, matcher: PathMatcher, previous?: FilterMatches,
): FilterMatches {
	const {names, full} = paths;
	const matched = new Uint8Array(table.count);
	const narrowing = previous?.literal !== undefined && matcher.literal !== undefined && previous.syntax === syntax && matcher.literal.includes(previous.literal);
	// Without kept paths: ids run depth first, so each path is its parent's path plus its name, one string per depth.
	const pathAtDepth: string[] = [''];
	for (let id = 1; id < table.count; id++) {
		let path = full?.[id];
		if (path === undefined) {
			const depth = table.depth[id]!;
			path = `${pathAtDepth[depth - 1]!}/${names[id]!}`;
			pathAtDepth[depth] = path;
		}

		if (narrowing && previous.matched[id] === 0) continue;
		if (matcher.test(path, names[id]!)) matched[id] = 1;
	}

	const result: FilterMatches = {text, syntax, matched};
	if (matcher.literal !== undefined) result.literal = matcher.literal;
	return result;
}
