/** The records the archive readers produce and the analysis consumes. Sizes are in bytes. */

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo';

/** One entry of one layer tar, as stored (whiteouts still carry their `.wh.` names). */
export type LayerEntry = {
	/** Normalized binary path: no leading `/` or `./`, no trailing `/`, never the root itself. */
	path: string;
	type: EntryType;
	/** Bytes of content; 0 for anything but a regular file. */
	size: number;
	/** Permission bits with setuid, setgid and sticky (mask 0o7777). */
	mode: number;
	uid: number;
	gid: number;
	/** Symlink: the target verbatim. Hard link: the normalized path of the entry it names. */
	linkTarget?: string;
	devMajor?: number;
	devMinor?: number;
	/** Seconds since the epoch. */
	mtime?: number;
	/** Where the content starts in the layer tar, for readers that can come back for it. */
	dataOffset?: number;
	/** sha256 of the content in hex, once known. */
	digest?: string;
	/** A fingerprint of the content's first bytes, where the reader kept one: contents whose heads differ need no hash. */
	head?: number;
};

/** Everything one layer tar holds, in tar order. */
export type LayerListing = {
	entries: LayerEntry[];
	/** Length of the uncompressed layer tar. */
	tarBytes: number;
	warnings: string[];
};

/** One step of the image's build history (config.history), oldest first. */
export type HistoryStep = {
	created?: string;
	createdBy?: string;
	comment?: string;
	emptyLayer: boolean;
	/** Index of the real layer this step made, when it made one. */
	layerIndex?: number;
};

/** Why stored bytes are waste: replaced by other content, replaced by the same content, deleted, or stored twice. */
export type WasteClass = 'overwritten' | 'deleted' | 'metadataOnly' | 'duplicate';
