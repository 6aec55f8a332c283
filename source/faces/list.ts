import {UserError} from '../errors.js';
import {loadImage, readChosenImage, viewAfter} from '../inspect-image.js';
import {unionListLines} from '../output/union-list.js';
import {type ImageSource} from '../sources/image-source.js';
import {writeStdout} from '../terminal.js';

export type ListOptions = {
	/** The view after this layer; default the last. */
	layer?: number;
};

/** `--list`: the union view after a layer as TSV on stdout, raw bytes of names escaped. Returns the exit code. */
export async function runList(source: ImageSource, options: ListOptions): Promise<number> {
	const lines = await readChosenImage(source, async (opened, image, onProgress) => {
		const last = image.layers.length - 1;
		const upTo = options.layer ?? last;
		if (options.layer !== undefined && last < 0) throw new UserError(`--layer ${upTo}: the image has no layers`);
		if (options.layer !== undefined && upTo > last) throw new UserError(`--layer ${upTo}: the image has layers 0 to ${last}`);
		return unionListLines(viewAfter(await loadImage(opened, image, onProgress), upTo).view);
	});
	await writeStdout(`${lines.join('\n')}\n`, 'latin1');
	return 0;
}
