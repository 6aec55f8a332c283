import {type BaseImage} from './base-image.js';
import {type ChangeCounts, countChanges} from './changes.js';
import {type DiveMetrics, measuringAsDive} from './dive-metrics.js';
import {type FindingGroup, groupFindings} from './finding-groups.js';
import {type HistoryStep, type LayerEntry} from './model.js';
import {type Simulation} from './simulate.js';
import {finish, type Steps} from './steps.js';
import {type Finding, findWaste, type LayerscopeMetrics, measureWaste, wasteClassOf} from './waste.js';

/** What the archive reader knows of a layer, besides its entries. */
export type LayerFacts = {
	digest?: string;
	diffId?: string;
	mediaType?: string;
	compression: string;
	inArchive: boolean;
	/** Blob size as stored (compressed or not). */
	compressedBytes?: number;
	/** Length of the uncompressed layer tar. */
	uncompressedBytes: number;
};

export type ImageFacts = {
	references: string[];
	id: string;
	digests: string[];
	created?: string;
	os?: string;
	architecture?: string;
	variant?: string;
	author?: string;
	config: {
		user?: string;
		env?: string[];
		entrypoint?: string[] | null;
		cmd?: string[] | null;
		workingDir?: string;
		exposedPorts?: string[];
		labels?: Record<string, string>;
	};
};

export type SourceFacts = {path: string; layout: string; compression: string; images: number};

export type LayerReport = LayerFacts & {
	index: number;
	/** Bytes of regular files stored in this layer. */
	fileBytes: number;
	entries: number;
	/** Stored in this layer but not visible in the final view. */
	retainedBytes: number;
	created?: string;
	createdBy?: string;
	comment?: string;
	/** The layer changes nothing (an empty tar). */
	empty: boolean;
	changes: ChangeCounts;
};

export type Report = {
	schemaVersion: 1;
	tool: {name: 'layerscope'; version: string};
	source: SourceFacts;
	image: ImageFacts;
	layers: LayerReport[];
	history: HistoryStep[];
	baseImage: BaseImage;
	metrics: {layerscope: LayerscopeMetrics; dive: Omit<DiveMetrics, 'inefficiencies'> & {inefficiencies: DiveMetrics['inefficiencies']}};
	findings: Finding[];
	/** The findings grouped by cause, largest first (analysis/finding-groups.ts). */
	findingGroups: FindingGroup[];
	warnings: string[];
};

export type ReportInput = {
	version: string;
	source: SourceFacts;
	image: ImageFacts;
	layerFacts: LayerFacts[];
	layers: LayerEntry[][];
	history: HistoryStep[];
	simulation: Simulation;
	baseImage: BaseImage;
	warnings: string[];
};

/** Assembles the whole account of an image from a finished simulation (hashes already filled in). */
export function buildReport(input: ReportInput): Report {
	return finish(reporting(input));
}

/** `buildReport` as steps. */
export function * reporting(input: ReportInput): Steps<Report> {
	const {simulation, layers, history} = input;
	const retained = retainedByLayer(simulation, layers.length);
	yield;
	const layerscope = measureWaste(simulation, input.baseImage.layers);
	yield;
	const dive = yield * measuringAsDive(layers, simulation.outcomes);
	const findings = findWaste(simulation, history);
	yield;
	return {
		schemaVersion: 1,
		tool: {name: 'layerscope', version: input.version},
		source: input.source,
		image: input.image,
		layers: input.layerFacts.map((facts, index) => {
			const entries = layers[index] ?? [];
			const step = history.find(candidate => candidate.layerIndex === index);
			const layer: LayerReport = {
				...facts,
				index,
				fileBytes: entries.reduce((sum, entry) => sum + entry.size, 0),
				entries: entries.length,
				retainedBytes: retained[index] ?? 0,
				empty: entries.length === 0,
				changes: countChanges(simulation.outcomes[index]?.changes ?? []),
			};
			if (step?.created) layer.created = step.created;
			if (step?.createdBy !== undefined) layer.createdBy = step.createdBy;
			if (step?.comment) layer.comment = step.comment;
			return layer;
		}),
		history,
		baseImage: input.baseImage,
		metrics: {layerscope, dive},
		findings,
		findingGroups: groupFindings(findings),
		warnings: input.warnings,
	};
}

function retainedByLayer(simulation: Simulation, layerCount: number): number[] {
	const retained = Array.from({length: layerCount}, () => 0);
	for (const copy of simulation.view.copies) {
		if (wasteClassOf(copy)) retained[copy.layer]! += copy.entry.size;
	}

	return retained;
}
