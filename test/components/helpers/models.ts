import {loadBrowseModel} from '../../../source/browse-session.js';
import {chooseImage} from '../../../source/inspect-image.js';
import {archiveSource} from '../../../source/sources/archive/archive-source.js';
import {type BrowseModel} from '../../../source/view-model/browse-model.js';
import {fixture} from '../../helpers/cli.js';

const models = new Map<string, Promise<BrowseModel>>();

/** The browser model of a committed fixture, analysed by the real code once per test file. */
export function fixtureModel(name = 'demo.docker-legacy.tar', image?: string): Promise<BrowseModel> {
	const key = `${name}\u0000${image ?? ''}`;
	let model = models.get(key);
	if (!model) {
		model = (async () => {
			const path = fixture('images', name);
			const opened = await archiveSource(path, {}).open();
			try {
				return await loadBrowseModel(opened, chooseImage(opened, image));
			} finally {
				opened.close();
			}
		})();
		models.set(key, model);
	}

	return model;
}
