/** The panes that take keys, in Tab order. */
export type Pane = 'layers' | 'tree' | 'summary';
export const paneOrder: readonly Pane[] = ['layers', 'tree', 'summary'];

export type ActionName =
	| 'focusNext' | 'focusPrevious' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end'
	| 'toggleCollapse' | 'collapse' | 'expand' | 'toggleCollapseAll' | 'startFilter' | 'clearFilter' | 'toggleFilterSyntax'
	| 'toggleChangesOnly' | 'toggleAttributes' | 'toggleSort' | 'toggleWasteMarks'
	| 'hideAdded' | 'hideModified' | 'hideRemoved' | 'hideUnchanged'
	| 'showAggregated' | 'showLayerChanges' | 'open' | 'viewFile' | 'extract' | 'copyPath' | 'closeViewer'
	| 'openFinding' | 'toggleDetails' | 'help' | 'quit';

/**
 * One key binding. `keys` are key names: a printable character as typed, or one of `up down left right pageup
 * pagedown home end enter space escape tab shift-tab backspace`, or `ctrl-` and a letter (`ctrl-space` for Ctrl-Space).
 */
export type Binding<Action extends string = ActionName> = {
	keys: readonly string[];
	/** How the key bar and the help show the keys. */
	keyLabel: string;
	action: Action;
	label: string;
	/** Where the binding works: every pane, or one (the file viewer takes the keys while it is open). */
	scope: 'global' | Pane | 'viewer';
	/** What the help says besides the label: where dive's key means something else here, and such. */
	note?: string;
	/** Shown in the one-line key bar (everything is in the `?` help). */
	inBar?: boolean;
};

const movement = (scope: Pane): Binding[] => [
	{keys: ['up', 'k'], keyLabel: '↑/k', action: 'up', label: 'up', scope},
	{keys: ['down', 'j'], keyLabel: '↓/j', action: 'down', label: 'down', scope},
	{keys: ['pageup'], keyLabel: 'PgUp', action: 'pageUp', label: 'page up', scope},
	{keys: ['pagedown'], keyLabel: 'PgDn', action: 'pageDown', label: 'page down', scope},
	{keys: ['home'], keyLabel: 'Home', action: 'home', label: 'first', scope},
	{keys: ['end'], keyLabel: 'End', action: 'end', label: 'last', scope},
];

/** Every key binding of the browser, pane-specific ones first so they win over global ones with the same key. */
export const keymap: readonly Binding[] = [
	...movement('layers'),
	{keys: ['d'], keyLabel: 'd', action: 'toggleDetails', label: 'full details', scope: 'layers', inBar: true},
	{keys: ['ctrl-a'], keyLabel: 'C-a', action: 'showAggregated', label: 'aggregated', scope: 'layers', note: 'tree: C-a hides added'},
	{keys: ['ctrl-l'], keyLabel: 'C-l', action: 'showLayerChanges', label: "this layer's changes", scope: 'layers'},
	...movement('summary'),
	{keys: ['enter', 'space'], keyLabel: 'Enter', action: 'openFinding', label: 'open group / show in tree', scope: 'summary', inBar: true},
	...movement('tree'),
	{keys: ['enter'], keyLabel: 'Enter', action: 'open', label: 'view file / collapse dir', scope: 'tree', inBar: true},
	{keys: ['space'], keyLabel: 'Space', action: 'toggleCollapse', label: 'collapse/expand', scope: 'tree'},
	{keys: ['v'], keyLabel: 'v', action: 'viewFile', label: 'view file', scope: 'tree'},
	{keys: ['e', 'ctrl-e'], keyLabel: 'e/C-e', action: 'extract', label: 'extract', scope: 'tree', inBar: true},
	{keys: ['y'], keyLabel: 'y', action: 'copyPath', label: 'copy path', scope: 'tree'},
	{keys: ['left', 'h'], keyLabel: '←/h', action: 'collapse', label: 'collapse / parent', scope: 'tree'},
	{keys: ['right', 'l'], keyLabel: '→/l', action: 'expand', label: 'expand', scope: 'tree'},
	{keys: ['x', 'ctrl-space'], keyLabel: 'x/C-Space', action: 'toggleCollapseAll', label: 'collapse/expand all', scope: 'tree', inBar: true},
	{keys: ['ctrl-a'], keyLabel: 'C-a', action: 'hideAdded', label: 'hide added', scope: 'tree', note: 'layers: aggregated'},
	{keys: ['ctrl-r'], keyLabel: 'C-r', action: 'hideRemoved', label: 'hide removed', scope: 'tree'},
	{keys: ['ctrl-u'], keyLabel: 'C-u', action: 'hideUnchanged', label: 'hide unchanged', scope: 'tree'},
	{keys: ['/', 'ctrl-f', 'ctrl-/'], keyLabel: '/ C-f', action: 'startFilter', label: 'filter', scope: 'global', inBar: true},
	{keys: ['escape'], keyLabel: 'Esc', action: 'clearFilter', label: 'clear filter', scope: 'global'},
	{keys: ['g'], keyLabel: 'g', action: 'toggleFilterSyntax', label: 'regex/glob', scope: 'global'},
	{keys: ['c'], keyLabel: 'c', action: 'toggleChangesOnly', label: 'layer changes/aggregated', scope: 'global', inBar: true},
	{keys: ['b', 'ctrl-b'], keyLabel: 'b/C-b', action: 'toggleAttributes', label: 'attributes', scope: 'global', inBar: true},
	{keys: ['s', 'ctrl-o'], keyLabel: 's/C-o', action: 'toggleSort', label: 'sort name/size', scope: 'global', inBar: true},
	{keys: ['w'], keyLabel: 'w', action: 'toggleWasteMarks', label: 'waste marks', scope: 'global'},
	{keys: ['A'], keyLabel: 'A', action: 'hideAdded', label: 'hide added', scope: 'global'},
	{keys: ['M'], keyLabel: 'M', action: 'hideModified', label: 'hide modified', scope: 'global', note: "dive's C-m is Enter"},
	{keys: ['R'], keyLabel: 'R', action: 'hideRemoved', label: 'hide removed', scope: 'global'},
	{keys: ['U'], keyLabel: 'U', action: 'hideUnchanged', label: 'hide unchanged', scope: 'global'},
	{keys: ['tab'], keyLabel: 'Tab', action: 'focusNext', label: 'next pane', scope: 'global', inBar: true},
	{keys: ['shift-tab'], keyLabel: 'S-Tab', action: 'focusPrevious', label: 'previous pane', scope: 'global'},
	{keys: ['?'], keyLabel: '?', action: 'help', label: 'help', scope: 'global', inBar: true},
	{keys: ['q', 'ctrl-c'], keyLabel: 'q', action: 'quit', label: 'quit', scope: 'global', inBar: true},
];

/** Keys while the file viewer is open. */
export const viewerKeymap: readonly Binding[] = [
	{keys: ['up', 'k'], keyLabel: '↑/k', action: 'up', label: 'up', scope: 'viewer'},
	{keys: ['down', 'j'], keyLabel: '↓/j', action: 'down', label: 'down', scope: 'viewer'},
	{keys: ['pageup'], keyLabel: 'PgUp', action: 'pageUp', label: 'page up', scope: 'viewer', inBar: true},
	{keys: ['pagedown', 'space'], keyLabel: 'PgDn/Space', action: 'pageDown', label: 'page down', scope: 'viewer', inBar: true},
	{keys: ['home'], keyLabel: 'Home', action: 'home', label: 'top', scope: 'viewer'},
	{keys: ['end'], keyLabel: 'End', action: 'end', label: 'bottom', scope: 'viewer'},
	{keys: ['e', 'ctrl-e'], keyLabel: 'e', action: 'extract', label: 'extract', scope: 'viewer', inBar: true},
	{keys: ['y'], keyLabel: 'y', action: 'copyPath', label: 'copy path', scope: 'viewer', inBar: true},
	{keys: ['escape', 'q', 'v', 'enter'], keyLabel: 'Esc/q', action: 'closeViewer', label: 'close', scope: 'viewer', inBar: true},
	{keys: ['ctrl-c'], keyLabel: 'C-c', action: 'quit', label: 'quit', scope: 'viewer'},
];

/** Keys while the filter line takes typing: everything printable goes into the filter text. */
export const filterEditingKeymap: readonly Binding[] = [
	{keys: ['enter', 'ctrl-f', 'ctrl-/'], keyLabel: 'Enter', action: 'startFilter', label: 'done', scope: 'global', inBar: true},
	{keys: ['escape'], keyLabel: 'Esc', action: 'clearFilter', label: 'clear', scope: 'global', inBar: true},
	{keys: ['ctrl-c'], keyLabel: 'C-c', action: 'quit', label: 'quit', scope: 'global', inBar: true},
];

/** The action a key triggers in a pane, if any. */
export function actionFor<Action extends string>(bindings: readonly Binding<Action>[], key: string, pane: Pane | 'global' | 'viewer'): Action | undefined {
	return bindings.find(binding => (binding.scope === pane || binding.scope === 'global') && binding.keys.includes(key))?.action;
}

/** The bindings that work in a pane, pane-specific first, one entry per action. */
export function bindingsFor<Action extends string>(bindings: readonly Binding<Action>[], pane: Pane | 'global' | 'viewer'): Array<Binding<Action>> {
	const seen = new Set<Action>();
	const mine = bindings.filter(binding => binding.scope === pane);
	const global = bindings.filter(binding => binding.scope === 'global');
	return [...mine, ...global].filter(binding => !seen.has(binding.action) && seen.add(binding.action));
}

/** The key bar's text for a pane, cut to `width` columns; help and quit are always kept, at the end. */
export function keyBarText<Action extends string>(bindings: readonly Binding<Action>[], pane: Pane | 'global' | 'viewer', width: number): string {
	const shown = bindingsFor(bindings, pane).filter(binding => binding.inBar);
	const label = (binding: Binding<Action>) => `${binding.keyLabel} ${binding.label}`;
	const last = shown.filter(binding => binding.action === 'help' || binding.action === 'quit').map(label).join('  ');
	let text = '';
	for (const binding of shown.filter(binding => binding.action !== 'help' && binding.action !== 'quit')) {
		const next = text === '' ? label(binding) : `${text}  ${label(binding)}`;
		if (next.length + last.length + 2 > width) break;
		text = next;
	}

	return text === '' ? last : `${text}  ${last}`;
}
