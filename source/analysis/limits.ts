/**
 * Every bound layerscope puts on what it reads, in one place (README, "Limits"). Each is far above what a real
 * image or storage root needs, and low enough that hostile input ends in a one-line error instead of exhausting
 * memory, disk or time.
 */
const mebibyte = 1024 * 1024;
const gibibyte = 1024 * mebibyte;
const tebibyte = 1024 * gibibyte;

export const limits = {
	/** A JSON document read whole: manifest.json, index.json, an OCI manifest, an image config, a store's metadata file. */
	jsonDocumentBytes: 64 * mebibyte,
	/** Any other metadata file of a storage root read whole (a cache-id, a layer's size, a bbolt database). */
	metadataFileBytes: 256 * mebibyte,
	/** Layers of one image: Docker and containerd refuse more than 128 on overlayfs; the OCI spec sets no bound. */
	layersPerImage: 1000,
	/** Manifests and indexes visited in one OCI index tree, nested ones included. */
	indexEntries: 10_000,
	/** Nesting of OCI indexes inside indexes. */
	indexDepth: 4,
	/** The bytes a tar-split stream may claim for one layer's file bodies (they are never read, but walked). */
	layerBodyBytes: tebibyte,
	/** An inflated tar-split stream: a base, plus so many times its compressed size (a real one compresses 10–30×). */
	tarSplitBaseBytes: 64 * mebibyte,
	tarSplitRatio: 100,
	/**
	 * A layer may decompress to this many times its size once past the base: gzip cannot exceed about 1030×, and
	 * zstd reaches more only on runs of zeros (a sparse file in a zstd layer is the one real case it refuses).
	 */
	layerBombBaseBytes: gibibyte,
	layerBombRatio: 5000,
	/** A bbolt database (containerd's meta.db, a snapshotter's metadata.db, Docker's volume database). */
	boltFileBytes: gibibyte,
	/** A config file of the gate or a baseline report. */
	gateFileBytes: 16 * mebibyte,
	/** What `--tar -`, a pipe or a compressed archive may write to the temporary directory. */
	spoolBytes: 64 * gibibyte,
	/** Past this much, a compressed archive may not inflate by more than the ratio (real ones: 2–10×). */
	spoolBombBaseBytes: 256 * mebibyte,
	spoolBombRatio: 200,
	/** How long `--tar` waits for the first byte from a pipe with no writer yet. */
	pipeFirstByteSeconds: 10,
	/** An entry's path: Linux's PATH_MAX, so no engine could unpack a longer one. */
	pathBytes: 4096,
	/** Alternatives one glob may expand to through its braces. */
	globAlternatives: 256,
} as const;

/** `64 MiB`, for messages that state a limit. */
export function describeBytes(bytes: number): string {
	const units: Array<[number, string]> = [[tebibyte, 'TiB'], [gibibyte, 'GiB'], [mebibyte, 'MiB'], [1024, 'KiB']];
	for (const [size, unit] of units) if (bytes >= size && bytes % size === 0) return `${bytes / size} ${unit}`;
	return `${bytes} bytes`;
}
