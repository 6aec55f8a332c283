import {type ArchiveImage} from './sources/archive/archive-images.js';
import {type ProgressListener} from './progress.js';
import {imageName, inspectImage, loadImage, type OpenedArchive} from './inspect-image.js';
import {type BrowseModel, createBrowseModel} from './view-model/browse-model.js';
import {type PickerImage} from './view-model/session.js';

export type BrowseLoadOptions = {source: string; baseLayers?: number; onProgress?: ProgressListener};

/** Reads and analyses one image of an opened archive, and builds what the browser shows. */
export async function loadBrowseModel(opened: OpenedArchive, image: ArchiveImage, options: BrowseLoadOptions): Promise<BrowseModel> {
	const loaded = await loadImage(opened, image, options.onProgress);
	const inspectOptions = {source: options.source, ...(options.baseLayers === undefined ? {} : {baseLayers: options.baseLayers}), ...(options.onProgress ? {onProgress: options.onProgress} : {})};
	const {report, simulation} = await inspectImage(opened, loaded, inspectOptions);
	return createBrowseModel(report, simulation.outcomes);
}

/** The images of an archive as the picker lists them. */
export function pickerImages(opened: OpenedArchive): PickerImage[] {
	return opened.images.map(image => {
		const item: PickerImage = {name: image.references.join(' ') || imageName(image), id: image.id, layers: image.layers.length};
		if (image.platform) item.platform = image.platform;
		return item;
	});
}
