import {type FlagRow, flagTable, isCamelCase, spellingsOf} from './flag-table.js';
import {argumentRule, environment, exitCodes, sections, summary, usage} from './help-content.js';

const nameColumn = 26;
const width = 100;

/** What `--help` prints: the same table and words as the man page, for a terminal. */
export function helpText(): string {
	const lines = [`layerscope: ${summary}`, '', 'Usage'];
	const commandWidth = Math.max(...usage.map(([command]) => command.length)) + 2;
	for (const [command, what] of usage) lines.push(`  $ ${command.padEnd(commandWidth)}${what}`);
	lines.push(...argumentRule.map(line => `  ${line}`));
	for (const {section, title, notes} of sections) {
		lines.push('', title);
		for (const row of flagTable.filter(row => row.section === section)) lines.push(...flagLines(row));
		for (const note of notes ?? []) lines.push(...wrapped(note, width - 2).map(line => `  ${line}`));
	}

	lines.push('', 'Environment');
	for (const [name, what] of environment) lines.push(...described(name, what));
	lines.push('', `Exit codes: ${exitCodes.map(([code, meaning]) => `${code} ${meaning}`).join('; ')}.`);
	return `${lines.join('\n')}\n`;
}

/** `--ci, --no-ci`, `-h, --help`, `--tar FILE|DIR|-`: the spellings a user types (dive's camelCase ones go unsaid). */
export function flagUsage(row: FlagRow): string {
	const spellings = spellingsOf(row).filter(spelling => !isCamelCase(spelling));
	const shorts = spellings.filter(spelling => !spelling.startsWith('--'));
	const longs = spellings.filter(spelling => spelling.startsWith('--'));
	const named = [...shorts, ...longs].join(', ');
	return row.value === undefined ? named : `${named} ${row.value}`;
}

function flagLines(row: FlagRow): string[] {
	return described(flagUsage(row), row.description);
}

/** The name in its column and the words wrapped beside it; a long name puts the words on the next line. */
function described(name: string, what: string): string[] {
	const words = wrapped(what, width - nameColumn);
	const head = `  ${name}`;
	if (head.length >= nameColumn - 1) return [head, ...words.map(line => `${' '.repeat(nameColumn)}${line}`)];
	return words.map((line, index) => `${index === 0 ? head.padEnd(nameColumn) : ' '.repeat(nameColumn)}${line}`);
}

function wrapped(text: string, columns: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		if (line !== '' && line.length + 1 + word.length > columns) {
			lines.push(line);
			line = word;
		} else {
			line = line === '' ? word : `${line} ${word}`;
		}
	}

	return [...lines, line];
}
