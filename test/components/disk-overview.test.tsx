import {act} from 'react';
import {afterAll, afterEach, beforeAll, describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {loadBrowseModel} from '../../source/browse-session.js';
import {DiskApp, type DiskView} from '../../source/components/DiskApp.js';
import {chooseImage} from '../../source/inspect-image.js';
import {type OpenedImages} from '../../source/sources/image-source.js';
import {rootImageSource} from '../../source/sources/storage-root/root-image-source.js';
import {createStore} from '../../source/view-model/session.js';
import {diskRootReport} from '../helpers/disk-root.js';
import {cleanup, keys, render} from './helpers/render.js';

let report: DiskReport;
const opened: OpenedImages[] = [];
beforeAll(async () => {
	({report} = await diskRootReport());
});
afterEach(cleanup);
afterAll(() => {
	for (const source of opened) source.close();
});

async function mount(columns = 100, rows = 40) {
	const view = createStore<DiskView>({view: 'overview'});
	const log: string[] = [];
	const requests: Array<{root: string; id: string}> = [];
	const controls = {open: (image: {root: string; id: string}) => requests.push(image), back: () => log.push('back'), quit: () => log.push('quit')};
	const ui = await render(<DiskApp report={report} view={view} controls={controls} size={{columns, rows}} />);
	return {...ui, view, log, requests};
}

const imageRow = /^[ ›] ((?:zz|old)\/\S+) +[\da-f]{12} /;
const cursorLine = (frame: string) => frame.split('\n').find(line => line.startsWith('› '))?.slice(2) ?? '';
const tableRows = (frame: string) => frame.split('\n').flatMap(line => imageRow.exec(line)?.[1] ?? []);

describe('the disk overview on a hand-built aufs root', () => {
	it('shows the df rows, the prunes, the orphans and the image table', async () => {
		const ui = await mount();
		const frame = ui.frame();
		expect(frame.split('\n')).toHaveLength(39);
		expect(frame).toMatch(/\(docker, aufs\)/);
		expect(frame).toMatch(/Images +3 +1 /);
		expect(frame).toMatch(/Containers +1 +0 +321 B +321 B/);
		expect(frame).toContain('docker image prune -a frees');
		expect(frame).toMatch(/Orphans: 1 layer directory, 4\.57 kB/);
		expect(frame).toMatch(/^  REPOSITORY:TAG +IMAGE ID +CREATED +SIZE +SHARED +UNIQUE +CTRS +FLAGS$/m);
		expect(frame).toMatch(/old\/app:1 +[\da-f]{12} +2026-01-01 00:00 +7\.01 kB +2\.01 kB +5 kB +1 +in use/);
		expect(frame).toMatch(/old\/base:1 .* unused/);
		expect(tableRows(frame)).toEqual(['zz/big:2', 'old/app:1', 'old/base:1']);
		expect(frame).toMatch(/Enter open image +s by size +u by unique +c by created +n by name/);
		expect(frame.split('\n').at(-1)).toMatch(/\? help +q quit\s*$/);
	});

	it('sorts, filters live, clears the filter with Esc, and moves the cursor', async () => {
		const ui = await mount();
		await ui.press('n');
		expect(tableRows(ui.frame())).toEqual(['old/app:1', 'old/base:1', 'zz/big:2']);
		await ui.press('/', 'b', 'a', 's');
		expect(ui.frame()).toContain('filter: bas▏');
		expect(tableRows(ui.frame())).toEqual(['old/base:1']);
		await ui.press(keys.escape);
		expect(tableRows(ui.frame())).toHaveLength(3);
		await ui.press(keys.down, 'j', 'k');
		expect(cursorLine(ui.frame())).toMatch(/^old\/base:1/);
		await ui.press(keys.end);
		expect(cursorLine(ui.frame())).toMatch(/^zz\/big:2/);
	});

	it('shows the selected image\'s layers and who shares them on Tab, and the keys on ?', async () => {
		const ui = await mount();
		await ui.press(keys.down, keys.tab);
		expect(ui.frame()).toMatch(/Layers of old\/app:1/);
		expect(ui.frame()).toMatch(/LAYER +SIZE +ALSO IN/);
		expect(ui.frame()).toContain('(this image only)');
		await ui.press('?');
		expect(ui.frame()).toContain('Disk overview keys');
		expect(ui.frame()).toContain('In the image view, q returns to this overview.');
		await ui.press('x');
		expect(ui.frame()).toMatch(/Layers of old\/app:1/);
	});

	it('opens an image on Enter in the image view, and comes back to the overview as it was', async () => {
		const ui = await mount();
		await ui.press(keys.down, keys.enter);
		const image = report.images.find(candidate => candidate.repoTags[0] === 'old/app:1')!;
		expect(ui.requests).toEqual([{root: image.root, id: image.id}]);
		// The session's path for an image of a root, as `layerscope --root DIR IMAGE` takes it.
		const match = await rootImageSource({roots: [image.root], reference: image.id, lenient: false}).open();
		opened.push(match);
		const model = await loadBrowseModel(match, chooseImage(match));
		await act(async () => ui.view.set({view: 'browse', model}));
		expect(ui.frame()).toContain('▶ Layers');
		expect(ui.frame()).toContain('q back to overview');
		await ui.press('j');
		expect(ui.requests).toHaveLength(1);
		await ui.press('q');
		expect(ui.log).toEqual(['back']);
		await act(async () => ui.view.set({view: 'overview'}));
		expect(cursorLine(ui.frame())).toMatch(/^old\/app:1/);
		await ui.press('q');
		expect(ui.log).toEqual(['back', 'quit']);
	});

	it('shows why an image could not be opened, and asks for a larger terminal when too small', async () => {
		const ui = await mount();
		await act(async () => ui.view.set({view: 'overview', message: 'could not open old/app:1: gone'}));
		expect(ui.frame().split('\n').at(-1)).toMatch(/^could not open old\/app:1: gone/);
		await cleanup();
		const small = await mount(50, 30);
		expect(small.frame()).toContain('the disk overview needs at least 60×');
		await small.press(keys.ctrlC);
		expect(small.log).toEqual(['quit']);
	});
});
