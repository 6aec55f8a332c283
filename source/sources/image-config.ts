import {type HistoryStep} from '../analysis/model.js';

/** The parts of an image config (OCI / Docker) that layerscope reports. */
export type ImageConfig = {
	created?: string;
	author?: string;
	architecture?: string;
	os?: string;
	variant?: string;
	config?: {
		User?: string;
		Env?: string[];
		Entrypoint?: string[] | null;
		Cmd?: string[] | null;
		WorkingDir?: string;
		ExposedPorts?: Record<string, unknown>;
		Labels?: Record<string, string> | null;
		Volumes?: Record<string, unknown> | null;
		StopSignal?: string;
	};
	rootfs?: {type?: string; diff_ids?: string[]};
	history?: Array<{created?: string; created_by?: string; comment?: string; empty_layer?: boolean; author?: string}>;
};

/** The config when it has the shape of one, else undefined (`configProblem` says what is wrong). */
export function parseImageConfig(value: unknown): ImageConfig | undefined {
	return configProblem(value) === undefined ? value as ImageConfig : undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringList = (value: unknown) => Array.isArray(value) && value.every(item => typeof item === 'string');

/**
 * What is wrong with a config's shape, in the words of its fields, or undefined when every field layerscope reads
 * has the type the OCI and Docker specs give it: a hostile config must not become an internal error later.
 */
export function configProblem(value: unknown): string | undefined {
	if (!isObject(value)) return 'not a JSON object';
	for (const field of ['created', 'author', 'architecture', 'os', 'variant'] as const) {
		if (value[field] !== undefined && typeof value[field] !== 'string') return `${field} is not a string`;
	}

	return runtimeProblem(value['config']) ?? rootfsProblem(value['rootfs']) ?? historyProblem(value['history']);
}

function runtimeProblem(runtime: unknown): string | undefined {
	if (runtime === undefined || runtime === null) return undefined;
	if (!isObject(runtime)) return 'config is not an object';
	for (const field of ['User', 'WorkingDir', 'StopSignal'] as const) {
		if (runtime[field] !== undefined && typeof runtime[field] !== 'string') return `config.${field} is not a string`;
	}

	if (runtime['Env'] !== undefined && runtime['Env'] !== null && !isStringList(runtime['Env'])) return 'config.Env is not a list of strings';
	for (const field of ['Entrypoint', 'Cmd'] as const) {
		const command = runtime[field];
		if (command !== undefined && command !== null && !isStringList(command)) return `config.${field} is not a list of strings`;
	}

	const labels = runtime['Labels'];
	if (labels !== undefined && labels !== null && (!isObject(labels) || Object.values(labels).some(label => typeof label !== 'string'))) return 'config.Labels is not a map of strings';
	for (const field of ['ExposedPorts', 'Volumes'] as const) {
		if (runtime[field] !== undefined && runtime[field] !== null && !isObject(runtime[field])) return `config.${field} is not an object`;
	}

	return undefined;
}

function rootfsProblem(rootfs: unknown): string | undefined {
	if (rootfs === undefined) return undefined;
	if (!isObject(rootfs)) return 'rootfs is not an object';
	if (rootfs['diff_ids'] !== undefined && !isStringList(rootfs['diff_ids'])) return 'rootfs.diff_ids is not a list of strings';
	return undefined;
}

function historyProblem(history: unknown): string | undefined {
	if (history === undefined || history === null) return undefined;
	if (!Array.isArray(history)) return 'history is not a list';
	for (const [index, step] of history.entries()) {
		if (!isObject(step)) return `history[${index}] is not an object`;
		for (const field of ['created', 'created_by', 'comment', 'author'] as const) {
			if (step[field] !== undefined && typeof step[field] !== 'string') return `history[${index}].${field} is not a string`;
		}

		if (step['empty_layer'] !== undefined && typeof step['empty_layer'] !== 'boolean') return `history[${index}].empty_layer is not true or false`;
	}

	return undefined;
}

/**
 * Pairs history steps with real layers: the k-th step without `empty_layer` made layer k. Returns one step per
 * history entry; layers beyond the history get no step.
 */
export function pairHistory(config: ImageConfig, layerCount: number): HistoryStep[] {
	let nextLayer = 0;
	return (config.history ?? []).map(step => {
		const emptyLayer = step.empty_layer === true;
		const paired: HistoryStep = {emptyLayer};
		if (step.created !== undefined) paired.created = step.created;
		if (step.created_by !== undefined) paired.createdBy = step.created_by;
		if (step.comment !== undefined) paired.comment = step.comment;
		if (!emptyLayer && nextLayer < layerCount) paired.layerIndex = nextLayer++;
		return paired;
	});
}
