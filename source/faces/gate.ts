import {displayPath} from '../analysis/paths.js';
import {type Simulation} from '../analysis/simulate.js';
import {type GateFlags, gateSetup} from '../gate/config.js';
import {outputDestinations, writeOutputs} from '../gate/outputs.js';
import {evaluateGate} from '../gate/rules.js';
import {analyseImage, readChosenImage} from '../inspect-image.js';
import {type ColourChoice} from '../output/colour.js';
import {type ImageSource} from '../sources/image-source.js';

export type GateOptions = {
	/** `--json PATH|-`: the report with the verdicts under `gate`. */
	json?: string;
	baseLayers?: number;
	flags: GateFlags;
	colour: ColourChoice;
};

/**
 * The efficiency gate: read the rules (a config error stops here, before the image is read), analyse, then print
 * the report and one line per rule and write the files asked for. Exit code 1 when a rule fails.
 */
export async function runGate(source: ImageSource, options: GateOptions): Promise<number> {
	const destinations = outputDestinations(options.json, options.flags);
	const setup = gateSetup(options.flags);
	const {report, paths} = await readChosenImage(source, async (opened, image, onProgress) => {
		const {report, simulation} = await analyseImage(opened, image, {baseLayers: options.baseLayers, onProgress});
		return {report, paths: setup.rules.forbiddenPaths ? finalPaths(simulation) : []};
	});
	const verdicts = evaluateGate({report, paths, baseline: setup.baseline}, setup.rules);
	writeOutputs(report, verdicts, setup, destinations, options.colour);
	return verdicts.some(verdict => verdict.status === 'fail') ? 1 : 0;
}

function finalPaths(simulation: Simulation): string[] {
	return Array.from(simulation.view.nodes(), node => displayPath(node.path));
}
