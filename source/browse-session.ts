import {runInSlices} from './analysis/steps.js';
import {imageName, inspectImage, type InspectOptions, loadImage, type LoadedImage} from './inspect-image.js';
import {type OpenedImages, type SourceImage} from './sources/image-source.js';
import {type BrowseModel, creatingBrowseModel} from './view-model/browse-model.js';
import {type PickerImage} from './view-model/session.js';

/** Reads and analyses one image of an opened source, and builds what the browser shows. */
export async function loadBrowseModel(opened: OpenedImages, image: SourceImage, options: InspectOptions = {}): Promise<BrowseModel> {
	return browseModelOf(opened, await loadImage(opened, image, options.onProgress), options);
}

/** Analyses an image already read and builds what the browser shows, in slices that let keys in (`runInSlices`). */
export async function browseModelOf(opened: OpenedImages, loaded: LoadedImage, options: InspectOptions = {}): Promise<BrowseModel> {
	const {report, simulation} = await inspectImage(opened, loaded, options);
	return runInSlices(creatingBrowseModel(report, simulation.outcomes));
}

/** The images of a source as the picker lists them. */
export function pickerImages(opened: OpenedImages): PickerImage[] {
	return opened.images.map(image => {
		const item: PickerImage = {name: image.references.join(' ') || imageName(image), id: image.id, layers: image.layers.length};
		if (image.platform) item.platform = image.platform;
		return item;
	});
}
