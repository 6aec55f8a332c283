import {actionFor, filterEditingKeymap, keymap, viewerKeymap} from './keymap.js';
import {isMouseKey, parseMouseKey} from './mouse.js';
import {type BrowseContext, type BrowseState, navigate} from './navigation.js';

/** Names of the keys that are not text; anything else a key press brings is typed text. */
export const specialKeys: ReadonlySet<string> = new Set([
	'up', 'down', 'left', 'right', 'pageup', 'pagedown', 'home', 'end', 'enter', 'space', 'escape', 'tab', 'shift-tab', 'backspace', 'ctrl-c',
]);

/** A key with a name (Ctrl-something, a mouse report): never text, never split into characters. */
export function isNamedKey(key: string): boolean {
	return specialKeys.has(key) || key.startsWith('ctrl-') || isMouseKey(key);
}

/** Control characters that can come inside a string of keys, by the names the key map uses. */
const controlKeyNames: Readonly<Record<string, string>> = {
	'\t': 'tab', '\r': 'enter', '\n': 'enter', ' ': 'space', '\u007F': 'backspace', '\b': 'backspace', '\u0003': 'ctrl-c', '\u001B': 'escape',
};

/** Keys typed quickly, or pasted, can arrive as one string: they are still one key each. */
export function singleKeys(key: string): string[] {
	if (key.length <= 1 || isNamedKey(key)) return [key];
	return [...key].map(character => controlKeyNames[character] ?? controlLetterName(character) ?? character);
}

/** Ctrl and a letter sends the letter's code minus 96 (Ctrl-A is 0x01); Ctrl-Space sends NUL, Ctrl-/ 0x1f. */
function controlLetterName(character: string): string | undefined {
	const code = character.codePointAt(0)!;
	if (code === 0) return 'ctrl-space';
	if (code === 0x1F) return 'ctrl-/';
	return code <= 26 ? `ctrl-${String.fromCodePoint(code + 96)}` : undefined;
}

/**
 * Applies one key press. Keys are resolved here, inside the reducer, against the latest state: a Tab followed at once
 * by ↓ must move the pane Tab focused, even before React has committed the new focus. Returns the state with `quit` set for q or Ctrl-C.
 */
export function pressKey(state: BrowseState, key: string, context: BrowseContext): BrowseState {
	const keys = singleKeys(key);
	if (keys.length > 1) return keys.reduce((current, single) => pressKey(current, single, context), state);
	if (key === 'mouse') return state;
	const mouse = parseMouseKey(key);
	if (mouse) return navigate({...state, status: undefined}, {type: 'mouse', event: mouse}, context);
	if (state.prompt) return answerPrompt(state, state.prompt, key);
	if (state.status !== undefined) return pressKey({...state, status: undefined}, key, context);

	if (state.viewer && !state.help) {
		const action = actionFor(viewerKeymap, key, 'viewer');
		if (action === 'quit') return {...state, quit: true};
		return action ? navigate(state, {type: action}, context) : state;
	}

	if (state.filter.editing) {
		const editing = actionFor(filterEditingKeymap, key, state.focus);
		if (editing === 'quit') return {...state, quit: true};
		if (editing) return navigate(state, {type: editing}, context);
		if (key === 'backspace') return navigate(state, {type: 'eraseFilter'}, context);
		if (key === 'space') return navigate(state, {type: 'typeFilter', text: ' '}, context);
		if (!isNamedKey(key)) return navigate(state, {type: 'typeFilter', text: key}, context);
	}

	const action = actionFor(keymap, key, state.focus);
	if (action === undefined) return state;
	if (action === 'quit') return {...state, quit: true};
	return navigate(state, {type: action}, context);
}

/** `y` does what the prompt asks; any other key leaves things as they are. */
function answerPrompt(state: BrowseState, prompt: NonNullable<BrowseState['prompt']>, key: string): BrowseState {
	if (key === 'y' || key === 'Y') return {...state, prompt: undefined, request: {...prompt.request, overwrite: true, serial: prompt.request.serial + 1}};
	return {...state, prompt: undefined, status: 'nothing written'};
}
