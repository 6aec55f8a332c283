import {type BrowseModel} from './browse-model.js';
import {type ActionName, type Pane, paneOrder} from './keymap.js';
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
	finding: Viewport;
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
};

/** What a key press asks of the reducer (quitting is a flag on the state, see `pressKey`). */
export type BrowseAction = {type: Exclude<ActionName, 'quit'>} | {type: 'typeFilter'; text: string} | {type: 'eraseFilter'};

/** Rows each pane shows, which page keys and scrolling depend on. */
export type PaneHeights = {layers: number; findings: number; tree: number};

/** What the reducer reads besides the state: the model, and the pane heights of the layout on screen. */
export type BrowseContext = {model: BrowseModel; heights: PaneHeights};

/**
 * Starts on the last layer: the image as it runs. The layer list shows from its top when every row fits, else its
 * last rows (the steps after the last layer too), which hold the selection.
 */
export function initialBrowseState(model: BrowseModel, heights: PaneHeights): BrowseState {
	const layer = Math.max(0, model.report.layers.length - 1);
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
	if (action.type === 'help') return {...state, help: !state.help};
	if (state.help) return action.type === 'clearFilter' ? {...state, help: false} : state;
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
			const count = model.report.findings.length;
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

/** Selects the finding's layer and puts the tree cursor on its path, expanding the directories above it. */
function openFinding(state: BrowseState, context: BrowseContext): BrowseState {
	const target = context.model.findingTargets[state.finding.cursor];
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
