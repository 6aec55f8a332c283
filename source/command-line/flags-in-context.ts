import {UserError} from '../errors.js';
import {type Context, flagTable, longFlag} from './flag-table.js';

/** How a message names each context. */
const contextNames: Record<Context, string> = {
	list: '--list',
	gate: 'the gate (--ci)',
	json: 'the JSON report (--json)',
	tui: 'the interactive view',
	text: 'the text summary (output not a terminal)',
	disk: 'the disk overview (no image named)',
	extract: 'extraction (--extract)',
};

/** Whether a flag of the table takes effect in this context. */
export function appliesIn(name: string, context: Context): boolean {
	const row = flagTable.find(row => row.name === name);
	return row === undefined || row.appliesTo === 'every' || row.appliesTo.includes(context);
}

/** Refuses, in one line, the first flag given that would do nothing in this context. */
export function refuseFlagsOutside(given: Iterable<string>, context: Context): void {
	for (const name of given) {
		if (appliesIn(name, context)) continue;
		const row = flagTable.find(row => row.name === name)!;
		const where = row.appliesTo === 'every' ? [] : row.appliesTo.map(applies => contextNames[applies]);
		throw new UserError(`${longFlag(row)} does not apply to ${contextNames[context]}: it works with ${where.join(', ')}`);
	}
}
