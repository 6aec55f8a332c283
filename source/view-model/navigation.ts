import {type BrowseModel} from './browse-model.js';
import {findingRowCount, findingRows} from './finding-rows.js';
import {type ActionName, type Pane, paneOrder} from './keymap.js';
import {type Layout} from './layout.js';
import {type MouseEvent, mouseTarget} from './mouse.js';
import {type FilterSyntax} from './tree-filter.js';
import {type HideableKind, isCollapsed, rowOf, type SortOrder, type TreeQuery, type TreeRows} from './tree-rows.js';
import {keepVisible, moveCursor, type Movement, targetOf, topOfList, type Viewport} from './viewport.js';

/** The whole state of the browser: everything a key press can change. */
export type BrowseState = {
	focus: Pane;
	help: boolean;
	/** The selected layer (drives the tree); `layerOffset` is the first line shown of the layer list. */
	layer: number;
	layerOffset: number;
	/** The cursor in the summary's list of groups and, under the open group, its findings (`finding-rows.ts`). */
	finding: Viewport;
	/** The group whose findings the summary lists, if any. */
	openGroup?: number;
	tree: Viewport;
	changesOnly: boolean;
	hidden: ReadonlySet<HideableKind>;
	filter: {text: string; syntax: FilterSyntax; editing: boolean};
	sort: SortOrder;
	collapseAll: boolean;
	toggled: ReadonlySet<number>;
	showAttributes: boolean;
	wasteMarks: boolean;
	/** The layer details take the image summary's place, every field and the whole command wrapped. */
	detailsExpanded: boolean;
	/** Set by q or Ctrl-C: the component ends the session. */
	quit: boolean;
	/** The file viewer, when open: which path as of which layer, its first line shown, and its line count once read. */
	viewer?: {id: number; layer: number; offset: number; lines: number};
	/** What the component is to do with a file (it has the I/O); a new `serial` is a new request. */
	request?: FileRequest;
	/** A question on the status line; `y` answers yes to its request. */
	prompt?: {text: string; request: FileRequest};
	/** One line in place of the key bar until the next key: what the last request did. */
	status?: string;
};

/** Read a path into the viewer, write it out (`e`), or put it on the clipboard (`y`). */
export type FileRequest = {kind: 'view' | 'extract' | 'copy'; id: number; layer: number; overwrite: boolean; serial: number};

/** What a key press asks of the reducer (quitting is a flag on the state, see `pressKey`). */
export type BrowseAction =
	| {type: Exclude<ActionName, 'quit'>} | {type: 'typeFilter'; text: string} | {type: 'eraseFilter'}
	| {type: 'mouse'; event: MouseEvent}
	/** From the component, once a request is done: */
	| {type: 'viewerLoaded'; lines: number} | {type: 'status'; text: string} | {type: 'askOverwrite'; text: string};

/** Rows each pane shows, which page keys and scrolling depend on. */
export type PaneHeights = {layers: number; findings: number; tree: number};

/** What the reducer reads besides the state: the model, and the pane heights (and whole layout) on screen. */
export type BrowseContext = {model: BrowseModel; heights: PaneHeights; layout?: Layout};

/**
 * Starts on the model's open layer: `--layer N`, else the last (the image as it runs). The layer list shows from
 * its top when every row fits, else the rows that hold the selection.
 */
export function initialBrowseState(model: BrowseModel, heights: PaneHeights): BrowseState {
	const layer = model.openLayer;
	const rows = model.layerRows.length;
	return {
		focus: 'layers', help: false, layer,
		layerOffset: keepVisible(rows, model.layerRowOf[layer] ?? 0, rows, heights.layers),
		finding: topOfList, tree: topOfList, changesOnly: false, hidden: new Set(),
		filter: {text: '', syntax: 'regex', editing: false}, sort: 'name', collapseAll: false, toggled: new Set(),
		showAttributes: false, wasteMarks: true, detailsExpanded: false, quit: false,
	};
}

/** The part of the state that decides the file tree's rows. */
export function treeQueryOf(state: BrowseState): TreeQuery {
	return {
		layer: state.layer, changesOnly: state.changesOnly, hidden: state.hidden, filter: state.filter,
		sort: state.sort, collapseAll: state.collapseAll, toggled: state.toggled,
	};
}

/** The file tree's rows for this state (cached in the model's tree view). */
export function treeRowsOf(state: BrowseState, model: BrowseModel): TreeRows {
	return model.tree.rows(treeQueryOf(state));
}

const movements: ReadonlySet<string> = new Set<Movement>(['up', 'down', 'pageUp', 'pageDown', 'home', 'end']);
const hideActions: Partial<Record<ActionName, HideableKind>> = {
	hideAdded: 'added', hideModified: 'modified', hideRemoved: 'removed', hideUnchanged: 'unchanged',
};

/** The browser's reducer: pure, given the model (whose caches only remember answers). */
export function navigate(state: BrowseState, action: BrowseAction, context: BrowseContext): BrowseState {
	const fromComponent = answerRequest(state, action);
	if (fromComponent) return fromComponent;
	if (action.type === 'help') return {...state, help: !state.help};
	if (state.viewer && !state.help) return inViewer(state, state.viewer, action, context);
	if (state.help) return action.type === 'clearFilter' ? {...state, help: false} : state;
	if (action.type === 'mouse') return applyMouse(state, action.event, context);
	if (movements.has(action.type)) return move(state, action.type as Movement, context);
	const hidden = hideActions[action.type as ActionName];
	if (hidden) return followCursor(state, {...state, hidden: toggled(state.hidden, hidden)}, context);
	return changeTree(state, action, context) ?? changeOther(state, action, context);
}

function changeTree(state: BrowseState, action: BrowseAction, context: BrowseContext): BrowseState | undefined {
	switch (action.type) {
		case 'toggleChangesOnly': {
			return followCursor(state, {...state, changesOnly: !state.changesOnly}, context);
		}

		case 'toggleSort': {
			return followCursor(state, {...state, sort: state.sort === 'name' ? 'size' : 'name'}, context);
		}

		case 'toggleCollapseAll': {
			return followCursor(state, {...state, collapseAll: !state.collapseAll, toggled: new Set()}, context);
		}

		case 'toggleCollapse':
		case 'collapse':
		case 'expand': {
			return collapseAtCursor(state, action.type, context);
		}

		case 'typeFilter': {
			return followCursor(state, {...state, filter: {...state.filter, text: state.filter.text + action.text}}, context);
		}

		case 'eraseFilter': {
			return followCursor(state, {...state, filter: {...state.filter, text: state.filter.text.slice(0, -1)}}, context);
		}

		case 'clearFilter': {
			return followCursor(state, {...state, filter: {...state.filter, text: '', editing: false}}, context);
		}

		case 'toggleFilterSyntax': {
			return followCursor(state, {...state, filter: {...state.filter, syntax: state.filter.syntax === 'regex' ? 'glob' : 'regex'}}, context);
		}

		default: {
			return undefined;
		}
	}
}

function changeOther(state: BrowseState, action: BrowseAction, context: BrowseContext): BrowseState {
	switch (action.type) {
		case 'focusNext':
		case 'focusPrevious': {
			const panes = state.detailsExpanded ? paneOrder.filter(pane => pane !== 'summary') : paneOrder;
			const step = action.type === 'focusNext' ? 1 : panes.length - 1;
			return {...state, focus: panes[(panes.indexOf(state.focus) + step) % panes.length]!, filter: {...state.filter, editing: false}};
		}

		case 'toggleDetails': {
			return {...state, detailsExpanded: !state.detailsExpanded};
		}

		case 'startFilter': {
			return {...state, focus: 'tree', filter: {...state.filter, editing: !state.filter.editing}};
		}

		case 'toggleAttributes': {
			return {...state, showAttributes: !state.showAttributes};
		}

		case 'toggleWasteMarks': {
			return {...state, wasteMarks: !state.wasteMarks};
		}

		case 'openFinding': {
			return openFinding(state, context);
		}

		case 'showAggregated':
		case 'showLayerChanges': {
			return followCursor(state, {...state, changesOnly: action.type === 'showLayerChanges'}, context);
		}

		case 'open':
		case 'viewFile':
		case 'extract':
		case 'copyPath': {
			return onFileAtCursor(state, action.type, context);
		}

		default: {
			return state;
		}
	}
}

function move(state: BrowseState, movement: Movement, context: BrowseContext): BrowseState {
	const {model, heights} = context;
	switch (state.focus) {
		case 'layers': {
			const count = model.report.layers.length;
			return selectLayer(state, targetOf(movement, state.layer, count, heights.layers), context);
		}

		case 'summary': {
			const count = findingRowCount(model.report, state.openGroup);
			return {...state, finding: moveCursor(state.finding, targetOf(movement, state.finding.cursor, count, heights.findings), count, heights.findings)};
		}

		case 'tree': {
			const count = treeRowsOf(state, model).ids.length;
			return {...state, tree: moveCursor(state.tree, targetOf(movement, state.tree.cursor, count, heights.tree), count, heights.tree)};
		}
	}
}

function selectLayer(state: BrowseState, target: number, context: BrowseContext): BrowseState {
	const {model, heights} = context;
	const layer = Math.max(0, Math.min(model.report.layers.length - 1, target));
	const layerOffset = keepVisible(state.layerOffset, model.layerRowOf[layer] ?? 0, model.layerRows.length, heights.layers);
	return followCursor(state, {...state, layer, layerOffset}, context);
}

/** After the rows change, keeps the cursor on the same path, or on its nearest ancestor still shown. */
function followCursor(before: BrowseState, after: BrowseState, context: BrowseContext, path?: number): BrowseState {
	const {model, heights} = context;
	const previous = treeRowsOf(before, model);
	const rows = treeRowsOf(after, model);
	const wanted = path ?? previous.ids[before.tree.cursor];
	const found = wanted === undefined ? -1 : rowOf(rows, model.table, wanted);
	const cursor = found === -1 ? before.tree.cursor : found;
	return {...after, tree: moveCursor(after.tree, cursor, rows.ids.length, heights.tree)};
}

function collapseAtCursor(state: BrowseState, how: 'toggleCollapse' | 'collapse' | 'expand', context: BrowseContext): BrowseState {
	const {model} = context;
	const rows = treeRowsOf(state, model);
	const id = rows.ids[state.tree.cursor];
	if (id === undefined) return state;
	const expandable = (rows.shown[id]! & 2) !== 0;
	const collapsed = isCollapsed(state, id);
	if (how === 'collapse' && (!expandable || collapsed)) {
		const parent = model.table.parent[id]!;
		return parent > 0 ? followCursor(state, state, context, parent) : state;
	}

	if (!expandable || (how === 'collapse' && collapsed) || (how === 'expand' && !collapsed)) return state;
	return followCursor(state, {...state, toggled: toggled(state.toggled, id)}, context, id);
}

/**
 * On a group: lists its findings under it, or closes it again. On a finding: selects the finding's layer and puts
 * the tree cursor on its path, expanding the directories above it.
 */
function openFinding(state: BrowseState, context: BrowseContext): BrowseState {
	const row = findingRows(context.model.report, state.openGroup)[state.finding.cursor];
	if (row?.kind === 'group') return toggleGroup(state, row.group, context);
	const target = row === undefined ? undefined : context.model.findingTargets[row.finding];
	if (!target) return state;
	const atLayer = selectLayer(state, target.layer, context);
	if (target.path === undefined) return {...atLayer, focus: 'tree'};
	const expanded = {...atLayer, focus: 'tree' as const, toggled: expandedAbove(atLayer, target.path, context)};
	const rows = treeRowsOf(expanded, context.model);
	// A filter or a hidden kind may keep the path out of the tree: then show the whole view.
	const shown = rows.ids.includes(target.path)
		? expanded
		: {...expanded, changesOnly: false, hidden: new Set<HideableKind>(), filter: {...expanded.filter, text: '', editing: false}};
	return followCursor(state, shown, context, target.path);
}

/** Opens a group (closing any other) or closes it, the cursor staying on the group's line. */
function toggleGroup(state: BrowseState, group: number, context: BrowseContext): BrowseState {
	const openGroup = state.openGroup === group ? undefined : group;
	const rows = findingRows(context.model.report, openGroup);
	const cursor = rows.findIndex(row => row.kind === 'group' && row.group === group);
	const next: BrowseState = {...state, finding: moveCursor(state.finding, cursor, rows.length, context.heights.findings)};
	if (openGroup === undefined) delete next.openGroup;
	else next.openGroup = openGroup;
	return next;
}

function expandedAbove(state: BrowseState, path: number, context: BrowseContext): ReadonlySet<number> {
	const next = new Set(state.toggled);
	for (let at = context.model.table.parent[path]!; at > 0; at = context.model.table.parent[at]!) {
		if (state.collapseAll) next.add(at);
		else next.delete(at);
	}

	return next;
}

function toggled<T>(set: ReadonlySet<T>, item: T): ReadonlySet<T> {
	const next = new Set(set);
	if (!next.delete(item)) next.add(item);
	return next;
}

/** What the component reports back about a request, and what it asks. */
function answerRequest(state: BrowseState, action: BrowseAction): BrowseState | undefined {
	switch (action.type) {
		case 'viewerLoaded': {
			return state.viewer ? {...state, viewer: {...state.viewer, lines: action.lines}} : state;
		}

		case 'status': {
			return {...state, status: action.text};
		}

		case 'askOverwrite': {
			return state.request ? {...state, prompt: {text: action.text, request: state.request}} : state;
		}

		default: {
			return undefined;
		}
	}
}

/** A new request for the component, numbered after the last. */
function requestFor(state: BrowseState, kind: FileRequest['kind'], id: number, layer: number, overwrite = false): BrowseState {
	return {...state, request: {kind, id, layer, overwrite, serial: (state.request?.serial ?? 0) + 1}};
}

/** Enter opens a file in the viewer and collapses or expands a directory; v, e and y act on the path at the cursor. */
function onFileAtCursor(state: BrowseState, action: 'open' | 'viewFile' | 'extract' | 'copyPath', context: BrowseContext): BrowseState {
	const {model} = context;
	const id = treeRowsOf(state, model).ids[state.tree.cursor];
	if (id === undefined || state.focus !== 'tree') return state;
	const isDirectory = model.table.childStart[id + 1]! > model.table.childStart[id]!;
	if (action === 'open' && isDirectory) return collapseAtCursor(state, 'toggleCollapse', context);
	if (action === 'extract') return requestFor(state, 'extract', id, state.layer);
	if (action === 'copyPath') return requestFor(state, 'copy', id, state.layer);
	return {...requestFor(state, 'view', id, state.layer), viewer: {id, layer: state.layer, offset: 0, lines: 0}};
}

/** The viewer's keys: scrolling, closing, and `e`/`y` on the file it shows. */
function inViewer(state: BrowseState, viewer: NonNullable<BrowseState['viewer']>, action: BrowseAction, context: BrowseContext): BrowseState {
	const page = Math.max(1, context.heights.tree);
	const scrollTo = (offset: number) => ({...state, viewer: {...viewer, offset: Math.max(0, Math.min(offset, viewer.lines - page))}});
	switch (action.type) {
		case 'closeViewer': {
			return {...state, viewer: undefined};
		}

		case 'up': case 'down': case 'pageUp': case 'pageDown': case 'home': case 'end': {
			const steps = {up: -1, down: 1, pageUp: -page, pageDown: page, home: -viewer.lines, end: viewer.lines};
			return scrollTo(viewer.offset + steps[action.type]);
		}

		case 'mouse': {
			if (action.event.kind === 'press') return state;
			return scrollTo(viewer.offset + (action.event.kind === 'wheelUp' ? -3 : 3));
		}

		case 'extract': {
			return requestFor(state, 'extract', viewer.id, viewer.layer);
		}

		case 'copyPath': {
			return requestFor(state, 'copy', viewer.id, viewer.layer);
		}

		default: {
			return state;
		}
	}
}

const wheelLines = 3;

/** A click focuses the pane under it and selects the line clicked; the wheel scrolls the pane under the pointer. */
function applyMouse(state: BrowseState, event: MouseEvent, context: BrowseContext): BrowseState {
	const {layout} = context;
	if (!layout || layout.tooSmall) return state;
	const target = mouseTarget(layout, event.column, event.row);
	if (!target) return state;
	if (event.kind !== 'press') {
		const movement = event.kind === 'wheelUp' ? 'up' : 'down';
		const steps = target.pane === 'layers' ? 1 : wheelLines;
		let moved: BrowseState = {...state, focus: target.pane};
		for (let step = 0; step < steps; step++) moved = move(moved, movement, context);
		return {...moved, focus: state.focus};
	}

	const focused: BrowseState = {...state, focus: target.pane, filter: {...state.filter, editing: false}};
	if (target.line === undefined) return focused;
	return clickLine(focused, target.pane, target.line, context);
}

function clickLine(state: BrowseState, pane: Pane, line: number, context: BrowseContext): BrowseState {
	const {model, heights} = context;
	switch (pane) {
		case 'layers': {
			const offset = keepVisible(state.layerOffset, model.layerRowOf[state.layer] ?? 0, model.layerRows.length, heights.layers);
			const row = model.layerRows[offset + line];
			return row?.kind === 'layer' ? selectLayer({...state, layerOffset: offset}, row.layer, context) : state;
		}

		case 'summary': {
			const count = findingRowCount(model.report, state.openGroup);
			const offset = keepVisible(state.finding.offset, state.finding.cursor, count, heights.findings);
			const target = offset + line;
			return target < count ? {...state, finding: moveCursor({...state.finding, offset}, target, count, heights.findings)} : state;
		}

		case 'tree': {
			const count = treeRowsOf(state, model).ids.length;
			const offset = keepVisible(state.tree.offset, state.tree.cursor, Number.POSITIVE_INFINITY, heights.tree);
			const target = offset + line;
			return target < count ? {...state, tree: moveCursor({...state.tree, offset}, target, count, heights.tree)} : state;
		}
	}
}
