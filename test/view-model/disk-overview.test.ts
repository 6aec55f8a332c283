import {beforeAll, describe, expect, it} from 'vitest';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {overviewHeaderLines, overviewLayout, tableLines, tableTitle} from '../../source/view-model/disk-overview-text.js';
import {initialOverviewState, type OverviewContext, overviewImages, type OverviewState, pressOverviewKey, selectedLayers} from '../../source/view-model/disk-overview.js';
import {diskRootReport} from '../helpers/disk-root.js';

let report: DiskReport;
let context: OverviewContext;
beforeAll(async () => {
	({report} = await diskRootReport());
	context = {report, tableHeight: 2};
});

const press = (...keys: string[]) => keys.reduce((state: OverviewState, key) => pressOverviewKey(state, key, context), initialOverviewState);
const names = (state: OverviewState) => overviewImages(report, state).map(image => image.repoTags[0]);

describe('the disk overview reducer', () => {
	it('lists the images largest first and sorts by one key each', () => {
		expect(names(initialOverviewState)).toEqual(['zz/big:2', 'old/app:1', 'old/base:1']);
		expect(names(press('n'))).toEqual(['old/app:1', 'old/base:1', 'zz/big:2']);
		expect(names(press('u'))).toEqual(['zz/big:2', 'old/app:1', 'old/base:1']);
		expect(press('n', 'c').sort).toBe('created');
		expect(press('j', 's').images.cursor).toBe(0);
	});

	it('moves the cursor within the list and scrolls its window', () => {
		expect(press('j', 'j', 'j').images).toEqual({cursor: 2, offset: 1});
		expect(press('end', 'k').images).toEqual({cursor: 1, offset: 1});
		expect(press('pagedown', 'home').images).toEqual({cursor: 0, offset: 0});
		expect(press('up').images.cursor).toBe(0);
	});

	it('filters live as typed, keeps the filter on Enter and clears it on Esc', () => {
		const typed = press('/', 'a', 'p');
		expect(typed.filter).toEqual({text: 'ap', editing: true});
		expect(names(typed)).toEqual(['old/app:1']);
		// While typing, q and the sort keys are text, not commands.
		expect(press('/', 'q', 's').filter.text).toBe('qs');
		expect(press('/', 'q').quit).toBe(false);
		expect(press('/', 'b', 'i', 'x', 'backspace', 'g', 'enter').filter).toEqual({text: 'big', editing: false});
		expect(names(press('/', 'big', 'enter', 'escape'))).toHaveLength(3);
		expect(press('/', 'x', 'escape').filter).toEqual({text: '', editing: false});
	});

	it('asks to open the selected image on Enter, a new request each time', () => {
		const first = press('j', 'enter');
		const image = report.images.find(candidate => candidate.repoTags[0] === 'old/app:1')!;
		expect(first.open).toEqual({root: image.root, id: image.id});
		expect(pressOverviewKey(first, 'enter', context).open).not.toBe(first.open);
		expect(press('/', 'nothing', 'enter', 'enter').open).toBeUndefined();
	});

	it('switches to the selected image\'s layers with Tab, and shows which other images share each', () => {
		const state = press('j', 'tab');
		expect(state.table).toBe('layers');
		const layers = selectedLayers(report, state);
		expect(layers).toHaveLength(3);
		expect(layers[0]!.sharedWith).toHaveLength(2);
		expect(pressOverviewKey(state, 'end', context).layers.cursor).toBe(2);
		const lines = tableLines(report, state);
		expect(lines.header).toMatch(/^LAYER +SIZE +ALSO IN$/);
		expect(lines.rows[0]).toMatch(/old\/base:1, zz\/big:2|zz\/big:2, old\/base:1/);
		expect(lines.rows[1]).toContain('(this image only)');
		expect(tableTitle(report, state)).toMatch(/^Layers of old\/app:1 [\da-f]{12}/);
		expect(press('tab', 'tab').table).toBe('images');
	});

	it('opens and closes the help, and quits on q or Ctrl-C', () => {
		expect(press('?').help).toBe(true);
		expect(press('?', 'q')).toMatchObject({help: false, quit: false});
		expect(press('q').quit).toBe(true);
		expect(press('ctrl-c').quit).toBe(true);
		expect(press('/', 'ctrl-c').quit).toBe(true);
	});
});

describe('the disk overview text', () => {
	it('has the df rows, the prunes and the orphans above the table', () => {
		const lines = overviewHeaderLines(report, 200);
		expect(lines[0]).toMatch(/\(docker, aufs\)$/);
		expect(lines.slice(1, 6).map(line => line.trim().split(/ {2,}/)[0])).toEqual(['TYPE', 'Images', 'Containers', 'Local Volumes', 'Build Cache']);
		expect(lines[6]).toMatch(/^docker image prune frees 0 B \(0 images\) · docker image prune -a frees .+ \(2 images\)$/);
		expect(lines[7]).toMatch(/^Orphans: 1 layer directory, 4\.57 kB: directory [\da-f]{12} 4\.57 kB$/);
		expect(overviewHeaderLines(report, 30).every(line => line.length <= 30)).toBe(true);
	});

	it('escapes control characters in names from the root', () => {
		const evil = {...report, images: report.images.map(image => ({...image, repoTags: [`evil\u001B[31m${image.repoTags[0]}`]}))};
		const {rows} = tableLines(evil, initialOverviewState);
		expect(rows[0]).toMatch(/^evil\\x1b\[31mzz\/big:2 /);
		expect(rows.join('')).not.toContain('\u001B');
	});

	it('lays out the table in the rows left, or asks for a larger terminal', () => {
		expect(overviewLayout(8, 100, 40)).toEqual({tooSmall: false, height: 39, tableHeight: 28});
		expect(overviewLayout(8, 100, 14)).toMatchObject({tooSmall: true, message: expect.stringContaining('needs at least 60×15')});
		expect(overviewLayout(8, 50, 40).tooSmall).toBe(true);
	});
});
