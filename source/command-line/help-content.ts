/**
 * The words around the flag table that `--help` and the man page share: the usage lines, each section's title and
 * notes, the environment and the exit codes. Each renderer lays them out its own way.
 */
import {type Section} from './flag-table.js';

export const summary = 'see what is inside a container image and where its bytes go';

/** `[command, what it does]`. */
export const usage: ReadonlyArray<[string, string]> = [
	['layerscope --tar image.tar [options]', 'an image archive (docker save, podman save, OCI)'],
	['layerscope docker-archive://image.tar', 'the same, dive\'s spelling (also oci-archive://, oci://DIR)'],
	['layerscope [--root DIR] IMAGE', 'an image of a storage root (name, id or digest), read in place'],
	['layerscope [--root DIR]', 'where the disk of a container host went (images, prunes, orphans)'],
	['layerscope completion bash|zsh|fish', 'print a completion script for the shell'],
];

/** An argument that is an existing file or directory is an archive or layout; anything else is an image reference. */
export const argumentRule = [
	'IMAGE: an argument that is an existing file or directory is read as an archive or OCI layout, as --tar would;',
	'anything else is an image reference. "completion" followed by a shell name is the subcommand; an image named',
	'completion is reached as --image completion, or with its tag (completion:latest).',
];

export const sections: ReadonlyArray<{section: Section; title: string; notes?: string[]}> = [
	{section: 'sources', title: 'Sources'},
	{section: 'modes', title: 'Modes (the first that applies wins)', notes: ['(a terminal): the interactive view; otherwise a text summary']},
	{section: 'options', title: 'Options'},
	{section: 'gate', title: 'CI gate (with --ci; rules also come from .layerscope-ci.yml, or dive\'s .dive-ci; flags win)', notes: [
		'Sizes: 1B, 50kB, 20MB (decimal, as dive), 512KiB, 1GiB. Any rule takes "disabled" (or an empty value).',
	]},
	{section: 'extract', title: 'Extracting files'},
];

/** `[variable, what it does]`. */
export const environment: ReadonlyArray<[string, string]> = [
	['NO_COLOR', 'when set and not empty, no colour (no-color.org)'],
	['FORCE_COLOR', '0 or false: no colour; any other value: colour even when not a terminal; wins over NO_COLOR'],
	['CI', 'true, 1 or yes turns the gate on, unless --no-ci or --list'],
	['GITHUB_ACTIONS', 'true: the gate also writes GitHub annotations'],
	['GITHUB_STEP_SUMMARY', 'the file --markdown adds to rather than replaces'],
];

/** `[code, meaning]`. */
export const exitCodes: ReadonlyArray<[string, string]> = [
	['0', 'done (or the gate passed)'],
	['1', 'a gate rule failed'],
	['2', 'a usage, config or input error (one line on stderr)'],
];
