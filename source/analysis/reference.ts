/** Image references the way Docker reads them: `nginx` is `docker.io/library/nginx:latest`. */

/** The full form of a reference: registry, repository path, and a tag or digest (`:latest` when neither). */
export function normalizeReference(reference: string): string {
	let name = reference.trim();
	let suffix = '';
	const at = name.indexOf('@');
	if (at !== -1) {
		suffix = name.slice(at);
		name = name.slice(0, at);
	}

	const lastSlash = name.lastIndexOf('/');
	const colon = name.lastIndexOf(':');
	if (colon > lastSlash) {
		suffix = name.slice(colon) + suffix;
		name = name.slice(0, colon);
	} else if (suffix === '') {
		suffix = ':latest';
	}

	const firstSlash = name.indexOf('/');
	const first = firstSlash === -1 ? '' : name.slice(0, firstSlash);
	const hasRegistry = first.includes('.') || first.includes(':') || first === 'localhost';
	if (!hasRegistry) name = firstSlash === -1 ? `docker.io/library/${name}` : `docker.io/${name}`;
	return `${name}${suffix}`;
}

/** Docker's short form for display: `docker.io/library/nginx:latest` → `nginx:latest`. */
export function familiarReference(reference: string): string {
	return reference.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}

export type Identified = {references: string[]; id: string; digests: string[]};

/**
 * Whether `wanted` names this image: one of its references (in any spelling Docker accepts; a bare tag matches an
 * OCI layout's tag-only name), its id or a prefix of it (at least 4 hex digits), or one of its digests.
 */
export function referenceMatches(wanted: string, image: Identified): boolean {
	const query = wanted.trim();
	const hex = query.replace(/^sha256:/, '');
	if (/^[a-f\d]{4,64}$/.test(hex) && image.id.replace(/^sha256:/, '').startsWith(hex)) return true;
	if (query.startsWith('sha256:') && image.digests.includes(query)) return true;
	const digest = query.includes('@') ? query.slice(query.indexOf('@') + 1) : undefined;
	if (digest && image.digests.includes(digest)) return true;
	const normalized = normalizeReference(query);
	return image.references.some(reference => {
		if (reference === query) return true;
		const tagOnly = !/[/:@]/.test(reference);
		if (tagOnly) return query.endsWith(`:${reference}`);
		return normalizeReference(reference) === normalized;
	});
}
