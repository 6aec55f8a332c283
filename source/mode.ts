/** Which face layerscope shows; the first that applies wins (README, "Modes"). */
export type Mode = 'extract' | 'list' | 'gate' | 'json' | 'tui' | 'text';

export type ModeInputs = {
	/** `--extract PATH`. */
	extract?: string;
	list: boolean;
	/** `--ci` true, `--no-ci` false, neither undefined. */
	ci: boolean | undefined;
	json: string | undefined;
	ciEnvironment: string | undefined;
	stdinIsTty: boolean;
	stdoutIsTty: boolean;
};

/** `CI=true`, `1` or `yes`, as CI services set it. */
export function isCiEnvironment(value: string | undefined): boolean {
	return /^(true|1|yes)$/i.test(value?.trim() ?? '');
}

export function chooseMode(inputs: ModeInputs): Mode {
	if (inputs.extract !== undefined) return 'extract';
	if (inputs.list) return 'list';
	if (inputs.ci === true || (inputs.ci === undefined && isCiEnvironment(inputs.ciEnvironment))) return 'gate';
	if (inputs.json !== undefined) return 'json';
	if (inputs.stdinIsTty && inputs.stdoutIsTty) return 'tui';
	return 'text';
}
