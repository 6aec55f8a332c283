import {type Key} from 'ink';

/** Names an Ink key press the way the key map does (`up`, `shift-tab`, `ctrl-c`, or the character typed). */
export function keyNameOf(input: string, key: Key): string {
	if (key.ctrl && input === 'c') return 'ctrl-c';
	const named: Array<[boolean, string]> = [
		[key.upArrow, 'up'], [key.downArrow, 'down'], [key.leftArrow, 'left'], [key.rightArrow, 'right'],
		[key.pageUp, 'pageup'], [key.pageDown, 'pagedown'], [key.home, 'home'], [key.end, 'end'],
		[key.return, 'enter'], [key.escape, 'escape'], [key.backspace || key.delete, 'backspace'],
	];
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	for (const [pressed, name] of named) if (pressed) return name;
	return input === ' ' ? 'space' : input;
}
