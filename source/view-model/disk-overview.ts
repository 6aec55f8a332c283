import {type DiskReport, type ImageSortKey, layerSharing, listedImages} from '../analysis/disk-report.js';
import {type OverviewAction, overviewFilterKeymap, overviewKeymapFor} from './disk-keymap.js';
import {isNamedKey, singleKeys, specialKeys} from './key-press.js';
import {actionFor} from './keymap.js';
import {moveCursor, type Movement, targetOf, topOfList, type Viewport} from './viewport.js';

export type OverviewTable = 'images' | 'layers';
export type OverviewImage = DiskReport['images'][number];

export type OverviewState = {
	table: OverviewTable;
	images: Viewport;
	/** The layers of the image under the images cursor. */
	layers: Viewport;
	sort: ImageSortKey;
	filter: {text: string; editing: boolean};
	help: boolean;
	quit: boolean;
	/** Set anew by each Enter on an image: the session opens it in the image view. */
	open?: {root: string; id: string};
};

/** What a key press is reduced against: the report and the rows the table shows now. */
export type OverviewContext = {report: DiskReport; tableHeight: number};

export const initialOverviewState: OverviewState = {
	table: 'images', images: topOfList, layers: topOfList, sort: 'size', filter: {text: '', editing: false}, help: false, quit: false,
};

/** The images the table lists, in the state's order and filter (intermediates hidden, as `docker image ls`). */
export function overviewImages(report: DiskReport, state: OverviewState): OverviewImage[] {
	return listedImages(report.images, state.sort, state.filter.text);
}

export function selectedImage(report: DiskReport, state: OverviewState): OverviewImage | undefined {
	return overviewImages(report, state)[state.images.cursor];
}

export function selectedLayers(report: DiskReport, state: OverviewState): ReturnType<typeof layerSharing> {
	const image = selectedImage(report, state);
	return image ? layerSharing(report, image.root, image.id) : [];
}

const movements: ReadonlySet<string> = new Set<Movement>(['up', 'down', 'pageUp', 'pageDown', 'home', 'end']);
const sorts: Partial<Record<OverviewAction, ImageSortKey>> = {sortBySize: 'size', sortByUnique: 'unique', sortByCreated: 'created', sortByName: 'name'};

/** A new list of images: back to its top, with the layer table following the new selection. */
const relisted = (state: OverviewState, changes: Partial<OverviewState>): OverviewState => ({...state, ...changes, images: topOfList, layers: topOfList});

function move(state: OverviewState, movement: Movement, context: OverviewContext): OverviewState {
	const count = state.table === 'images' ? overviewImages(context.report, state).length : selectedLayers(context.report, state).length;
	const view = state[state.table];
	const moved = moveCursor(view, targetOf(movement, view.cursor, count, context.tableHeight), count, context.tableHeight);
	return state.table === 'images' ? {...state, images: moved, layers: topOfList} : {...state, layers: moved};
}

function apply(state: OverviewState, action: OverviewAction, context: OverviewContext): OverviewState {
	if (movements.has(action)) return move(state, action as Movement, context);
	const sort = sorts[action];
	if (sort) return relisted(state, {sort});
	switch (action) {
		case 'startFilter': {
			return {...state, table: 'images', filter: {...state.filter, editing: !state.filter.editing}};
		}

		case 'clearFilter': {
			return relisted(state, {filter: {text: '', editing: false}});
		}

		case 'switchTable': {
			return {...state, table: state.table === 'images' ? 'layers' : 'images'};
		}

		case 'open': {
			const image = selectedImage(context.report, state);
			return image ? {...state, open: {root: image.root, id: image.id}} : state;
		}

		case 'help': {
			return {...state, help: true};
		}

		default: {
			return {...state, quit: true};
		}
	}
}

function typeFilter(state: OverviewState, key: string): OverviewState {
	if (key === 'backspace') return relisted(state, {filter: {text: state.filter.text.slice(0, -1), editing: true}});
	const text = key === 'space' ? ' ' : key;
	if (isNamedKey(text)) return state;
	return relisted(state, {filter: {text: state.filter.text + text, editing: true}});
}

/** Applies one key press to the overview; q or Ctrl-C set `quit`, Enter on an image sets `open`. */
export function pressOverviewKey(state: OverviewState, key: string, context: OverviewContext): OverviewState {
	const keys = singleKeys(key);
	if (keys.length > 1) return keys.reduce((current, single) => pressOverviewKey(current, single, context), state);
	if (state.help) return key === 'ctrl-c' ? {...state, quit: true} : {...state, help: false};
	if (state.filter.editing) {
		const editing = actionFor(overviewFilterKeymap, key, 'global');
		return editing ? apply(state, editing, context) : typeFilter(state, key);
	}

	const action = actionFor(overviewKeymapFor(state.table), key, 'global');
	return action ? apply(state, action, context) : state;
}
