/**
 * Every flag of layerscope, once: its spellings, its value, what it says in `--help` and the man page, how the
 * shells complete it, and the modes it applies to. meow's flag object, the help text, the man page, the
 * completions and the refusal of a flag outside its modes are all made from this table, so they cannot drift.
 */
import {gateFlags} from '../gate/flags.js';
import {type Mode} from '../mode.js';

/** Where a flag can take effect: a mode of one image, the disk views of storage roots, or extraction. */
export type Context = Mode | 'disk';

/** What shells offer for a flag's value. */
export type ValueCompletion = 'file' | 'directory' | 'none';

export type Section = 'sources' | 'modes' | 'options' | 'gate' | 'extract';

export type FlagRow = {
	/** meow's key, camelCase: dive's spelling; the kebab-case spelling is made from it. */
	name: string;
	kind: 'string' | 'number' | 'boolean';
	/** The value's placeholder in the help, such as `FILE|DIR|-`; none for a boolean. */
	value?: string;
	shortFlags?: string[];
	/** May be given several times; every value counts. */
	repeatable?: boolean;
	/** A boolean that also has a `--no-` spelling. */
	negatable?: boolean;
	/** A missing value is allowed and means something (a gate rule's `disabled`); otherwise it is an error. */
	emptyAllowed?: boolean;
	section: Section;
	description: string;
	/** The contexts where it takes effect: anywhere else it is refused (see `flags-in-context.ts`). */
	appliesTo: readonly Context[] | 'every';
	completes?: ValueCompletion;
};

const oneImage: readonly Context[] = ['list', 'gate', 'json', 'tui', 'text', 'extract'];

const sourceFlags: FlagRow[] = [
	{name: 'tar', kind: 'string', value: 'FILE|DIR|-', section: 'sources', appliesTo: 'every', completes: 'file',
		description: 'a docker/podman save archive (plain, gzip or zstd), an OCI layout directory, or - for stdin'},
	{name: 'image', kind: 'string', value: 'REF', section: 'sources', appliesTo: 'every', completes: 'none',
		description: 'pick one image of an archive or root holding several (tag, id prefix or digest)'},
	{name: 'platform', kind: 'string', value: 'OS/ARCH', section: 'sources', appliesTo: oneImage, completes: 'none',
		description: 'the platform of a multi-platform image, in an archive or a root (default: this host\'s)'},
	{name: 'spoolLimit', kind: 'string', value: 'SIZE', section: 'sources', appliesTo: oneImage, completes: 'none',
		description: 'the most --tar -, a pipe or a compressed archive may write to the temporary directory (default 64GiB)'},
	{name: 'root', kind: 'string', value: 'DIR', repeatable: true, section: 'sources', appliesTo: 'every', completes: 'directory',
		description: 'a Docker data root, containerd root or containers/storage root, read-only (repeatable; default: /var/lib/docker, /var/lib/containerd, /var/lib/containers/storage, ~/.local/share/containers/storage)'},
];

const modeFlags: FlagRow[] = [
	{name: 'list', kind: 'boolean', section: 'modes', appliesTo: 'every',
		description: 'print the union view as TSV (after --layer N, default the last layer)'},
	{name: 'ci', kind: 'boolean', negatable: true, section: 'modes', appliesTo: 'every',
		description: 'the efficiency gate (also when CI=true|1|yes; --no-ci keeps it off)'},
	{name: 'json', kind: 'string', value: 'PATH|-', section: 'modes', appliesTo: ['gate', 'json', 'disk'], completes: 'file',
		description: 'write the full report as JSON (- for stdout); with --ci, the report with the verdicts'},
];

const optionFlags: FlagRow[] = [
	{name: 'layer', kind: 'number', value: 'N', section: 'options', appliesTo: ['list', 'tui', 'extract'], completes: 'none',
		description: 'the layer to show (layers count from 0): with --list the view after it, in the interactive view the layer it opens on'},
	{name: 'baseLayers', kind: 'number', value: 'N', section: 'options', appliesTo: ['gate', 'json', 'tui', 'text'], completes: 'none',
		description: 'the base image is layers 0..N-1 (default: detected)'},
	{name: 'color', kind: 'boolean', negatable: true, section: 'options', appliesTo: 'every',
		description: 'colour on (--color) or off (--no-color); default: on for a terminal, off with NO_COLOR (FORCE_COLOR wins over both)'},
	{name: 'debug', kind: 'boolean', section: 'options', appliesTo: 'every',
		description: 'show stack traces of internal errors'},
	{name: 'help', kind: 'boolean', shortFlags: ['h'], section: 'options', appliesTo: 'every',
		description: 'show this help'},
	{name: 'version', kind: 'boolean', shortFlags: ['v', 'V'], section: 'options', appliesTo: 'every',
		description: 'show the version'},
];

type GateFlagName = keyof typeof gateFlags;

/** Help for each gate flag: a `Record`, so that a flag added to the gate without a line here does not compile. */
const gateFlagHelp: Record<GateFlagName, {value: string; description: string; completes?: ValueCompletion}> = {
	ciConfig: {value: 'FILE', completes: 'file', description: 'the rules file (default: .layerscope-ci.yml, else .dive-ci, in this directory)'},
	junit: {value: 'FILE|-', completes: 'file', description: 'also write the verdicts as JUnit XML (- for stdout; the text then goes to stderr)'},
	markdown: {value: 'FILE|-', completes: 'file', description: 'also write a Markdown summary (added to $GITHUB_STEP_SUMMARY when it is that file)'},
	baseline: {value: 'REPORT', completes: 'file', description: 'an earlier --json report, for the growth rules'},
	lowestEfficiency: {value: 'R', description: 'dive\'s rule: fail when dive\'s efficiency is below R (default 0.9)'},
	highestWastedBytes: {value: 'SIZE', description: 'dive\'s rule: fail when dive\'s wasted bytes are above SIZE (default disabled)'},
	highestUserWastedPercent: {value: 'R', description: 'dive\'s rule: fail when wasted bytes over the user layers\' bytes are above R (default 0.1)'},
	minEfficiency: {value: 'R|P%', description: 'fail when visible / stored bytes is below it'},
	maxRetainedBytes: {value: 'SIZE', description: 'fail when retained bytes are above it'},
	maxRetainedPercent: {value: 'R|P%', description: 'fail when retained bytes over stored bytes are above it'},
	maxMetadataOnlyBytes: {value: 'SIZE', description: 'fail when bytes stored again by chmod/chown/touch are above it'},
	maxDuplicateBytes: {value: 'SIZE', description: 'fail when the same content kept at several paths is above it'},
	maxImageBytes: {value: 'SIZE', description: 'fail when stored bytes are above it'},
	maxLayers: {value: 'N', description: 'fail when the image has more layers'},
	maxLayerBytes: {value: 'SIZE', description: 'fail when a layer holds more file bytes'},
	forbiddenPaths: {value: 'GLOB', description: 'a path that must not be in the final view (repeatable: **/*.pem)'},
	maxSizeGrowth: {value: 'SIZE|P%', description: 'fail when stored bytes grew more than this over --baseline'},
	maxRetainedGrowth: {value: 'SIZE|P%', description: 'fail when retained bytes grew more than this over --baseline'},
};

/** Files and output paths may not be empty; a rule's empty value means `disabled`. */
const gatePathFlags: ReadonlySet<GateFlagName> = new Set(['ciConfig', 'junit', 'markdown', 'baseline']);

const gateRows: FlagRow[] = Object.entries(gateFlags).map(([name, shape]) => {
	const help = gateFlagHelp[name as GateFlagName];
	return {
		name, kind: 'string', value: help.value, section: 'gate', appliesTo: ['gate'], description: help.description,
		completes: help.completes ?? 'none', ...('isMultiple' in shape ? {repeatable: true} : {}),
		...(gatePathFlags.has(name as GateFlagName) ? {} : {emptyAllowed: true}),
	};
});

const extractFlags: FlagRow[] = [
	{name: 'extract', kind: 'string', value: 'PATH', section: 'extract', appliesTo: 'every', completes: 'none',
		description: 'write the bytes of PATH as of --layer N (default the last) to stdout or -o; a directory to -o DIR, or under its name into --extract-dir'},
	{name: 'output', kind: 'string', value: 'FILE|DIR|-', shortFlags: ['o'], section: 'extract', appliesTo: ['extract'], completes: 'file',
		description: 'where --extract writes (never overwritten; - is stdout, the default for a file)'},
	{name: 'extractDir', kind: 'string', value: 'DIR', section: 'extract', appliesTo: ['tui', 'disk', 'extract'], completes: 'directory',
		description: 'where the interactive view\'s e / Ctrl-E and --extract put files (default: the working directory)'},
];

export const flagTable: readonly FlagRow[] = [...sourceFlags, ...modeFlags, ...optionFlags, ...gateRows, ...extractFlags];

/** `baseLayers` → `base-layers`. */
export function kebabCase(name: string): string {
	return name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);
}

/** The spelling a user reads: `--base-layers`. */
export const longFlag = (row: FlagRow) => `--${kebabCase(row.name)}`;

/** Every way to write the flag's name on the command line, without its value: `--base-layers`, `--baseLayers`, `--no-ci`, `-h`. */
export function spellingsOf(row: FlagRow): string[] {
	const names = [...new Set([kebabCase(row.name), row.name])];
	return [
		...names.map(name => `--${name}`),
		...(row.negatable ? names.map(name => `--no-${name}`) : []),
		...(row.shortFlags ?? []).map(letter => `-${letter}`),
	];
}

/** dive's camelCase spellings (`--baseLayers`) are accepted but not shown or offered. */
export const isCamelCase = (spelling: string) => spelling.startsWith('--') && /[A-Z]/.test(spelling);

/** The flag object meow parses with; help and version are answered before meow runs. */
export function meowFlags(): Record<string, {type: FlagRow['kind']; isMultiple?: true; shortFlag?: string}> {
	const flags: Record<string, {type: FlagRow['kind']; isMultiple?: true; shortFlag?: string}> = {};
	for (const row of flagTable) {
		if (row.name === 'help' || row.name === 'version') continue;
		flags[row.name] = {type: row.kind, ...(row.repeatable ? {isMultiple: true} : {}), ...(row.shortFlags?.length === 1 ? {shortFlag: row.shortFlags[0]} : {})};
	}

	return flags;
}
