/**
 * The seam between the readers and the rest: what every image source yields once opened. An archive, a storage
 * root's store, the engine's socket (and any source added later) all open into `OpenedImages`, which the analysis
 * reads without knowing where the bytes are. docs/architecture.md says how to add a source.
 */
import {type Readable} from 'node:stream';
import {type LayerEntry, type LayerListing} from '../analysis/model.js';
import {type ProgressListener} from '../progress.js';
import {type ImageConfig} from './image-config.js';
import {type Compression} from './layers/decompress.js';
import {type ContentReader} from './layers/entry-content.js';
import {type FileRange} from './layers/file-range.js';

/** How the image was stored (which writer, which store); decides nothing but is reported. */
export type ImageLayout =
	| 'docker-legacy' // docker save, Docker ≤ 24 (<id>/layer.tar)
	| 'docker-oci' // docker save, Docker 25+ with the graphdriver store (OCI layout + manifest.json)
	| 'docker-containerd' // docker save from the containerd image store (compressed blobs + manifest.json)
	| 'docker-archive' // podman / skopeo / buildah docker-archive (<diffid>.tar at the root)
	| 'containers-dir' // containers/image `dir:` (podman save --format docker-dir, skopeo copy … dir:DIR)
	| 'oci' // OCI image layout (oci-archive, or a directory)
	| 'docker-root' // an image in Docker's data root (layerdb, read in place)
	| 'containerd' // an image in a containerd content store (Docker's containerd image store), read in place
	| 'containers-storage'; // an image in a podman / buildah / CRI-O storage root

/** One layer of an image as its source describes it. */
export type LayerBlob = {
	index: number;
	/** Path of the blob in the archive, when the archive has it. */
	file?: string;
	digest?: string;
	diffId?: string;
	mediaType?: string;
	/** Size of the blob as stored (compressed or not). */
	storedBytes?: number;
	inArchive: boolean;
	/** A foreign or non-distributable layer: its absence from an archive is expected. */
	foreign: boolean;
};

/** One image a source holds, at one platform. */
export type SourceImage = {
	/** Names as written in the archive (`name:tag`, or a full reference). */
	references: string[];
	/** `sha256:` + hash of the config bytes (the image ID of the graphdriver and podman stores). */
	id: string;
	/** The id its store lists it by when that is not the config's digest (containerd: the target digest). */
	storeId?: string;
	manifestDigest?: string;
	configFile: string;
	config: ImageConfig;
	layers: LayerBlob[];
	layout: ImageLayout;
	platform?: string;
};

/**
 * The files of a source, whatever holds them: a `docker save` tar, an OCI layout directory, a spooled copy of a
 * compressed archive or of standard input, a storage root read in place. Paths are normalized (`blobs/sha256/…`).
 */
export type SourceFiles = {
	/** The name the user gave, for messages. */
	readonly label: string;
	/** How the archive itself was compressed. */
	readonly compression: Compression;
	has(file: string): boolean;
	size(file: string): number;
	/** Where the file's bytes are, so they can be read in place. */
	range(file: string): FileRange;
	open(file: string): Readable;
	close(): void;
};

/** A layer as read: its listing, and where its bytes are when they can be read again in place. */
export type ReadLayer = {
	blob: LayerBlob;
	listing: LayerListing;
	/** Compression of the blob, by its magic bytes. */
	compression: Compression;
	/** Set for an uncompressed blob in a seekable file: entries' `dataOffset` point into it. */
	range?: FileRange;
	/** For layers whose bodies are files elsewhere (a storage root): the sha256 (hex) of an entry's content. */
	digestOf?: (entry: LayerEntry) => string | undefined;
	/** Regular-file entries' bytes, piece by piece in the layer's order; absent where they cannot be read (a foreign layer). */
	readContents?: ContentReader;
};

/** A source opened: its images, how to read an image's layers, and how to let go of it. Whoever opens closes. */
export type OpenedImages = {
	files: SourceFiles;
	images: SourceImage[];
	/** How the report names the source (the path as given, or the store an image was found in). */
	label: string;
	/** The image the source names (`--image`, or the one found by name in a storage root); else the only one, or the user picks. */
	wanted?: string;
	readLayers: (image: SourceImage, onProgress?: ProgressListener) => Promise<ReadLayer[]>;
	close: () => void;
};

/**
 * Where an image comes from, as the command line named it. Nothing is read until `open`; a face opens it once and
 * closes what it got.
 */
export type ImageSource = {
	/** How messages name the source before it is opened. */
	readonly label: string;
	open: (onProgress?: ProgressListener) => Promise<OpenedImages>;
};
