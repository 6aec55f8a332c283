/** A problem with what the user gave us (a file, a flag, a config): reported as one line, never as a stack. */
export class UserError extends Error {
	readonly exitCode: number;

	constructor(message: string, exitCode = 2) {
		super(message);
		this.name = 'UserError';
		this.exitCode = exitCode;
	}
}

/** Prefix a message with the file it concerns, the way every input error names its file. */
export function inFile(file: string, problem: string): UserError {
	return new UserError(`${file}: ${problem}`);
}
