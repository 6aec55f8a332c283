/**
 * A look at the command line before meow parses it: which flags were given, whether help, the version or a
 * completion script is asked for, and one line for an unknown flag (with the nearest known one) or a missing value.
 */
import leven from 'leven';
import {UserError} from '../errors.js';
import {isShell, type Shell} from './completions.js';
import {type FlagRow, flagTable, isCamelCase, spellingsOf} from './flag-table.js';

export type Request =
	| {kind: 'help'}
	| {kind: 'version'}
	| {kind: 'completion'; shell: Shell}
	/** `given`: the table's names of the flags on the command line, for `refuseFlagsOutside`. */
	| {kind: 'run'; given: Set<string>};

const seeHelp = '(see layerscope --help)';

const rowBySpelling = new Map(flagTable.flatMap(row => spellingsOf(row).map(spelling => [spelling, row] as const)));

/** `-5` is a value or an argument (a layer, a negative number), not a flag. */
const isFlagLike = (argument: string) => argument.length > 1 && argument.startsWith('-') && !/^-\d/.test(argument);

export function scanArguments(argv: string[]): Request {
	if (argv.length === 2 && argv[0] === 'completion') {
		const shell = argv[1]!;
		if (!isShell(shell)) throw new UserError(`completion ${shell}: no such shell: choose bash, zsh or fish`);
		return {kind: 'completion', shell};
	}

	const given = new Set<string>();
	for (let index = 0; index < argv.length; index++) {
		const argument = argv[index]!;
		if (argument === '--') break;
		if (!isFlagLike(argument)) continue;
		const [spelling, inlineValue] = splitAtEquals(argument);
		const row = rowBySpelling.get(spelling);
		if (row === undefined) throw new UserError(unknownFlagMessage(spelling));
		given.add(row.name);
		if (row.kind === 'boolean') continue;
		if (inlineValue !== undefined) {
			if (inlineValue === '' && !row.emptyAllowed) throw missingValue(spelling, row);
			continue;
		}

		const next = argv[index + 1];
		if (next !== undefined && !isFlagLike(next)) index++;
		else if (!row.emptyAllowed) throw missingValue(spelling, row);
	}

	if (given.has('help')) return {kind: 'help'};
	if (given.has('version')) return {kind: 'version'};
	return {kind: 'run', given};
}

function splitAtEquals(argument: string): [string, string | undefined] {
	const equals = argument.indexOf('=');
	return equals === -1 || !argument.startsWith('--') ? [argument, undefined] : [argument.slice(0, equals), argument.slice(equals + 1)];
}

function missingValue(spelling: string, row: FlagRow): UserError {
	return new UserError(`${spelling} needs a value: ${row.value ?? 'one'} ${seeHelp}`);
}

/** `unknown flag --tra: did you mean --tar? (see layerscope --help)`. */
export function unknownFlagMessage(spelling: string): string {
	const nearest = nearestFlag(spelling);
	return `unknown flag ${spelling}${nearest === undefined ? '' : `: did you mean ${nearest}?`} ${seeHelp}`;
}

/** The known spelling closest to a mistyped one, if one is close enough to be what was meant. */
function nearestFlag(spelling: string): string | undefined {
	const typed = spelling.replace(/^-+/, '').toLowerCase();
	if (typed.length < 2) return undefined;
	const longSpellings = [...rowBySpelling.keys()].filter(known => known.startsWith('--') && !isCamelCase(known));
	const prefixed = longSpellings.filter(known => known.slice(2).startsWith(typed));
	if (typed.length >= 3 && prefixed.length === 1) return prefixed[0];
	const tolerance = Math.max(2, Math.floor(typed.length / 3));
	let best: {spelling: string; distance: number} | undefined;
	for (const known of longSpellings) {
		const distance = leven(typed, known.slice(2));
		if (distance <= tolerance && (best === undefined || distance < best.distance)) best = {spelling: known, distance};
	}

	return best?.spelling;
}
