import {analyseImage, readChosenImage} from '../inspect-image.js';
import {writeJsonReport} from '../output/json-report.js';
import {type ImageSource} from '../sources/image-source.js';

export type JsonOptions = {
	/** A file, or `-` for stdout. */
	destination: string;
	baseLayers?: number;
};

/** `--json PATH|-`: the full report (schema/report.schema.json). Returns the exit code. */
export async function runJson(source: ImageSource, options: JsonOptions): Promise<number> {
	const {report} = await readChosenImage(source, async (opened, image, onProgress) => analyseImage(opened, image, {baseLayers: options.baseLayers, onProgress}));
	writeJsonReport(report, options.destination);
	return 0;
}
