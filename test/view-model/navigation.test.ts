import {beforeAll, describe, expect, it} from 'vitest';
import {type BrowseModel} from '../../source/view-model/browse-model.js';
import {pressKey} from '../../source/view-model/key-press.js';
import {type BrowseContext, type BrowseState, initialBrowseState, treeRowsOf} from '../../source/view-model/navigation.js';
import {binaryPathOf} from '../../source/view-model/path-table.js';
import {fixtureModel} from '../components/helpers/models.js';

let model: BrowseModel;
let context: BrowseContext;
beforeAll(async () => {
	model = await fixtureModel();
	context = {model, heights: {layers: 5, findings: 4, tree: 10}};
});

const start = () => initialBrowseState(model, context.heights);
const press = (state: BrowseState, ...keys: string[]) => keys.reduce((current, key) => pressKey(current, key, context), state);
const paths = (state: BrowseState) => Array.from(treeRowsOf(state, model).ids, id => binaryPathOf(model.table, id));
const cursorPath = (state: BrowseState) => paths(state)[state.tree.cursor];

describe('navigation', () => {
	it('starts on the last layer with the layer list focused', () => {
		const state = start();
		expect(state.layer).toBe(9);
		expect(state.focus).toBe('layers');
		expect(paths(state)[0]).toBe('app');
	});

	it('cycles the panes with Tab and Shift-Tab', () => {
		expect(press(start(), 'tab').focus).toBe('tree');
		expect(press(start(), 'tab', 'tab').focus).toBe('summary');
		expect(press(start(), 'tab', 'tab', 'tab').focus).toBe('layers');
		expect(press(start(), 'shift-tab').focus).toBe('summary');
	});

	it('moves the selected layer with arrows, j/k, Home, End and pages, within bounds', () => {
		expect(press(start(), 'up').layer).toBe(8);
		expect(press(start(), 'k', 'k').layer).toBe(7);
		expect(press(start(), 'home').layer).toBe(0);
		expect(press(start(), 'home', 'j').layer).toBe(1);
		expect(press(start(), 'down').layer).toBe(9);
		expect(press(start(), 'pageup').layer).toBe(5);
		expect(press(start(), 'home', 'pagedown').layer).toBe(4);
		const scrolled = press(start(), 'home');
		expect(scrolled.layerOffset).toBe(0);
	});

	it('resolves each key against the state the previous key left (Tab then ↓ moves the tree)', () => {
		const state = press(start(), 'tab', 'down', 'down');
		expect(state.layer).toBe(9);
		expect(state.tree.cursor).toBe(2);
		expect(cursorPath(state)).toBe('app/conf/blob.bin');
	});

	it('scrolls the tree window with the cursor and pages by the window height', () => {
		const state = press(start(), 'tab', 'pagedown');
		expect(state.tree.cursor).toBe(9);
		const further = press(state, 'down', 'down');
		expect(further.tree).toEqual({cursor: 11, offset: 2});
		const end = press(start(), 'tab', 'end');
		expect(end.tree.cursor).toBe(paths(end).length - 1);
		expect(end.tree.offset).toBe(paths(end).length - 10);
		expect(press(end, 'home').tree).toEqual({cursor: 0, offset: 0});
	});

	it('collapses and expands the directory under the cursor, and goes to the parent with ←', () => {
		const all = paths(start()).length;
		const collapsed = press(start(), 'tab', 'enter');
		expect(paths(collapsed).length).toBe(all - 10);
		expect(paths(collapsed)[1]).toBe('bin');
		expect(paths(press(collapsed, 'space')).length).toBe(all);
		expect(paths(press(collapsed, 'right')).length).toBe(all);
		const inside = press(start(), 'tab', 'down', 'down');
		const toParent = press(inside, 'left');
		expect(cursorPath(toParent)).toBe('app/conf');
		const folded = press(toParent, 'left');
		expect(paths(folded)).not.toContain('app/conf/blob.bin');
		expect(cursorPath(folded)).toBe('app/conf');
	});

	it('collapses and expands everything with x, keeping the cursor on its path or the nearest directory', () => {
		const inside = press(start(), 'tab', 'down', 'down');
		const folded = press(inside, 'x');
		expect(paths(folded)).toEqual(['app', 'bin', 'dev', 'etc', 'opt', 'proc', 'root', 'swap', 'sys', 'tmp']);
		expect(cursorPath(folded)).toBe('app');
		const opened = press(folded, 'enter');
		expect(paths(opened).slice(0, 3)).toEqual(['app', 'app/conf', 'app/esc\u001B[31mred']);
		expect(paths(press(opened, 'x')).length).toBe(paths(start()).length);
	});

	it('filters live as the filter text is typed, and Esc clears it', () => {
		const typing = press(start(), '/');
		expect(typing.filter.editing).toBe(true);
		expect(typing.focus).toBe('tree');
		const typed = press(typing, 't', 'o', 'o', 'l');
		expect(paths(typed)).toEqual(['app', 'app/tool-copy.bin', 'app/tool-hardlink', 'app/tool-symlink', 'app/tool.bin']);
		const erased = press(typed, 'backspace', 'backspace', 'backspace');
		expect(erased.filter.text).toBe('t');
		const done = press(typed, 'enter');
		expect(done.filter).toEqual({text: 'tool', syntax: 'regex', editing: false});
		expect(press(done, 'j').tree.cursor).toBe(1);
		const cleared = press(done, 'escape');
		expect(cleared.filter.text).toBe('');
		expect(paths(cleared).length).toBe(paths(start()).length);
	});

	it('takes a regex or, after g, a glob; an invalid regex shows an error and no rows', () => {
		const regex = press(start(), '/', ...'bin$'.split(''), 'enter');
		expect(paths(regex)).toEqual(['app', 'app/conf', 'app/conf/blob.bin', 'app/tool-copy.bin', 'app/tool.bin', 'bin']);
		const glob = press(start(), 'g', '/', ...'*.bin'.split(''), 'enter');
		expect(glob.filter.syntax).toBe('glob');
		expect(paths(glob)).toEqual(['app', 'app/conf', 'app/conf/blob.bin', 'app/tool-copy.bin', 'app/tool.bin']);
		const invalid = press(start(), '/', '(', 'enter');
		expect(treeRowsOf(invalid, model).filterError).toMatch(/invalid regex/);
		expect(paths(invalid)).toEqual([]);
	});

	it('sorts by size, directories by their total, and back by name', () => {
		const bySize = press(start(), 's');
		expect(bySize.sort).toBe('size');
		expect(paths(bySize).slice(0, 2)).toEqual(['bin', 'bin/busybox']);
		const appAt = paths(bySize).indexOf('app');
		expect(paths(bySize)[appAt + 1]).toBe('app/tool-copy.bin');
		expect(paths(press(bySize, 's'))[0]).toBe('app');
	});

	it('shows only the selected layer\'s changes with c, and the whole view again with c', () => {
		const changes = press(start(), 'home', 'down', 'down', 'down', 'c');
		expect(changes.layer).toBe(3);
		expect(paths(changes)).toEqual(['app', 'app/cache', 'app/cache/build.tmp']);
		expect(paths(press(changes, 'c'))).toContain('bin/busybox');
	});

	it('hides added, modified, removed or unchanged paths, one key each', () => {
		const layer3 = press(start(), 'home', 'down', 'down', 'down');
		expect(paths(press(layer3, 'U'))).toEqual(['app', 'app/cache', 'app/cache/build.tmp']);
		expect(paths(press(layer3, 'U', 'R'))).toEqual([]);
		const layer9 = press(start(), 'U');
		expect(paths(layer9)).toEqual(['app', 'app/esc\u001B[31mred', 'app/tool-copy.bin', 'app/\u00c3\u00bcn\u00c3\u00afcode name.txt']);
		expect(paths(press(layer9, 'A'))).toEqual(['app', 'app/tool-copy.bin']);
		expect(paths(press(layer9, 'A', 'M'))).toEqual([]);
		expect(press(layer9, 'U').hidden.size).toBe(0);
	});

	it('opens a group with Enter, and a finding of it: selects its layer and puts the tree cursor on its path, expanding what is above', () => {
		const folded = press(start(), 'tab', 'x', 'tab');
		expect(folded.focus).toBe('summary');
		const group = press(folded, 'enter');
		expect(group).toMatchObject({openGroup: 0, layer: 9, focus: 'summary', finding: {cursor: 0}});
		expect(press(group, 'enter').openGroup).toBeUndefined();
		const opened = press(group, 'down', 'enter');
		expect(opened.layer).toBe(3);
		expect(opened.focus).toBe('tree');
		expect(cursorPath(opened)).toBe('app/cache');
		const second = press(start(), 'tab', 'tab', 'down', 'down', 'down', 'enter', 'down', 'enter');
		expect(second.layer).toBe(5);
		expect(cursorPath(second)).toBe('app/tool.bin');
	});

	it('opens a finding the filter hides by dropping the filter', () => {
		const filtered = press(start(), '/', 'z', 'z', 'enter', 'tab', 'enter', 'down', 'enter');
		expect(filtered.filter.text).toBe('');
		expect(cursorPath(filtered)).toBe('app/cache');
	});

	it('toggles attributes, waste marks and help; q and Ctrl-C ask to quit', () => {
		expect(press(start(), 'b').showAttributes).toBe(true);
		expect(press(start(), 'w').wasteMarks).toBe(false);
		expect(press(start(), '?').help).toBe(true);
		expect(press(start(), '?', 'escape').help).toBe(false);
		expect(press(start(), '?', 'down').layer).toBe(9);
		expect(press(start(), 'q').quit).toBe(true);
		expect(press(start(), 'ctrl-c').quit).toBe(true);
		expect(press(start(), '/', 'q').quit).toBe(false);
		expect(press(start(), '/', 'ctrl-c').quit).toBe(true);
	});
});

describe('keys that arrive together', () => {
	it('treats a string of typed or pasted characters as one key each', () => {
		const together = press(start(), '/tool');
		expect(together.filter).toEqual({text: 'tool', syntax: 'regex', editing: true});
		expect(press(start(), 'kkj').layer).toBe(8);
		expect(press(start(), '\t\r').focus).toBe('tree');
		expect(press(start(), '\t\t\rj\r').layer).toBe(3);
	});
});
