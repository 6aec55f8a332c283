/** The panes that take keys, in Tab order. */
export type Pane = 'layers' | 'tree' | 'summary';
export const paneOrder: readonly Pane[] = ['layers', 'tree', 'summary'];

export type ActionName =
	| 'focusNext' | 'focusPrevious' | 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end'
	| 'toggleCollapse' | 'collapse' | 'expand' | 'toggleCollapseAll' | 'startFilter' | 'clearFilter' | 'toggleFilterSyntax'
	| 'toggleChangesOnly' | 'toggleAttributes' | 'toggleSort' | 'toggleWasteMarks'
	| 'hideAdded' | 'hideModified' | 'hideRemoved' | 'hideUnchanged'
	| 'openFinding' | 'toggleDetails' | 'help' | 'quit';

/**
 * One key binding. `keys` are key names: a printable character as typed, or one of `up down left right pageup
 * pagedown home end enter space escape tab shift-tab backspace ctrl-c`.
 */
export type Binding<Action extends string = ActionName> = {
	keys: readonly string[];
	/** How the key bar and the help show the keys. */
	keyLabel: string;
	action: Action;
	label: string;
	/** Where the binding works: every pane, or one. */
	scope: 'global' | Pane;
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
	...movement('summary'),
	{keys: ['enter', 'space'], keyLabel: 'Enter', action: 'openFinding', label: 'show in tree', scope: 'summary', inBar: true},
	...movement('tree'),
	{keys: ['enter', 'space'], keyLabel: 'Enter/Space', action: 'toggleCollapse', label: 'collapse/expand', scope: 'tree', inBar: true},
	{keys: ['left', 'h'], keyLabel: '←/h', action: 'collapse', label: 'collapse / parent', scope: 'tree'},
	{keys: ['right', 'l'], keyLabel: '→/l', action: 'expand', label: 'expand', scope: 'tree'},
	{keys: ['x'], keyLabel: 'x', action: 'toggleCollapseAll', label: 'collapse/expand all', scope: 'tree', inBar: true},
	{keys: ['/'], keyLabel: '/', action: 'startFilter', label: 'filter', scope: 'global', inBar: true},
	{keys: ['escape'], keyLabel: 'Esc', action: 'clearFilter', label: 'clear filter', scope: 'global'},
	{keys: ['g'], keyLabel: 'g', action: 'toggleFilterSyntax', label: 'regex/glob', scope: 'global'},
	{keys: ['c'], keyLabel: 'c', action: 'toggleChangesOnly', label: 'layer changes/aggregated', scope: 'global', inBar: true},
	{keys: ['b'], keyLabel: 'b', action: 'toggleAttributes', label: 'attributes', scope: 'global', inBar: true},
	{keys: ['s'], keyLabel: 's', action: 'toggleSort', label: 'sort name/size', scope: 'global', inBar: true},
	{keys: ['w'], keyLabel: 'w', action: 'toggleWasteMarks', label: 'waste marks', scope: 'global'},
	{keys: ['A'], keyLabel: 'A', action: 'hideAdded', label: 'hide added', scope: 'global'},
	{keys: ['M'], keyLabel: 'M', action: 'hideModified', label: 'hide modified', scope: 'global'},
	{keys: ['R'], keyLabel: 'R', action: 'hideRemoved', label: 'hide removed', scope: 'global'},
	{keys: ['U'], keyLabel: 'U', action: 'hideUnchanged', label: 'hide unchanged', scope: 'global'},
	{keys: ['tab'], keyLabel: 'Tab', action: 'focusNext', label: 'next pane', scope: 'global', inBar: true},
	{keys: ['shift-tab'], keyLabel: 'S-Tab', action: 'focusPrevious', label: 'previous pane', scope: 'global'},
	{keys: ['?'], keyLabel: '?', action: 'help', label: 'help', scope: 'global', inBar: true},
	{keys: ['q', 'ctrl-c'], keyLabel: 'q', action: 'quit', label: 'quit', scope: 'global', inBar: true},
];

/** Keys while the filter line takes typing: everything printable goes into the filter text. */
export const filterEditingKeymap: readonly Binding[] = [
	{keys: ['enter'], keyLabel: 'Enter', action: 'startFilter', label: 'done', scope: 'global', inBar: true},
	{keys: ['escape'], keyLabel: 'Esc', action: 'clearFilter', label: 'clear', scope: 'global', inBar: true},
	{keys: ['ctrl-c'], keyLabel: 'C-c', action: 'quit', label: 'quit', scope: 'global', inBar: true},
];

/** The action a key triggers in a pane, if any. */
export function actionFor<Action extends string>(bindings: readonly Binding<Action>[], key: string, pane: Pane | 'global'): Action | undefined {
	return bindings.find(binding => (binding.scope === pane || binding.scope === 'global') && binding.keys.includes(key))?.action;
}

/** The bindings that work in a pane, pane-specific first, one entry per action. */
export function bindingsFor<Action extends string>(bindings: readonly Binding<Action>[], pane: Pane | 'global'): Array<Binding<Action>> {
	const seen = new Set<Action>();
	const mine = bindings.filter(binding => binding.scope === pane);
	const global = bindings.filter(binding => binding.scope === 'global');
	return [...mine, ...global].filter(binding => !seen.has(binding.action) && seen.add(binding.action));
}

/** The key bar's text for a pane, cut to `width` columns; help and quit are always kept, at the end. */
export function keyBarText<Action extends string>(bindings: readonly Binding<Action>[], pane: Pane | 'global', width: number): string {
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
