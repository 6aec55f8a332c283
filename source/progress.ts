/** Progress of a long read, reported as it goes: bytes of input consumed and layers finished. */
export type Progress = {
	phase: string;
	bytesDone: number;
	bytesTotal: number;
	layersDone: number;
	layersTotal: number;
};

export type ProgressListener = (progress: Progress) => void;
