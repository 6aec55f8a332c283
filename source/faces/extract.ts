import process from 'node:process';
import {pipeline} from 'node:stream/promises';
import {baseName, binaryToText, normalizeEntryPath, textToBinary} from '../analysis/paths.js';
import {type ViewNode} from '../analysis/union.js';
import {UserError} from '../errors.js';
import {describeType, extractNode, ImageFiles} from '../image-files.js';
import {loadImage, readChosenImage} from '../inspect-image.js';
import {type ImageSource} from '../sources/image-source.js';

export type ExtractFaceOptions = {
	/** The path in the image, as the user typed it (`/etc/os-release`, `etc`, `/`). */
	path: string;
	/** As of this layer; default the last (the final view). */
	layer?: number;
	/** `-o`: a file, `-` for stdout, or the directory a directory becomes. */
	output?: string;
	/** Without `-o`: the directory where the path goes, under its own name. */
	extractDir?: string;
};

/**
 * `--extract PATH`: the bytes of one path as of a layer, without a terminal. A regular file goes to stdout, `-o
 * FILE`, or under its own name into `--extract-dir`; a directory or a symbolic link to `-o DIR`/`-o FILE` or into
 * `--extract-dir`. Nothing already there is overwritten. Returns the exit code.
 */
/** Messages quote names from the image unescaped: cli.tsx escapes every error line before it reaches a terminal. */
export async function runExtract(source: ImageSource, options: ExtractFaceOptions): Promise<number> {
	const wanted = imagePath(options.path);
	const skipped = await readChosenImage(source, async (opened, image, onProgress) => {
		const files = new ImageFiles(await loadImage(opened, image, onProgress));
		const upTo = options.layer ?? files.lastLayer;
		if (upTo < 0 || upTo > files.lastLayer) throw new UserError(`--layer ${upTo}: the image has layers 0 to ${files.lastLayer}`);
		const node = nodeAt(files, wanted, upTo, options.path);
		const toStdout = options.output === '-' || (options.output === undefined && options.extractDir === undefined);
		if (toStdout) {
			refuseOnStdout(node, options.path);
			await pipeline(files.openBytes(node), process.stdout, {end: false});
			return [];
		}

		const report = await extractNode(files, node, Buffer.from(destinationOf(node, options), 'latin1'));
		return report.skipped;
	});
	for (const line of skipped) process.stderr.write(`layerscope: warning: ${line}\n`);
	return 0;
}

/** The path as the image keeps it: binary, relative, normalized; '' for the root. */
function imagePath(given: string): string {
	const normalized = normalizeEntryPath(textToBinary(given));
	if (!normalized.ok) throw new UserError(`--extract ${given}: the path climbs out of the root`);
	return normalized.path;
}

function nodeAt(files: ImageFiles, wanted: string, upTo: number, given: string): ViewNode {
	const found = files.pathAt(wanted, upTo);
	const named = `--extract ${given}`;
	if ('removedIn' in found) throw new UserError(`${named}: removed by layer ${found.removedIn} (whited out); pick an earlier --layer`);
	if ('missing' in found) throw new UserError(`${named}: no such path in the image after layer ${upTo}`);
	return found.node;
}

function refuseOnStdout(node: ViewNode, given: string): void {
	if (node.copy) return;
	const named = `--extract ${given}`;
	if (node.type === 'symlink') throw new UserError(`${named}: a symbolic link to ${binaryToText(node.entry.linkTarget ?? '')}; extract its target, or give -o FILE to write the link`);
	throw new UserError(`${named}: ${describeType(node.type)} has no bytes to write to stdout; give -o DIR`);
}

/** `-o` as given; without it, the node's own name inside `--extract-dir`. */
function destinationOf(node: ViewNode, options: ExtractFaceOptions): string {
	if (options.output !== undefined) return Buffer.from(options.output).toString('latin1');
	if (node.path === '') throw new UserError('--extract /: the whole image needs -o DIR');
	// cli.tsx has made sure --extract-dir is a directory.
	const directory = options.extractDir ?? '.';
	return `${Buffer.from(directory).toString('latin1')}/${baseName(node.path)}`;
}
