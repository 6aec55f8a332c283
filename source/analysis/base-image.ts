import {type HistoryStep} from './model.js';

export type BaseImageMethod = 'flag' | 'shared-layers' | 'history-cmd' | 'history-import' | 'first-layer';

/** Where the base image ends: its layers are 0..layers-1. */
export type BaseImage = {layers: number; method: BaseImageMethod; detail: string};

export type BaseEvidence = {
	history: HistoryStep[];
	layerCount: number;
	/** `--base-layers N`. */
	override?: number;
	/** Lengths of other images' layer chains that are a strict prefix of this one's (same archive or store). */
	sharedPrefixes?: number[];
};

const baseMarker = /(^|\s|#\(nop\)\s+)(CMD|ENTRYPOINT)\s/;

/**
 * Guesses the base image boundary from the best evidence there is: the user's word, another image whose layers
 * are exactly this image's first ones, the base image's closing CMD/ENTRYPOINT in the history, an imported first
 * layer, and last dive's assumption that layer 0 is the base.
 */
export function detectBaseImage(evidence: BaseEvidence): BaseImage {
	const {history, layerCount} = evidence;
	if (evidence.override !== undefined) {
		const layers = Math.max(0, Math.min(evidence.override, layerCount));
		return {layers, method: 'flag', detail: `--base-layers ${evidence.override}`};
	}

	const shared = Math.max(0, ...(evidence.sharedPrefixes ?? []).filter(length => length < layerCount));
	if (shared > 0) return {layers: shared, method: 'shared-layers', detail: `layers 0-${shared - 1} are another image's whole chain`};
	const fromHistory = boundaryFromHistory(history);
	if (fromHistory) return fromHistory;
	if (layerCount === 0) return {layers: 0, method: 'first-layer', detail: 'the image has no layers'};
	return {layers: 1, method: 'first-layer', detail: 'no other evidence: layer 0 taken as the base (as dive does)'};
}

function boundaryFromHistory(history: HistoryStep[]): BaseImage | undefined {
	for (let step = history.length - 1; step >= 0; step--) {
		const command = history[step]!.createdBy ?? '';
		if (!baseMarker.test(command)) continue;
		const layersAfter = history.slice(step + 1).some(later => later.layerIndex !== undefined);
		const layersBefore = history.slice(0, step).filter(earlier => earlier.layerIndex !== undefined).length;
		if (layersAfter && layersBefore > 0) {
			return {layers: layersBefore, method: 'history-cmd', detail: `the base image's last step is "${command.trim()}" (history step ${step})`};
		}
	}

	const first = history[0];
	if (first && first.layerIndex === 0 && !first.createdBy && history.some(step => (step.layerIndex ?? 0) > 0)) {
		return {layers: 1, method: 'history-import', detail: `layer 0 was imported (${first.comment ?? 'no build step'})`};
	}

	return undefined;
}
