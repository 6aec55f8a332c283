#!/usr/bin/env node
// No JSX in this file: React must be imported only after NODE_ENV is set (its development build is much slower), and
// most faces never need it. The command line becomes a target (sources/choose-source.ts), then one face runs.
import {statSync} from 'node:fs';
import process from 'node:process';
import meow from 'meow';
import {escapeControl} from './source/analysis/display.js';
import {completionScript} from './source/command-line/completions.js';
import {meowFlags} from './source/command-line/flag-table.js';
import {refuseFlagsOutside} from './source/command-line/flags-in-context.js';
import {helpText} from './source/command-line/help-text.js';
import {scanArguments} from './source/command-line/scan-arguments.js';
import {UserError} from './source/errors.js';
import {type GateFlags} from './source/gate/config.js';
import {parseSize} from './source/gate/size-units.js';
import {chooseMode, type Mode} from './source/mode.js';
import {type ColourChoice, colourChoice, exportColourChoice} from './source/output/colour.js';
import {type DiskRoots, type SourceRequest} from './source/sources/choose-source.js';
import {type ImageSource} from './source/sources/image-source.js';
import {writeStdout} from './source/terminal.js';
import {version} from './source/version.js';

process.env['NODE_ENV'] ??= 'production';

/** meow reads a lone `-` as no value; `--json -` (or `--junit -`, `--markdown -`) and `--tar -` mean stdout and stdin. */
function withDashValues(argv: string[]): string[] {
	const joined: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const argument = argv[i]!;
		if (/^(--(json|tar|junit|markdown|output)|-o)$/.test(argument) && argv[i + 1] === '-') {
			joined.push(`${argument}=-`);
			i++;
		} else {
			joined.push(argument);
		}
	}

	return joined;
}

/** The flags as meow returns them for the table's `meowFlags()`. */
type Flags = {
	tar?: string; image?: string; platform?: string; root?: string[];
	list?: boolean; ci?: boolean; json?: string;
	layer?: number; baseLayers?: number; color?: boolean; debug?: boolean; spoolLimit?: string;
	extract?: string; output?: string; extractDir?: string;
} & GateFlags;

/** meow parses what `scanArguments` has checked; help and version are answered before it runs. */
function parse(argv: string[]): {flags: Flags; input: string[]} {
	const cli = meow({
		importMeta: import.meta,
		argv: withDashValues(argv),
		allowUnknownFlags: false,
		autoHelp: false,
		autoVersion: false,
		// Without this meow reads an absent --ci as false, and CI=true could never turn the gate on.
		booleanDefault: undefined,
		flags: meowFlags(),
	});
	return {flags: cli.flags as Flags, input: cli.input};
}

/** `os/arch[/variant]`, as `docker --platform` takes it; `arch` alone means linux. */
function platformOf(given: string | undefined): string | undefined {
	if (given === undefined) return undefined;
	const parts = given.toLowerCase().split('/');
	if (parts.length === 1 && /^[a-z\d_]+$/.test(parts[0]!)) return `linux/${parts[0]}`;
	if (parts.length < 2 || parts.length > 3 || parts.some(part => !/^[a-z\d_.-]+$/.test(part))) throw new UserError(`--platform ${given}: expected os/arch or os/arch/variant, such as linux/arm64`);
	return parts.join('/');
}

/** `--spool-limit SIZE`, read as the gate reads sizes (`500MB`, `64GiB`). */
function spoolBytesOf(given: string | undefined): number | undefined {
	if (given === undefined) return undefined;
	const bytes = parseSize(given);
	if (bytes === undefined || bytes <= 0) throw new UserError(`--spool-limit ${given}: expected a size, such as 500MB or 64GiB`);
	return bytes;
}

const argv = process.argv.slice(2);

async function main(): Promise<number> {
	const request = scanArguments(argv);
	if (request.kind === 'help') return written(helpText());
	if (request.kind === 'version') return written(`${version}\n`);
	if (request.kind === 'completion') return written(completionScript(request.shell));
	const {namesImage, targetOf} = await import('./source/sources/choose-source.js');
	const {flags, input} = parse(argv);
	const [positional, ...extra] = input;
	if (extra.length > 0) throw new UserError(`unexpected arguments: ${extra.join(' ')}`);
	for (const [name, value] of [['layer', flags.layer], ['base-layers', flags.baseLayers]] as const) {
		if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new UserError(`--${name} takes a whole number from 0`);
	}

	const colour = colourChoice(flags.color, process.env);
	exportColourChoice(colour, process.env);
	const mode = chooseMode({
		extract: flags.extract, list: flags.list === true, ci: flags.ci, json: flags.json, ciEnvironment: process.env['CI'],
		stdinIsTty: process.stdin.isTTY === true, stdoutIsTty: process.stdout.isTTY === true,
	});
	const source: SourceRequest = {
		tar: flags.tar, positional, image: flags.image, roots: flags.root ?? [], platform: platformOf(flags.platform), spoolBytes: spoolBytesOf(flags.spoolLimit),
	};
	if (!namesImage(source) && (mode === 'list' || mode === 'extract' || flags.ci === true)) {
		throw new UserError(`--${mode === 'list' || mode === 'extract' ? mode : 'ci'} needs an image: name one (layerscope --root DIR IMAGE) or use --tar FILE`);
	}

	refuseFlagsOutside(request.given, namesImage(source) ? mode : 'disk');
	if (flags.extractDir !== undefined && !statSync(flags.extractDir, {throwIfNoEntry: false})?.isDirectory()) {
		throw new UserError(`--extract-dir ${flags.extractDir}: not a directory`);
	}
	const target = await targetOf(source);
	return 'image' in target ? runImageFace(mode, target.image, flags, colour) : runDiskFace(mode, target.disk, flags);
}

async function written(text: string): Promise<number> {
	await writeStdout(text);
	return 0;
}

/** One image: the face the mode names. */
async function runImageFace(mode: Mode, source: ImageSource, flags: Flags, colour: ColourChoice): Promise<number> {
	const {baseLayers} = flags;
	switch (mode) {
		case 'extract': {
			const {runExtract} = await import('./source/faces/extract.js');
			return runExtract(source, {path: flags.extract!, layer: flags.layer, output: flags.output, extractDir: flags.extractDir});
		}

		case 'list': {
			const {runList} = await import('./source/faces/list.js');
			return runList(source, {layer: flags.layer});
		}

		case 'gate': {
			const {runGate} = await import('./source/faces/gate.js');
			return runGate(source, {json: flags.json, baseLayers, flags, colour});
		}

		case 'json': {
			const {runJson} = await import('./source/faces/json.js');
			return runJson(source, {destination: flags.json!, baseLayers});
		}

		case 'tui': {
			const {runTui} = await import('./source/faces/tui.js');
			return runTui(source, {baseLayers, layer: flags.layer, extractDir: flags.extractDir});
		}

		case 'text': {
			const {runText} = await import('./source/faces/text.js');
			return runText(source, {baseLayers});
		}
	}
}

/** No image named: the disk views of the storage roots (the gate has nothing to judge there). */
async function runDiskFace(mode: Mode, disk: DiskRoots, flags: Flags): Promise<number> {
	if (mode === 'tui') {
		const {runDiskTui} = await import('./source/faces/disk-tui.js');
		return runDiskTui(disk, {extractDir: flags.extractDir});
	}

	const {runDiskOverview} = await import('./source/faces/disk-overview.js');
	return runDiskOverview(disk, {json: flags.json});
}

process.stdout.on('error', error => {
	if ((error as NodeJS.ErrnoException).code === 'EPIPE') process.exit(0);
});

try {
	process.exitCode = await main();
} catch (error) {
	if (error instanceof UserError) {
		// Messages quote names from the archive: escape them before they reach a terminal.
		process.stderr.write(`layerscope: ${escapeControl(error.message.replaceAll('\n', ' '))}\n`);
		process.exitCode = error.exitCode;
	} else {
		const message = error instanceof Error ? error.message : String(error);
		const debugging = argv.includes('--debug');
		process.stderr.write(`layerscope: internal error: ${escapeControl(message.split('\n')[0]!)}${debugging ? '' : ' (run with --debug for details)'}\n`);
		if (debugging && error instanceof Error) process.stderr.write(`${(error.stack ?? '').split('\n').map(line => escapeControl(line)).join('\n')}\n`);
		process.exitCode = 2;
	}
}
