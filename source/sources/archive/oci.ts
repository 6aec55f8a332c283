import {limits} from '../../analysis/limits.js';
import {inFile} from '../../errors.js';
import {type SourceFiles} from '../image-source.js';
import {readJson} from './archive-files.js';

export type OciDescriptor = {
	mediaType?: string;
	digest: string;
	size?: number;
	platform?: {os?: string; architecture?: string; variant?: string};
	annotations?: Record<string, string>;
};

export type OciManifest = {mediaType?: string; config?: OciDescriptor; layers?: OciDescriptor[]};
type OciIndex = {mediaType?: string; manifests?: OciDescriptor[]};

export type FoundManifest = {manifest: OciManifest; digest: string; references: string[]; platform?: string};

const indexTypes = new Set([
	'application/vnd.oci.image.index.v1+json',
	'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** `blobs/<algorithm>/<hex>` for a digest, refusing digests that are not of that form. */
export function blobPath(digest: string): string {
	const match = /^([a-z\d]+):([a-f\d]{32,128})$/.exec(digest);
	if (!match) return `blobs/invalid/${digest.replaceAll('/', '_')}`;
	return `blobs/${match[1]}/${match[2]}`;
}

/** Foreign (Windows base) and non-distributable layers, by media type (containerd's `IsNonDistributable`). */
export function isForeignLayer(mediaType: string | undefined): boolean {
	return Boolean(mediaType?.startsWith('application/vnd.oci.image.layer.nondistributable.')
		|| mediaType?.startsWith('application/vnd.docker.image.rootfs.foreign.'));
}

function isAttestation(descriptor: OciDescriptor): boolean {
	return descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest'
		|| (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown');
}

export function platformOf(descriptor: OciDescriptor): string | undefined {
	const platform = descriptor.platform;
	if (!platform?.os || !platform.architecture) return undefined;
	return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** `linux/arm64` matches `linux/arm64/v8`; the variant, when given, must be the same. */
export function platformMatches(platform: string | undefined, wanted: string): boolean {
	return platform === wanted || Boolean(platform?.startsWith(`${wanted}/`));
}

/** The platform this machine runs containers of, in OCI terms (`linux/amd64`). */
export function hostPlatform(): string {
	const architectures: Record<string, string> = {x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', s390x: 's390x', ppc64: 'ppc64le'};
	return `linux/${architectures[process.arch] ?? process.arch}`;
}

function referenceOf(descriptor: OciDescriptor): string | undefined {
	return descriptor.annotations?.['io.containerd.image.name'] ?? descriptor.annotations?.['org.opencontainers.image.ref.name'];
}

/**
 * Every image manifest that index.json leads to. Inside a multi-platform index, attestation manifests are skipped
 * and, unless `allPlatforms`, only the host's platform is kept when it is there. Manifests whose blobs are absent
 * (platforms not saved) are skipped, as the OCI layout allows.
 */
export function * walkOciIndex(files: SourceFiles, options: {allPlatforms: boolean}): Generator<FoundManifest> {
	const index = readJson(files, 'index.json') as OciIndex;
	if (!Array.isArray(index?.manifests)) throw inFile(files.label, 'index.json has no manifests list');
	const walk: Walk = {seen: new Set<string>(), visited: 0};
	for (const descriptor of index.manifests.filter(isDescriptor)) {
		const reference = referenceOf(descriptor);
		yield * visitDescriptor(files, descriptor, reference ? [reference] : [], options, walk, 0);
	}
}

/** An entry of a manifests list that is an object at all (a hostile index may hold null or numbers). */
function isDescriptor(value: unknown): value is OciDescriptor {
	return typeof value === 'object' && value !== null;
}

/** What a walk of an index tree has seen: manifests found, and descriptors visited against the budget. */
type Walk = {seen: Set<string>; visited: number};

function * visitDescriptor(
	files: SourceFiles, descriptor: OciDescriptor, references: string[], options: {allPlatforms: boolean},
	walk: Walk, depth: number,
): Generator<FoundManifest> {
	if (typeof descriptor?.digest !== 'string' || depth > limits.indexDepth) return;
	// Indexes may name one another many times over: without a budget, nesting grows the walk exponentially.
	if (++walk.visited > limits.indexEntries) throw inFile(files.label, `its indexes lead to more than ${limits.indexEntries} manifests and indexes`);
	const file = blobPath(descriptor.digest);
	if (!files.has(file)) return;
	const document = readJson(files, file) as OciIndex & OciManifest;
	const isIndex = indexTypes.has(descriptor.mediaType ?? document.mediaType ?? '') || Array.isArray(document.manifests);
	if (isIndex) {
		for (const child of choosePlatforms(Array.isArray(document.manifests) ? document.manifests : [], options.allPlatforms)) {
			yield * visitDescriptor(files, child, references, options, walk, depth + 1);
		}

		return;
	}

	const key = `${descriptor.digest} ${references.join(',')}`;
	if (walk.seen.has(key)) return;
	walk.seen.add(key);
	const found: FoundManifest = {manifest: document, digest: descriptor.digest, references};
	const platform = platformOf(descriptor);
	if (platform) found.platform = platform;
	yield found;
}

function choosePlatforms(manifests: OciDescriptor[], allPlatforms: boolean): OciDescriptor[] {
	const images = manifests.filter(descriptor => isDescriptor(descriptor) && !isAttestation(descriptor));
	if (allPlatforms || images.length <= 1) return images;
	const host = hostPlatform();
	const matching = images.filter(descriptor => platformMatches(platformOf(descriptor), host));
	return matching.length > 0 ? matching.slice(0, 1) : images;
}
