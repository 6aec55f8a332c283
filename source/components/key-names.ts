import {type Key} from 'ink';
import {mouseKeyName} from '../view-model/mouse.js';

/**
 * Names an Ink key press the way the key map does (`up`, `shift-tab`, `ctrl-c`, `ctrl-space`, or the character
 * typed). Ink reads Ctrl-Space (NUL) as Ctrl and a backquote, passes Ctrl-/ (0x1f) on as it is, and hands an SGR mouse report over as its text without
 * the escape (`[<0;12;5M`): both get their names here.
 */
export function keyNameOf(input: string, key: Key): string {
	const mouse = mouseKeyName(input);
	if (mouse !== undefined) return mouse;
	if (key.ctrl && input === '`') return 'ctrl-space';
	if (input === '\u001F') return 'ctrl-/';
	if (key.ctrl && /^[a-z]$/.test(input)) return `ctrl-${input}`;
	const named: Array<[boolean, string]> = [
		[key.upArrow, 'up'], [key.downArrow, 'down'], [key.leftArrow, 'left'], [key.rightArrow, 'right'],
		[key.pageUp, 'pageup'], [key.pageDown, 'pagedown'], [key.home, 'home'], [key.end, 'end'],
		[key.return, 'enter'], [key.escape, 'escape'], [key.backspace || key.delete, 'backspace'],
	];
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	for (const [pressed, name] of named) if (pressed) return name;
	return input === ' ' ? 'space' : input;
}
