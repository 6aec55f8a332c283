import {referenceMatches} from '../../analysis/reference.js';
import {UserError} from '../../errors.js';
import {type ImageSource, type OpenedImages, type SourceImage} from '../image-source.js';
import {openRootImages} from './open-root.js';

export type RootImageRequest = {
	roots: string[];
	/** An image by name, short or full id, or digest. */
	reference: string;
	/** Roots found by looking, not named: one that cannot be read is passed over. */
	lenient: boolean;
	/** `os/arch[/variant]` of a multi-platform image; default the host's. */
	platform?: string;
};

/** An image of the storage roots, found by name, id or digest when opened: read in place, as an archive would be. */
export function rootImageSource(request: RootImageRequest): ImageSource {
	return {label: request.reference, open: async () => findImage(request)};
}

function digestsOf(references: string[]): string[] {
	return references.filter(reference => reference.includes('@')).map(reference => reference.slice(reference.indexOf('@') + 1));
}

/** Opens a root's stores; a root found by looking that cannot be read is passed over, a named one is an error. */
function openOrSkip(root: string, lenient: boolean, platform?: string): OpenedImages[] {
	try {
		return openRootImages(root, platform);
	} catch (error) {
		if (lenient && error instanceof UserError) return [];
		throw error;
	}
}

/** The ids of a store's images that a query names; containerd lists an image by its target digest. */
function matchingIds(opened: OpenedImages, query: string): Set<string> {
	const identity = (image: SourceImage) => ({
		references: image.references, id: image.storeId ?? image.id,
		digests: [...digestsOf(image.references), ...(image.storeId ? [image.storeId] : []), ...(image.manifestDigest ? [image.manifestDigest] : [])],
	});
	return new Set(opened.images
		.filter(image => referenceMatches(query, identity(image)) || (image.storeId !== undefined && referenceMatches(query, {references: [], id: image.id, digests: []})))
		.map(image => image.id));
}

/**
 * Searches every root for the image; exactly one image (by id) may match. The store it is in stays open, every
 * other is closed; the caller closes what it gets.
 */
function findImage({roots, reference, lenient, platform}: RootImageRequest): OpenedImages {
	const found: Array<{opened: OpenedImages; id: string}> = [];
	const seenStores = new Set<string>();
	for (const opened of roots.flatMap(root => openOrSkip(root, lenient, platform))) {
		// A Docker root and the system containerd root it uses open the same namespace: search it once.
		if (seenStores.has(opened.label)) {
			opened.close();
			continue;
		}

		seenStores.add(opened.label);
		// podman resolves a short name against its local images first: `lab/app` is `localhost/lab/app`.
		let matches = matchingIds(opened, reference);
		if (matches.size === 0 && opened.images.some(image => image.layout === 'containers-storage')) matches = matchingIds(opened, `localhost/${reference}`);
		for (const id of matches) found.push({opened, id});
		if (matches.size === 0) opened.close();
	}

	// The same image in several roots (pulled into Docker and podman alike) is one image: the first root's copy.
	if (found.length > 0 && found.every(({id}) => id === found[0]!.id)) {
		for (const {opened} of found.slice(1)) opened.close();
		// Base-image detection compares with the other images: named ones only, not the legacy builder's step images.
		const {opened, id} = found[0]!;
		return {...opened, images: opened.images.filter(image => image.id === id || image.references.length > 0), wanted: id};
	}

	for (const {opened} of found) opened.close();
	if (found.length === 0) throw new UserError(`no image ${reference}${platform ? ` for platform ${platform}` : ''} in ${roots.join(', ')}`);
	throw new UserError(`${reference} names ${found.length} images: ${found.map(({opened, id}) => `${id.slice(7, 19)} in ${opened.label}`).join(', ')}; give more of the id, or pick a root with --root DIR`);
}
