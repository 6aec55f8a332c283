import {writeFileSync} from 'node:fs';
import {inFile} from '../errors.js';

/** Writes a report as indented JSON to a file, or to stdout for `-`. */
export function writeJsonReport(report: object, destination: string): void {
	// JSON leaves DEL and the C1 controls as they are; written escaped, they cannot act on a terminal showing them.
	const text = `${JSON.stringify(report, null, 2).replaceAll(/[\u007f-\u009f]/g, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
	if (destination === '-') {
		process.stdout.write(text);
		return;
	}

	try {
		writeFileSync(destination, text);
	} catch (error) {
		throw inFile(destination, `cannot write the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}
}
