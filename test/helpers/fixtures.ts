import {readFileSync} from 'node:fs';
import {fixture} from './cli.js';

export type Layout = 'docker-legacy' | 'docker-oci' | 'docker-containerd' | 'docker-archive' | 'containers-dir' | 'oci';
export type Compression = 'none' | 'gzip' | 'zstd';

/** One image of a committed archive, with what the tool that wrote it is known to have written. */
export type ArchiveFixture = {
	label: string;
	path: string;
	/** `--image`, for an archive that holds several images. */
	image?: string;
	layout: Layout;
	/** Of the archive as a whole. */
	compression: Compression;
	/** Of every layer blob inside it. */
	layerCompression: Compression;
};

/** Our own images (test/fixtures/images): `build` names the build, and umoci's listing of it in union/. */
export type OwnFixture = ArchiveFixture & {build: 'demo' | 'demo-bk' | 'demo-buildah' | 'app' | 'busybox-base'};

const ownImage = (name: string, facts: Omit<OwnFixture, 'label' | 'path'>): OwnFixture => ({
	label: facts.image ? `${name} --image ${facts.image}` : name, path: fixture('images', name), ...facts,
});

const multi = 'multi.docker-legacy.tar.gz';

export const ownFixtures: OwnFixture[] = [
	ownImage('demo.docker-legacy.tar', {build: 'demo', layout: 'docker-legacy', compression: 'none', layerCompression: 'none'}),
	ownImage(multi, {image: 'layerscope/demo', build: 'demo', layout: 'docker-legacy', compression: 'gzip', layerCompression: 'none'}),
	ownImage(multi, {image: 'layerscope/app', build: 'app', layout: 'docker-legacy', compression: 'gzip', layerCompression: 'none'}),
	ownImage(multi, {image: 'layerscope/busybox:base', build: 'busybox-base', layout: 'docker-legacy', compression: 'gzip', layerCompression: 'none'}),
	ownImage('demo-bk.docker-legacy.tar.zst', {build: 'demo-bk', layout: 'docker-legacy', compression: 'zstd', layerCompression: 'none'}),
	ownImage('demo.docker-oci.tar', {build: 'demo', layout: 'docker-oci', compression: 'none', layerCompression: 'none'}),
	ownImage('demo.docker-containerd.tar', {build: 'demo', layout: 'docker-containerd', compression: 'none', layerCompression: 'none'}),
	ownImage('demo-buildah.podman-docker-archive.tar', {build: 'demo-buildah', layout: 'docker-archive', compression: 'none', layerCompression: 'none'}),
	ownImage('demo-buildah.podman-oci-archive.tar', {build: 'demo-buildah', layout: 'oci', compression: 'none', layerCompression: 'gzip'}),
	ownImage('demo.oci-zstd.tar', {build: 'demo', layout: 'oci', compression: 'none', layerCompression: 'zstd'}),
	ownImage('demo.oci-dir', {build: 'demo', layout: 'oci', compression: 'none', layerCompression: 'gzip'}),
	ownImage('demo.containers-dir', {build: 'demo', layout: 'containers-dir', compression: 'none', layerCompression: 'gzip'}),
];

const diveImage = (name: string, facts: Omit<ArchiveFixture, 'label' | 'path'>): ArchiveFixture => ({
	label: name, path: fixture('dive', name), ...facts,
});

/** dive's test images (test/fixtures/dive), copied from the dive project. */
export const diveFixtures: ArchiveFixture[] = [
	diveImage('test-docker-image.tar', {layout: 'docker-legacy', compression: 'none', layerCompression: 'none'}),
	diveImage('test-kaniko-image.tar', {layout: 'docker-archive', compression: 'none', layerCompression: 'gzip'}),
	diveImage('test-oci-uncompressed-image.tar', {layout: 'oci', compression: 'none', layerCompression: 'none'}),
	diveImage('test-oci-gzip-image.tar', {layout: 'oci', compression: 'none', layerCompression: 'gzip'}),
	diveImage('test-oci-zstd-image.tar', {layout: 'oci', compression: 'none', layerCompression: 'zstd'}),
	diveImage('test-oci-estargz-image.tar', {layout: 'oci', compression: 'none', layerCompression: 'gzip'}),
];

export function ownFixture(label: string): OwnFixture {
	const found = ownFixtures.find(candidate => candidate.label === label);
	if (!found) throw new Error(`no fixture labelled ${label}`);
	return found;
}

/** The command-line arguments that pick this image. */
export function sourceArguments(image: ArchiveFixture): string[] {
	return ['--tar', image.path, ...(image.image ? ['--image', image.image] : [])];
}

/** umoci's listing of a build's final view, as bytes. */
export function umociListing(build: OwnFixture['build']): Buffer {
	return readFileSync(fixture('union', `${build}.tsv`));
}

/**
 * A `--list` TSV as lines. Latin-1 maps each byte to one character and back, so equal lines mean equal bytes, and a
 * mismatch shows up as a readable diff.
 */
export function listingLines(tsv: Buffer): string[] {
	return tsv.toString('latin1').split('\n');
}

/** The path column of a `--list` TSV, header left out. */
export function listedPaths(tsv: Buffer): string[] {
	return listingLines(tsv).slice(1).filter(line => line !== '').map(line => line.split('\t')[0]!);
}
