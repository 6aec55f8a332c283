import {describe, expect, it} from 'vitest';
import {loadBrowseModel} from '../../source/browse-session.js';
import {chooseImage, loadImage, viewAfter} from '../../source/inspect-image.js';
import {escapeListField, formatMode, unionListLines} from '../../source/output/union-list.js';
import {archiveSource} from '../../source/sources/archive/archive-source.js';
import {type BrowseModel} from '../../source/view-model/browse-model.js';
import {removedStatus, versionAt} from '../../source/view-model/layer-state.js';
import {binaryPathOf, findPath} from '../../source/view-model/path-table.js';
import {diveFixtures, ownFixture} from '../helpers/fixtures.js';

const typeLetters = {file: 'f', hardlink: 'f', dir: 'd', symlink: 'l', char: 'c', block: 'b', fifo: 'p'} as const;

/** The view after `layer` as the path history tells it, in the `--list` columns (nlink left out). */
function listingFromHistory(model: BrowseModel, layer: number): string[] {
	const {table} = model;
	const state = model.tree.layerState(layer);
	const lines: string[] = [];
	for (let id = 1; id < table.count; id++) {
		if (state.status[id] === 0 || state.status[id] === removedStatus) continue;
		const version = versionAt(table, state, id)!;
		const attributes = version.copy?.entry ?? version.entry;
		lines.push([
			escapeListField(`/${binaryPathOf(table, id)}`), typeLetters[version.type], version.type === 'file' ? String(version.copy?.entry.size ?? 0) : '0',
			formatMode(attributes.mode), String(attributes.uid), String(attributes.gid), version.type === 'symlink' ? escapeListField(version.entry.linkTarget ?? '') : '',
		].join('\t'));
	}

	return lines.sort();
}

const withoutNlink = (line: string) => line.split('\t').filter((_, column) => column !== 6).join('\t');

const archives = [
	ownFixture('demo.docker-legacy.tar'), ownFixture('demo-buildah.podman-docker-archive.tar'), ownFixture('demo-bk.docker-legacy.tar.zst'),
	diveFixtures.find(image => image.label === 'test-docker-image.tar')!,
];

describe('the path history', () => {
	for (const archive of archives) {
		it(`gives the same view as the union simulation after every layer of ${archive.label}`, async () => {
			const opened = await archiveSource(archive.path, {}).open();
			try {
				const image = chooseImage(opened, archive.image);
				const model = await loadBrowseModel(opened, image);
				const loaded = await loadImage(opened, image);
				for (let layer = 0; layer < loaded.layers.length; layer++) {
					const simulated = unionListLines(viewAfter(loaded, layer).view).slice(1).map(withoutNlink).sort();
					expect(listingFromHistory(model, layer), `layer ${layer}`).toEqual(simulated);
				}
			} finally {
				opened.close();
			}
		}, 60_000);
	}

	it('tells what each layer of the demo image did to a path', async () => {
		const opened = await archiveSource(archives[0]!.path, {}).open();
		try {
			const model = await loadBrowseModel(opened, chooseImage(opened));
			const kindAt = (path: string, layer: number) => {
				const id = findPath(model.table, path)!;
				const state = model.tree.layerState(layer);
				return ['absent', 'unchanged', 'added', 'modified', 'metadataOnly', 'removed'][state.status[id]!];
			};

			expect(kindAt('app/cache/build.tmp', 2)).toBe('added');
			expect(kindAt('app/cache/build.tmp', 3)).toBe('removed');
			expect(kindAt('app/cache', 3)).toBe('removed');
			expect(kindAt('app/cache', 4)).toBe('absent');
			expect(kindAt('app/conf/blob.bin', 4)).toBe('modified');
			expect(kindAt('app/tool.bin', 5)).toBe('metadataOnly');
			expect(kindAt('app/tool.bin', 4)).toBe('unchanged');
			expect(kindAt('opt/tree/f1', 7)).toBe('removed');
		} finally {
			opened.close();
		}
	});
});
