import {analyseImage, readChosenImage} from '../inspect-image.js';
import {textSummary} from '../output/text-summary.js';
import {type ImageSource} from '../sources/image-source.js';
import {writeStdout} from '../terminal.js';

export type TextOptions = {baseLayers?: number};

/** Neither a terminal nor another mode: a plain text summary on stdout. Returns the exit code. */
export async function runText(source: ImageSource, options: TextOptions): Promise<number> {
	const {report} = await readChosenImage(source, async (opened, image, onProgress) => analyseImage(opened, image, {baseLayers: options.baseLayers, onProgress}));
	await writeStdout(textSummary(report, {width: process.stdout.columns}));
	return 0;
}
