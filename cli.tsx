#!/usr/bin/env node
// No JSX in this file: React must be imported only after NODE_ENV is set (its development build is much slower), and
// most faces never need it. The command line becomes a target (sources/choose-source.ts), then one face runs.
import {statSync} from 'node:fs';
import process from 'node:process';
import meow from 'meow';
import {escapeControl} from './source/analysis/display.js';
import {UserError} from './source/errors.js';
import {gateFlags, gateHelp} from './source/gate/flags.js';
import {chooseMode, type Mode} from './source/mode.js';
import {type DiskRoots, namesImage, type SourceRequest, targetOf} from './source/sources/choose-source.js';
import {type ImageSource} from './source/sources/image-source.js';

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

const cli = meow(`
	Usage
	  $ layerscope --tar image.tar [options]      an image archive (docker save, podman save, OCI)
	  $ layerscope docker-archive://image.tar     the same, dive's spelling (also oci-archive://, oci://DIR)
	  $ layerscope [--root DIR] IMAGE             an image of a storage root (name, id or digest), read in place
	  $ layerscope [--root DIR]                   where the disk of a container host went (images, prunes, orphans)

	Sources
	  --tar FILE|DIR|-        a docker/podman save archive (plain, gzip or zstd), an OCI layout directory, or stdin
	  --image REF             pick one image of an archive holding several (tag, id prefix or digest)
	  --platform OS/ARCH      the platform of a multi-platform image, in an archive or a root (default: this host's)
	  --root DIR              a Docker data root, containerd root or containers/storage root, read-only
	                          (repeatable; default: /var/lib/docker, /var/lib/containerd,
	                          /var/lib/containers/storage, ~/.local/share/containers/storage)

	Modes (the first that applies wins)
	  --extract PATH          write the bytes of PATH as of --layer N (default the last) to stdout, or to -o;
	                          a directory to -o DIR, or under its name into --extract-dir (default: here)
	  --list                  print the union view as TSV (after --layer N, default the last layer)
	  --ci                    the efficiency gate (also when CI=true|1|yes, unless --no-ci)
	  --json PATH|-           write the full report as JSON (- for stdout)
	  (a terminal)            the interactive view; otherwise a text summary

	Options
	  --layer N               with --list or --extract: the view after layer N (layers count from 0)
	  -o, --output FILE|DIR|-  with --extract: where it goes (never overwritten; - is stdout)
	  --extract-dir DIR       where the interactive view's e and --extract put files (default: here)
	  --base-layers N         the base image is layers 0..N-1 (default: detected)
	  --debug                 show stack traces of internal errors
${gateHelp}

	Exit codes: 0 done (or gate passed), 1 a gate rule failed, 2 usage, config or input error.
`, {
	importMeta: import.meta,
	argv: withDashValues(process.argv.slice(2)),
	allowUnknownFlags: false,
	// Without this meow reads an absent --ci as false, and CI=true could never turn the gate on.
	booleanDefault: undefined,
	flags: {
		tar: {type: 'string'},
		root: {type: 'string', isMultiple: true},
		image: {type: 'string'},
		platform: {type: 'string'},
		extract: {type: 'string'},
		output: {type: 'string', shortFlag: 'o'},
		extractDir: {type: 'string'},
		list: {type: 'boolean', default: false},
		layer: {type: 'number'},
		json: {type: 'string'},
		ci: {type: 'boolean'},
		baseLayers: {type: 'number'},
		...gateFlags,
		debug: {type: 'boolean', default: false},
	},
});

/** `os/arch[/variant]`, as `docker --platform` takes it; `arch` alone means linux. */
function platformOf(given: string | undefined): string | undefined {
	if (given === undefined) return undefined;
	const parts = given.toLowerCase().split('/');
	if (parts.length === 1 && /^[a-z\d_]+$/.test(parts[0]!)) return `linux/${parts[0]}`;
	if (parts.length < 2 || parts.length > 3 || parts.some(part => !/^[a-z\d_.-]+$/.test(part))) throw new UserError(`--platform ${given}: expected os/arch or os/arch/variant, such as linux/arm64`);
	return parts.join('/');
}

type Flags = typeof cli.flags;

async function main(): Promise<number> {
	const {flags, input} = cli;
	const [positional, ...extra] = input;
	if (extra.length > 0) throw new UserError(`unexpected arguments: ${extra.join(' ')}`);
	for (const [name, value] of [['layer', flags.layer], ['base-layers', flags.baseLayers]] as const) {
		if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new UserError(`--${name} takes a whole number from 0`);
	}

	if (flags.extractDir !== undefined && !statSync(flags.extractDir, {throwIfNoEntry: false})?.isDirectory()) {
		throw new UserError(`--extract-dir ${flags.extractDir}: not a directory`);
	}

	const mode = chooseMode({
		extract: flags.extract, list: flags.list, ci: flags.ci, json: flags.json, ciEnvironment: process.env['CI'],
		stdinIsTty: process.stdin.isTTY === true, stdoutIsTty: process.stdout.isTTY === true,
	});
	const request: SourceRequest = {tar: flags.tar, positional, image: flags.image, roots: flags.root ?? [], platform: platformOf(flags.platform)};
	if (!namesImage(request) && (mode === 'list' || mode === 'extract' || flags.ci === true)) {
		throw new UserError(`--${mode === 'list' || mode === 'extract' ? mode : 'ci'} needs an image: name one (layerscope --root DIR IMAGE) or use --tar FILE`);
	}

	const target = targetOf(request);
	return 'image' in target ? runImageFace(mode, target.image, flags) : runDiskFace(mode, target.disk, flags);
}

/** One image: the face the mode names. */
async function runImageFace(mode: Mode, source: ImageSource, flags: Flags): Promise<number> {
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
			return runGate(source, {json: flags.json, baseLayers, flags});
		}

		case 'json': {
			const {runJson} = await import('./source/faces/json.js');
			return runJson(source, {destination: flags.json!, baseLayers});
		}

		case 'tui': {
			const {runTui} = await import('./source/faces/tui.js');
			return runTui(source, {baseLayers, extractDir: flags.extractDir});
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
		process.stderr.write(`layerscope: internal error: ${message.split('\n')[0]}${cli.flags.debug ? '' : ' (run with --debug for details)'}\n`);
		if (cli.flags.debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
		process.exitCode = 2;
	}
}
