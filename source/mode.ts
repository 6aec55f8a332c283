/** Which face layerscope shows; the first that applies wins (DEVELOPERS.md, the command-line contract). */
export type Mode = 'list' | 'ci' | 'json' | 'tui' | 'text';

export type ModeInputs = {
	list: boolean;
	/** `--ci` true, `--no-ci` false, neither undefined. */
	ci: boolean | undefined;
	json: string | undefined;
	ciEnvironment: string | undefined;
	stdinIsTty: boolean;
	stdoutIsTty: boolean;
};

export function isCiEnvironment(value: string | undefined): boolean {
	return /^(true|1|yes)$/i.test(value?.trim() ?? '');
}

export function chooseMode(inputs: ModeInputs): Mode {
	if (inputs.list) return 'list';
	if (inputs.ci === true || (inputs.ci === undefined && isCiEnvironment(inputs.ciEnvironment))) return 'ci';
	if (inputs.json !== undefined) return 'json';
	if (inputs.stdinIsTty && inputs.stdoutIsTty) return 'tui';
	return 'text';
}

const aliases = [/^docker-archive:(\/\/)?/, /^oci-archive:(\/\/)?/, /^oci:(\/\/)?/];

/** dive-style source names (`docker-archive://FILE`, `oci-archive://FILE`, `oci://DIR`) to the path they name. */
export function archivePathOf(source: string): string {
	for (const alias of aliases) if (alias.test(source)) return source.replace(alias, '');
	return source;
}

export function isArchiveAlias(source: string): boolean {
	return aliases.some(alias => alias.test(source));
}
