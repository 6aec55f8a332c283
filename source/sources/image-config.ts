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

export function parseImageConfig(value: unknown): ImageConfig | undefined {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
	const config = value as ImageConfig;
	if (config.rootfs !== undefined && !Array.isArray(config.rootfs.diff_ids ?? [])) return undefined;
	return config;
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
