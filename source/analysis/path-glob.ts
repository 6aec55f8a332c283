import {limits} from './limits.js';

/**
 * Globs for paths of the final view (absolute, such as `/root/.ssh/id_rsa`):
 * - `*` matches within one name, `?` one character, `[abc]` / `[!abc]` one of (or none of) a set;
 * - `**` as a whole name matches any number of names, none included, so `/root/.ssh/**` also matches `/root/.ssh`;
 * - `{pem,key}` matches either word;
 * - a pattern that does not start with `/` matches at any depth (`*.pem` is read as `/**` + `/*.pem`);
 * - names that start with a dot are matched like any other (`*.pem` matches `/.hidden.pem`).
 *
 * Matching never backtracks: names are matched against the pattern's names as a set of positions (as an NFA runs),
 * and a name against a name pattern in time proportional to their lengths' product, whatever the pattern holds.
 */
export type PathGlob = {pattern: string; matches: (path: string) => boolean};

/** A glob with more brace alternatives than `limits.globAlternatives`. */
export class GlobTooLarge extends Error {}

export function compileGlob(pattern: string): PathGlob {
	const anchored = pattern.startsWith('/') ? pattern : `/**/${pattern}`;
	const alternatives = expandBraces(anchored).map(expanded => compileNames(expanded));
	return {pattern, matches: path => alternatives.some(names => matchesNames(names, splitNames(path)))};
}

/** A glob for one name (no `/`), such as a file tree's filter matches against base names. */
export function compileNameGlob(pattern: string): (name: string) => boolean {
	const alternatives = expandBraces(pattern).map(expanded => compileName(expanded));
	return name => alternatives.some(tokens => matchesName(tokens, name));
}

/** One character of a name pattern: a literal, `?`, `*`, or a set. */
type Token = {kind: 'literal'; character: string} | {kind: 'any'} | {kind: 'star'} | {kind: 'set'; ranges: Array<[string, string]>; negated: boolean};

/** One name of a path pattern: `**`, or the tokens of a name. */
type NamePattern = {kind: 'any-names'} | {kind: 'name'; tokens: Token[]};

function splitNames(path: string): string[] {
	return path.split('/').filter(name => name !== '');
}

function compileNames(pattern: string): NamePattern[] {
	return splitNames(pattern).map(name => (name === '**' ? {kind: 'any-names'} : {kind: 'name', tokens: compileName(name)}));
}

function compileName(name: string): Token[] {
	const tokens: Token[] = [];
	for (let index = 0; index < name.length; index++) {
		const character = name[index]!;
		const end = character === '[' ? name.indexOf(']', index + 2) : -1;
		if (character === '*') {
			if (tokens.at(-1)?.kind !== 'star') tokens.push({kind: 'star'});
		} else if (character === '?') {
			tokens.push({kind: 'any'});
		} else if (end > index) {
			const body = name.slice(index + 1, end);
			const negated = body.startsWith('!') || body.startsWith('^');
			tokens.push({kind: 'set', ranges: setRanges(negated ? body.slice(1) : body), negated});
			index = end;
		} else {
			tokens.push({kind: 'literal', character});
		}
	}

	return tokens;
}

/** `a-z0-9_` → the ranges a–z, 0–9 and _–_. */
function setRanges(members: string): Array<[string, string]> {
	const ranges: Array<[string, string]> = [];
	for (let index = 0; index < members.length; index++) {
		const low = members[index]!;
		const high = members[index + 1] === '-' && index + 2 < members.length ? members[index + 2]! : low;
		ranges.push([low, high]);
		if (high !== low || members[index + 1] === '-') index += members[index + 1] === '-' && index + 2 < members.length ? 2 : 0;
	}

	return ranges;
}

/** Runs the path's names through the pattern's names, keeping every position the names so far can reach. */
function matchesNames(pattern: NamePattern[], names: string[]): boolean {
	let positions = closure(pattern, new Set([0]));
	for (const name of names) {
		const next = new Set<number>();
		for (const position of positions) {
			const part = pattern[position];
			if (part?.kind === 'any-names') next.add(position);
			else if (part?.kind === 'name' && matchesName(part.tokens, name)) next.add(position + 1);
		}

		positions = closure(pattern, next);
		if (positions.size === 0) return false;
	}

	return positions.has(pattern.length);
}

/** A `**` may also match no name at all: from its position, the next one is reachable too. */
function closure(pattern: NamePattern[], positions: Set<number>): Set<number> {
	const reached = new Set(positions);
	for (const position of [...reached].sort((a, b) => a - b)) {
		for (let next = position; pattern[next]?.kind === 'any-names'; next++) reached.add(next + 1);
	}

	return reached;
}

/** Whether one name matches a name pattern: the classic wildcard walk, back to the last star only, never further. */
function matchesName(tokens: Token[], name: string): boolean {
	let token = 0;
	let character = 0;
	let starToken = -1;
	let starCharacter = 0;
	while (character < name.length) {
		const current = tokens[token];
		if (current?.kind === 'star') {
			starToken = token++;
			starCharacter = character;
		} else if (current && matchesCharacter(current, name[character]!)) {
			token++;
			character++;
		} else if (starToken >= 0) {
			token = starToken + 1;
			character = ++starCharacter;
		} else {
			return false;
		}
	}

	while (tokens[token]?.kind === 'star') token++;
	return token === tokens.length;
}

function matchesCharacter(token: Token, character: string): boolean {
	switch (token.kind) {
		case 'literal': {
			return token.character === character;
		}

		case 'any': {
			return character !== '/';
		}

		case 'set': {
			return token.ranges.some(([low, high]) => character >= low && character <= high) !== token.negated && character !== '/';
		}

		case 'star': {
			return false;
		}
	}
}

/** `a{b,c}d` → `abd`, `acd`; braces without a comma are kept as they are. At most `limits.globAlternatives`. */
function expandBraces(pattern: string): string[] {
	const expanded: string[] = [];
	const pending = [pattern];
	while (pending.length > 0) {
		const current = pending.pop()!;
		const match = /\{([^{}]*,[^{}]*)\}/.exec(current);
		if (!match) {
			expanded.push(current);
			if (expanded.length > limits.globAlternatives) throw new GlobTooLarge(`${pattern}: its braces make more than ${limits.globAlternatives} patterns`);
			continue;
		}

		const before = current.slice(0, match.index);
		const after = current.slice(match.index + match[0].length);
		const choices = match[1]!.split(',');
		if (pending.length + choices.length > limits.globAlternatives) throw new GlobTooLarge(`${pattern}: its braces make more than ${limits.globAlternatives} patterns`);
		for (const choice of choices.reverse()) pending.push(`${before}${choice}${after}`);
	}

	return expanded;
}
