import {writeFileSync} from 'node:fs';
import {inFile} from '../errors.js';

/** Writes a report as indented JSON to a file, or to stdout for `-`. */
export function writeJsonReport(report: object, destination: string): void {
	const text = `${JSON.stringify(report, null, 2)}\n`;
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
