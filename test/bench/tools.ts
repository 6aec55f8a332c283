import {accessSync, constants} from 'node:fs';
import path from 'node:path';

/** The path of an executable on PATH (or an absolute path that is executable), or undefined when there is none. */
export function findExecutable(name: string): string | undefined {
	const candidates = name.includes('/')
		? [name]
		: (process.env['PATH'] ?? '').split(path.delimiter).filter(Boolean).map(directory => path.join(directory, name));
	return candidates.find(candidate => {
		try {
			accessSync(candidate, constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}
