import {type Binding} from './keymap.js';

export type OverviewAction =
	| 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end'
	| 'sortBySize' | 'sortByUnique' | 'sortByCreated' | 'sortByName'
	| 'startFilter' | 'clearFilter' | 'switchTable' | 'open' | 'help' | 'quit';

/** Every key of the disk overview (one scope: the overview has no panes to focus). */
export const overviewKeymap: ReadonlyArray<Binding<OverviewAction>> = [
	{keys: ['up', 'k'], keyLabel: '↑/k', action: 'up', label: 'up', scope: 'global'},
	{keys: ['down', 'j'], keyLabel: '↓/j', action: 'down', label: 'down', scope: 'global'},
	{keys: ['pageup'], keyLabel: 'PgUp', action: 'pageUp', label: 'page up', scope: 'global'},
	{keys: ['pagedown'], keyLabel: 'PgDn', action: 'pageDown', label: 'page down', scope: 'global'},
	{keys: ['home'], keyLabel: 'Home', action: 'home', label: 'first', scope: 'global'},
	{keys: ['end'], keyLabel: 'End', action: 'end', label: 'last', scope: 'global'},
	{keys: ['enter'], keyLabel: 'Enter', action: 'open', label: 'open image', scope: 'global', inBar: true},
	{keys: ['s'], keyLabel: 's', action: 'sortBySize', label: 'by size', scope: 'global', inBar: true},
	{keys: ['u'], keyLabel: 'u', action: 'sortByUnique', label: 'by unique', scope: 'global', inBar: true},
	{keys: ['c'], keyLabel: 'c', action: 'sortByCreated', label: 'by created', scope: 'global', inBar: true},
	{keys: ['n'], keyLabel: 'n', action: 'sortByName', label: 'by name', scope: 'global', inBar: true},
	{keys: ['/'], keyLabel: '/', action: 'startFilter', label: 'filter', scope: 'global', inBar: true},
	{keys: ['escape'], keyLabel: 'Esc', action: 'clearFilter', label: 'clear filter', scope: 'global'},
	{keys: ['tab'], keyLabel: 'Tab', action: 'switchTable', label: 'images/layers', scope: 'global', inBar: true},
	{keys: ['?'], keyLabel: '?', action: 'help', label: 'help', scope: 'global', inBar: true},
	{keys: ['q', 'ctrl-c'], keyLabel: 'q', action: 'quit', label: 'quit', scope: 'global', inBar: true},
];

/** Keys while the filter line takes typing: everything printable goes into the filter text. */
export const overviewFilterKeymap: ReadonlyArray<Binding<OverviewAction>> = [
	{keys: ['enter'], keyLabel: 'Enter', action: 'startFilter', label: 'done', scope: 'global', inBar: true},
	{keys: ['escape'], keyLabel: 'Esc', action: 'clearFilter', label: 'clear', scope: 'global', inBar: true},
	{keys: ['ctrl-c'], keyLabel: 'C-c', action: 'quit', label: 'quit', scope: 'global', inBar: true},
];

const imageSorts: ReadonlySet<OverviewAction> = new Set(['sortBySize', 'sortByUnique', 'sortByCreated', 'sortByName']);

/** The keys that work in a table: the sort keys order the images, so the layers table takes (and shows) none. */
export function overviewKeymapFor(table: 'images' | 'layers'): ReadonlyArray<Binding<OverviewAction>> {
	return table === 'images' ? overviewKeymap : overviewKeymap.filter(binding => !imageSorts.has(binding.action));
}
