import {createHash} from 'node:crypto';
import {readSync} from 'node:fs';
import {inFile} from '../../errors.js';
import {configProblem, type ImageConfig} from '../image-config.js';
import {type ImageLayout, type LayerBlob, type SourceFiles, type SourceImage} from '../image-source.js';
import {readJson} from './archive-files.js';
import {blobPath, isForeignLayer, type OciDescriptor, type OciManifest, platformMatches, walkOciIndex} from './oci.js';

type ManifestJsonItem = {Config?: unknown; RepoTags?: unknown; Layers?: unknown; LayerSources?: unknown};

/**
 * Finds every image of an archive, by its manifest.json (Docker, podman) or its index.json (OCI); with a platform
 * (`os/arch[/variant]`), every image of that platform, a multi-platform index's other platforms included.
 */
export function listArchiveImages(files: SourceFiles, platform?: string): SourceImage[] {
	const host = listHostImages(files);
	if (platform === undefined) return host;
	// A docker save of an index: manifest.json names the host's platform only, but the layout is still Docker's.
	const layout = files.has('manifest.json') ? host[0]?.layout : undefined;
	const candidates = files.has('index.json') && files.has('oci-layout')
		? fromOciIndex(files, true).map(image => (layout ? {...image, layout} : image))
		: host;
	const matching = candidates.filter(image => platformMatches(platformOfImage(image), platform));
	if (matching.length > 0) return matching;

	const present = [...new Set(candidates.map(image => platformOfImage(image)))].join(', ');
	throw inFile(files.label, `no image for platform ${platform}; the archive holds ${present || 'no platform'}`);
}

/** An image's platform: its index descriptor's, else its config's. */
export function platformOfImage(image: SourceImage): string {
	return image.platform ?? [image.config.os, image.config.architecture, image.config.variant].filter(Boolean).join('/');
}

function listHostImages(files: SourceFiles): SourceImage[] {
	if (files.has('manifest.json') && files.has('version')) return fromContainersDir(files);
	if (files.has('manifest.json')) return fromManifestJson(files);
	if (files.has('index.json')) return fromOciIndex(files);
	if (files.has('repositories')) {
		throw inFile(files.label, 'a pre-1.10 docker save (v0/v1 images) is not supported; re-save it with a newer Docker');
	}

	throw inFile(files.label, 'not a docker save or OCI archive (no manifest.json or index.json)');
}

function fromManifestJson(files: SourceFiles): SourceImage[] {
	const manifest = readJson(files, 'manifest.json');
	if (!Array.isArray(manifest)) throw inFile(files.label, 'manifest.json is not a list of images');
	const ociManifests = files.has('index.json') && files.has('oci-layout') ? ociManifestsByConfig(files) : new Map();
	return (manifest as ManifestJsonItem[]).map((item, position) => {
		// An image with no layer at all (FROM scratch with only LABEL or ENV) has `"Layers": []`, or null when Docker's
		// containerd image store saved it.
		const layers = item?.Layers ?? [];
		if (typeof item?.Config !== 'string' || !Array.isArray(layers)) {
			throw inFile(files.label, `manifest.json entry ${position} has no Config or Layers`);
		}

		const configFile = normalizeArchivePath(item.Config);
		const {config, id} = readConfig(files, configFile);
		const oci = ociManifests.get(id) as {manifest: OciManifest; digest: string} | undefined;
		const layerFiles = (layers as unknown[]).map(layer => normalizeArchivePath(String(layer)));
		const image: SourceImage = {
			references: Array.isArray(item.RepoTags) ? item.RepoTags.map(String) : [],
			id,
			configFile,
			config,
			layers: layerFiles.map((file, index) => describeManifestLayer(files, file, index, config, oci?.manifest)),
			layout: manifestJsonLayout(files, item, layerFiles, config, oci?.manifest),
		};
		if (oci) image.manifestDigest = oci.digest;
		return image;
	});
}

function describeManifestLayer(
	files: SourceFiles, file: string, index: number, config: ImageConfig, oci: OciManifest | undefined,
): LayerBlob {
	const digestFromPath = /^blobs\/sha256\/([a-f\d]{64})$/.exec(file)?.[1];
	const descriptor = oci?.layers?.find(layer => digestFromPath && layer.digest === `sha256:${digestFromPath}`) ?? oci?.layers?.[index];
	const inArchive = files.has(file);
	const blob: LayerBlob = {index, file, inArchive, foreign: descriptor ? isForeignLayer(descriptor.mediaType) : false};
	const diffId = config.rootfs?.diff_ids?.[index];
	if (diffId) blob.diffId = diffId;
	if (descriptor?.digest) blob.digest = descriptor.digest;
	else if (digestFromPath) blob.digest = `sha256:${digestFromPath}`;
	if (descriptor?.mediaType) blob.mediaType = descriptor.mediaType;
	if (inArchive) blob.storedBytes = files.size(file);
	else if (descriptor?.size !== undefined) blob.storedBytes = descriptor.size;
	return blob;
}

/**
 * Which writer made a manifest.json archive. Docker 25+ on the classic store names layers by diffID, fills
 * `LayerSources` and writes `repositories` for tags; the containerd store copies its content blobs and writes
 * neither (docs/formats.md §1.3, 1.4). A save of plain layers loaded into the containerd store also has diffID
 * names, but keeps the loaded manifest's Docker media type where the classic store always writes an OCI one.
 */
function manifestJsonLayout(
	files: SourceFiles, item: ManifestJsonItem, layerFiles: string[], config: ImageConfig, oci: OciManifest | undefined,
): ImageLayout {
	if (layerFiles.length > 0 && layerFiles.every(file => file.endsWith('/layer.tar'))) return 'docker-legacy';
	if (!files.has('oci-layout')) return 'docker-archive';
	if (typeof item.LayerSources === 'object' && item.LayerSources !== null) return 'docker-oci';
	if (files.has('repositories')) return 'docker-oci';
	const diffIds = config.rootfs?.diff_ids ?? [];
	const byDiffId = layerFiles.every((file, index) => diffIds[index] && file === blobPath(diffIds[index]));
	return byDiffId && oci?.mediaType === 'application/vnd.oci.image.manifest.v1+json' ? 'docker-oci' : 'docker-containerd';
}

function ociManifestsByConfig(files: SourceFiles): Map<string, {manifest: OciManifest; digest: string}> {
	const byConfig = new Map<string, {manifest: OciManifest; digest: string}>();
	for (const found of walkOciIndex(files, {allPlatforms: true})) {
		const configDigest = found.manifest.config?.digest;
		if (configDigest && !byConfig.has(configDigest)) byConfig.set(configDigest, {manifest: found.manifest, digest: found.digest});
	}

	return byConfig;
}

function fromOciIndex(files: SourceFiles, allPlatforms = false): SourceImage[] {
	const images: SourceImage[] = [];
	for (const found of walkOciIndex(files, {allPlatforms})) {
		const configDigest = found.manifest.config?.digest;
		if (!configDigest) throw inFile(files.label, `manifest ${found.digest} has no config`);
		const configFile = blobPath(configDigest);
		const {config, id} = readConfig(files, configFile);
		const image: SourceImage = {
			references: found.references,
			id,
			manifestDigest: found.digest,
			configFile,
			config,
			layers: (found.manifest.layers ?? []).map((layer, index) => describeOciLayer(files, layer, index, config)),
			layout: 'oci',
		};
		if (found.platform) image.platform = found.platform;
		images.push(image);
	}

	if (images.length === 0) throw inFile(files.label, 'index.json lists no image manifest');
	return images;
}

/**
 * containers/image's `dir:` transport: one image, its registry manifest in manifest.json, and each blob in a file
 * named by the digest's hex (https://github.com/containers/image, directory/directory_dest.go).
 */
function fromContainersDir(files: SourceFiles): SourceImage[] {
	const manifest = readJson(files, 'manifest.json') as OciManifest;
	const configDigest = manifest?.config?.digest;
	if (typeof configDigest !== 'string' || !Array.isArray(manifest.layers)) {
		throw inFile(files.label, 'manifest.json is neither a list of images nor an image manifest');
	}

	const fileOf = (digest: string) => blobPath(digest).replace(/^blobs\/[a-z\d]+\//, '');
	const configFile = fileOf(configDigest);
	const {config, id} = readConfig(files, configFile);
	const layers = manifest.layers.map((layer, index) => describeOciLayer(files, layer, index, config, fileOf(layer.digest)));
	return [{references: [], id, configFile, config, layers, layout: 'containers-dir'}];
}

function describeOciLayer(
	files: SourceFiles, layer: OciDescriptor, index: number, config: ImageConfig, file = blobPath(layer.digest),
): LayerBlob {
	const blob: LayerBlob = {
		index, file, digest: layer.digest, inArchive: files.has(file), foreign: isForeignLayer(layer.mediaType),
	};
	if (layer.mediaType) blob.mediaType = layer.mediaType;
	if (layer.size !== undefined) blob.storedBytes = layer.size;
	const diffId = config.rootfs?.diff_ids?.[index];
	if (diffId) blob.diffId = diffId;
	return blob;
}

function readConfig(files: SourceFiles, configFile: string): {config: ImageConfig; id: string} {
	const document = readJson(files, configFile);
	const problem = configProblem(document);
	if (problem) throw inFile(files.label, `${configFile} is not an image config: ${problem}`);
	const config = document as ImageConfig;
	return {config, id: `sha256:${hashOf(files, configFile)}`};
}

function hashOf(files: SourceFiles, file: string): string {
	const range = files.range(file);
	const buffer = Buffer.alloc(range.length);
	readSync(range.fd, buffer, 0, range.length, range.start);
	return createHash('sha256').update(buffer).digest('hex');
}

function normalizeArchivePath(file: string): string {
	return file.replace(/^(\.\/)+/, '').replace(/^\/+/, '');
}
