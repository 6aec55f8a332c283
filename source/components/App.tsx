import {useStdout} from 'ink';
import {useSyncExternalStore} from 'react';
import {type SessionControls, type SessionPhase, type Store} from '../view-model/session.js';
import {Browser} from './Browser.js';
import {ImagePicker} from './ImagePicker.js';
import {Loading} from './Loading.js';
import {type TerminalSize, useTerminalSize} from './use-terminal-size.js';

export type AppProps = {session: Store<SessionPhase>; controls: SessionControls; size?: TerminalSize};

/** The whole terminal UI: loading, then (for an archive of several images) the picker, then the browser. */
export function App({session, controls, size}: AppProps) {
	const phase = useSyncExternalStore(session.subscribe, session.get);
	const {stdout} = useStdout();
	const measured = useTerminalSize(stdout);
	const {columns, rows} = size ?? measured;
	switch (phase.phase) {
		case 'loading': {
			return <Loading label={phase.label} progress={phase.progress} width={columns} onQuit={controls.quit} />;
		}

		case 'picker': {
			return <ImagePicker label={phase.label} images={phase.images} width={columns} onPick={controls.pick} onQuit={controls.quit} />;
		}

		case 'browse': {
			return <Browser model={phase.model} columns={columns} rows={rows} onQuit={() => controls.quit(0)} />;
		}
	}
}
