import {analyseImage, imageName, type InspectOptions} from './inspect-image.js';
import {type OpenedImages, type SourceImage} from './sources/image-source.js';
import {type BrowseModel, createBrowseModel} from './view-model/browse-model.js';
import {type PickerImage} from './view-model/session.js';

/** Reads and analyses one image of an opened source, and builds what the browser shows, opening on `layer` (default the last). */
export async function loadBrowseModel(opened: OpenedImages, image: SourceImage, options: InspectOptions = {}, layer?: number): Promise<BrowseModel> {
	const {report, simulation} = await analyseImage(opened, image, options);
	return createBrowseModel(report, simulation.outcomes, layer);
}

/** The images of a source as the picker lists them. */
export function pickerImages(opened: OpenedImages): PickerImage[] {
	return opened.images.map(image => {
		const item: PickerImage = {name: image.references.join(' ') || imageName(image), id: image.id, layers: image.layers.length};
		if (image.platform) item.platform = image.platform;
		return item;
	});
}
