import {render} from 'ink';
import {type SessionControls, type SessionPhase, type Store} from '../view-model/session.js';
import {App} from './App.js';

/**
 * Mounts the terminal UI on the process's terminal. q and Ctrl-C reach the app as keys (it decides what they do).
 * Ink 6.8's `incrementalRendering` is left off: on the alternate screen it stacked loading frames instead of
 * replacing them (seen in tmux).
 */
export function mountApp(session: Store<SessionPhase>, controls: SessionControls): {unmount: () => void} {
	const instance = render(<App session={session} controls={controls} />, {exitOnCtrlC: false, patchConsole: false});
	return {unmount: () => instance.unmount()};
}
