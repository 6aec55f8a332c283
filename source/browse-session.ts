import {lstatSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {safePath} from './analysis/display.js';
import {baseName, binaryToText} from './analysis/paths.js';
import {runInSlices} from './analysis/steps.js';
import {type ViewNode} from './analysis/union.js';
import {UserError} from './errors.js';
import {describeType, extractNode, ImageFiles} from './image-files.js';
import {imageName, inspectImage, type InspectOptions, type LoadedImage, loadImage} from './inspect-image.js';
import {type OpenedImages, type SourceImage} from './sources/image-source.js';
import {type BrowseModel, creatingBrowseModel} from './view-model/browse-model.js';
import {contentLines, type FileActions, type FileContent, viewerLimit} from './view-model/file-view.js';
import {type PickerImage} from './view-model/session.js';

export type BrowseOptions = InspectOptions & {
	/** Where `e` writes files (default: the working directory). */
	extractDir?: string;
	/** The layer the browser opens on (default the last). */
	layer?: number;
};

/** Reads and analyses one image of an opened source, and builds what the browser shows, with its files' actions. */
export async function loadBrowseModel(opened: OpenedImages, image: SourceImage, options: BrowseOptions = {}): Promise<BrowseModel> {
	return browseModelOf(opened, await loadImage(opened, image, options.onProgress), options);
}

/** Analyses an image already read and builds what the browser shows, in slices that let keys in (`runInSlices`). */
export async function browseModelOf(opened: OpenedImages, loaded: LoadedImage, options: BrowseOptions = {}): Promise<BrowseModel> {
	const {report, simulation} = await inspectImage(opened, loaded, options);
	const model = await runInSlices(creatingBrowseModel(report, simulation.outcomes, options.layer));
	return {...model, files: fileActions(new ImageFiles(loaded), options.extractDir ?? '.')};
}

/** The images of a source as the picker lists them. */
export function pickerImages(opened: OpenedImages): PickerImage[] {
	return opened.images.map(image => {
		const item: PickerImage = {name: image.references.join(' ') || imageName(image), id: image.id, layers: image.layers.length};
		if (image.platform) item.platform = image.platform;
		return item;
	});
}

/** The viewer, `e` and `y` of the browser, over the open image. */
export function fileActions(files: ImageFiles, extractDir: string): FileActions {
	const destinationOf = (binaryPath: string) => {
		const name = binaryPath === '' ? 'image-root' : baseName(binaryPath);
		return Buffer.concat([Buffer.from(extractDir), Buffer.from('/'), Buffer.from(name, 'latin1')]);
	};

	return {
		view: async (binaryPath, layer) => viewOf(files, binaryPath, layer),
		extractTarget(binaryPath) {
			const destination = destinationOf(binaryPath);
			return {shown: shownDestination(destination), exists: existsWithoutFollowing(destination)};
		},
		async extract(binaryPath, layer, overwrite) {
			const found = files.pathAt(binaryPath, layer);
			if (!('node' in found)) throw new UserError(`${safePath(binaryPath)} is not in the view after layer ${layer}`);
			const destination = destinationOf(binaryPath);
			const report = await extractNode(files, found.node, destination, {overwrite});
			const counts = [count(report.files, 'file'), count(report.directories, 'directory', 'directories'), count(report.links, 'link')].join(', ');
			const skipped = report.skipped.length > 0 ? `; skipped ${report.skipped.length} (${report.skipped[0]}${report.skipped.length > 1 ? ', …' : ''})` : '';
			return `extracted ${safePath(binaryPath)} as of layer ${layer} to ${shownDestination(destination)}: ${counts}${skipped}`;
		},
		copy(text) {
			process.stdout.write(`\u001B]52;c;${Buffer.from(text).toString('base64')}\u0007`);
		},
	};
}

async function viewOf(files: ImageFiles, binaryPath: string, layer: number): Promise<FileContent> {
	const title = `${safePath(binaryPath)} · as of layer ${layer}`;
	const found = files.pathAt(binaryPath, layer);
	if ('missing' in found) return {title, notes: ['not in the image after this layer'], lines: []};
	if ('removedIn' in found) {
		const before = found.removedIn > 0 ? files.pathAt(binaryPath, found.removedIn - 1) : {missing: true as const};
		const note = `whited out: removed by layer ${found.removedIn}`;
		if (!('node' in before)) return {title, notes: [note], lines: []};
		const shown = await nodeContent(files, before.node);
		return {title, notes: [`${note}; as it was after layer ${found.removedIn - 1}:`, ...shown.notes], lines: shown.lines};
	}

	return {title, ...(await nodeContent(files, found.node))};
}

async function nodeContent(files: ImageFiles, node: ViewNode): Promise<{notes: string[]; lines: string[]}> {
	const link = node.entry.type === 'hardlink' ? [`hard link to ${safePath(node.entry.linkTarget ?? '')} (its content below)`] : [];
	if (node.type === 'symlink') return {notes: [`symbolic link to ${safePath(node.entry.linkTarget ?? '').slice(1)}`], lines: []};
	if (!node.copy) return {notes: [`${describeType(node.type)}: no content to show`], lines: []};
	const shown = contentLines(await files.headOf(node, viewerLimit), node.copy.entry.size);
	return {notes: [...link, ...shown.notes], lines: shown.lines};
}

function count(n: number, one: string, many = `${one}s`): string {
	return `${n} ${n === 1 ? one : many}`;
}

function existsWithoutFollowing(destination: Buffer): boolean {
	try {
		lstatSync(destination);
		return true;
	} catch {
		return false;
	}
}

function shownDestination(destination: Buffer): string {
	const text = binaryToText(destination.toString('latin1'));
	return safePath(path.relative('.', text) || '.').slice(1).replace(/^(?!\.|\/)/, './');
}
