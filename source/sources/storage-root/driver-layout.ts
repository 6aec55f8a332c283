/** Where a graph driver keeps each layer's directory, relative to the root (docs/formats.md §3.5, 3.7, 5). */
export type DriverLayout = {
	driver: string;
	/** The directory whose children are the per-layer directories. */
	layersDirectory: string;
	/** The directory holding one layer's own files (for vfs: the full tree after that layer). */
	filesOf(cacheId: string): string;
	/** Whether a layer directory holds only the layer's own changes (overlay2, aufs) or a full copy (vfs). */
	changesOnly: boolean;
};

const layouts: Record<string, Omit<DriverLayout, 'driver'>> = {
	overlay2: {layersDirectory: 'overlay2', filesOf: id => `overlay2/${id}/diff`, changesOnly: true},
	'fuse-overlayfs': {layersDirectory: 'fuse-overlayfs', filesOf: id => `fuse-overlayfs/${id}/diff`, changesOnly: true},
	vfs: {layersDirectory: 'vfs/dir', filesOf: id => `vfs/dir/${id}`, changesOnly: false},
	aufs: {layersDirectory: 'aufs/diff', filesOf: id => `aufs/diff/${id}`, changesOnly: true},
	// containers/storage names its overlay driver `overlay`, with the same directory scheme as Docker's overlay2.
	overlay: {layersDirectory: 'overlay', filesOf: id => `overlay/${id}/diff`, changesOnly: true},
};

/** Drivers in the order Docker prefers them when a root holds metadata for several. */
export const knownDrivers = ['overlay2', 'fuse-overlayfs', 'aufs', 'vfs'];

export function driverLayout(driver: string): DriverLayout | undefined {
	const layout = layouts[driver];
	return layout ? {driver, ...layout} : undefined;
}
