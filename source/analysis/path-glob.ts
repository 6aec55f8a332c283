/**
 * Globs for paths of the final view (absolute, such as `/root/.ssh/id_rsa`):
 * - `*` matches within one name, `?` one character, `[abc]` / `[!abc]` one of (or none of) a set;
 * - `**` as a whole name matches any number of names, none included, so `/root/.ssh/**` also matches `/root/.ssh`;
 * - `{pem,key}` matches either word;
 * - a pattern that does not start with `/` matches at any depth (`*.pem` is read as `/**` + `/*.pem`);
 * - names that start with a dot are matched like any other (`*.pem` matches `/.hidden.pem`).
 */
export type PathGlob = {pattern: string; matches: (path: string) => boolean};

export function compileGlob(pattern: string): PathGlob {
	const anchored = pattern.startsWith('/') ? pattern : `/**/${pattern}`;
	const expressions = expandBraces(anchored).map(expanded => new RegExp(`^${namesExpression(expanded)}$`, 's'));
	return {pattern, matches: path => expressions.some(expression => expression.test(path))};
}

/** A glob for one name (no `/`), such as a file tree's filter matches against base names. */
export function compileNameGlob(pattern: string): (name: string) => boolean {
	const expressions = expandBraces(pattern).map(expanded => new RegExp(`^${nameExpression(expanded)}$`, 's'));
	return name => expressions.some(expression => expression.test(name));
}

function namesExpression(pattern: string): string {
	const names = pattern.split('/').filter(name => name !== '');
	if (names.length === 0) return '/';
	return names.map(name => (name === '**' ? '(?:/[^/]+)*' : `/${nameExpression(name)}`)).join('');
}

function nameExpression(name: string): string {
	let expression = '';
	for (let index = 0; index < name.length; index++) {
		const character = name[index]!;
		if (character === '*') expression += '[^/]*';
		else if (character === '?') expression += '[^/]';
		else if (character === '[' && name.indexOf(']', index + 2) > index) {
			const end = name.indexOf(']', index + 2);
			expression += characterClass(name.slice(index + 1, end));
			index = end;
		} else {
			expression += escapeRegExp(character);
		}
	}

	return expression;
}

function characterClass(body: string): string {
	const negated = body.startsWith('!') || body.startsWith('^');
	const members = (negated ? body.slice(1) : body).replaceAll(/[\\\]^]/g, '\\$&');
	return negated ? `[^/${members}]` : `[${members}]`;
}

/** `a{b,c}d` → `abd`, `acd`; braces without a comma are kept as they are. */
function expandBraces(pattern: string): string[] {
	const match = /\{([^{}]*,[^{}]*)\}/.exec(pattern);
	if (!match) return [pattern];
	const before = pattern.slice(0, match.index);
	const after = pattern.slice(match.index + match[0].length);
	return match[1]!.split(',').flatMap(choice => expandBraces(`${before}${choice}${after}`));
}

function escapeRegExp(text: string): string {
	return text.replaceAll(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
