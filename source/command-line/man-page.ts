import {version} from '../version.js';
import {flagTable} from './flag-table.js';
import {argumentRule, environment, exitCodes, sections, summary, usage} from './help-content.js';
import {flagUsage} from './help-text.js';

/** `man/layerscope.1`, in roff: the flag table and the words `--help` shows. A test keeps the file equal to this. */
export function manPage(): string {
	const lines = [
		`.TH LAYERSCOPE 1 "" "layerscope ${version}" "User Commands"`,
		'.SH NAME',
		`layerscope \\- ${roff(summary)}`,
		'.SH SYNOPSIS',
		...usage.flatMap(([command]) => ['.nf', `.B ${roff(command)}`, '.fi']),
		'.SH DESCRIPTION',
		...usage.flatMap(([command, what]) => ['.TP', `.B ${roff(command)}`, roff(what)]),
		'.PP',
		roff(argumentRule.join(' ')),
	];
	for (const {section, title, notes} of sections) {
		lines.push(`.SH ${roff(title.replace(/ \(.*$/, '').toUpperCase())}`);
		if (title.includes('(')) lines.push(roff(title.slice(title.indexOf('(') + 1, -1)));
		for (const row of flagTable.filter(row => row.section === section)) lines.push('.TP', `.B ${roff(flagUsage(row))}`, roff(row.description));
		for (const note of notes ?? []) lines.push('.PP', roff(note));
	}

	lines.push('.SH ENVIRONMENT', ...environment.flatMap(([name, what]) => ['.TP', `.B ${name}`, roff(what)]));
	lines.push('.SH "EXIT STATUS"', ...exitCodes.flatMap(([code, meaning]) => ['.TP', `.B ${code}`, roff(meaning)]));
	lines.push('.SH "SEE ALSO"', '.BR docker (1),', '.BR dive (1)');
	return `${lines.join('\n')}\n`;
}

/** Text as roff reads it literally: backslashes and hyphens escaped, no line taken for a request. */
function roff(text: string): string {
	const escaped = text.replaceAll('\\', '\\e').replaceAll('-', '\\-');
	return /^[.']/.test(escaped) ? `\\&${escaped}` : escaped;
}
