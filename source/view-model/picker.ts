import {singleKeys} from './key-press.js';
import {quitCodes} from './session.js';
import {type Movement, targetOf} from './viewport.js';

/** The picker's cursor, and what the user decided once they did: the image to open, or to quit with an exit code. */
export type PickerState = {cursor: number; decision?: {pick: number} | {quit: number}};

const moves: Readonly<Record<string, Movement>> = {
	up: 'up', k: 'up', down: 'down', j: 'down', home: 'home', end: 'end', pageup: 'pageUp', pagedown: 'pageDown',
};

/**
 * Applies one key press to the picker of `count` images, `height` rows high. Keys that arrive in one write (`jj`,
 * `j` and Enter) are taken one by one against the latest state, as the image view takes them; keys after the
 * decision change nothing.
 */
export function pressPickerKey(state: PickerState, key: string, count: number, height: number): PickerState {
	const keys = singleKeys(key);
	if (keys.length > 1) return keys.reduce((current, single) => pressPickerKey(current, single, count, height), state);
	if (state.decision) return state;
	if (key in quitCodes) return {...state, decision: {quit: quitCodes[key]!}};
	if (key === 'enter' || key === 'space') return {...state, decision: {pick: state.cursor}};
	const movement = moves[key];
	if (!movement) return state;
	return {cursor: Math.max(0, Math.min(count - 1, targetOf(movement, state.cursor, count, height)))};
}
