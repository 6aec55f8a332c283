import {useInput, useStdout} from 'ink';
import {useEffect, useReducer, useRef, useSyncExternalStore} from 'react';
import {type DiskReport} from '../analysis/disk-report.js';
import {type Progress} from '../progress.js';
import {type BrowseModel} from '../view-model/browse-model.js';
import {overviewHeaderLines, overviewLayout} from '../view-model/disk-overview-text.js';
import {initialOverviewState, type OverviewContext, type OverviewState, pressOverviewKey} from '../view-model/disk-overview.js';
import {type Store} from '../view-model/session.js';
import {Browser} from './Browser.js';
import {DiskOverview} from './DiskOverview.js';
import {Loading} from './Loading.js';
import {keyNameOf} from './key-names.js';
import {type TerminalSize, useTerminalSize} from './use-terminal-size.js';

/** What the disk TUI shows: the overview (with a message after an image failed to open), an image loading, its view. */
export type DiskView =
	| {view: 'overview'; message?: string}
	| {view: 'loading'; label: string; progress?: Progress}
	| {view: 'browse'; model: BrowseModel};

export type DiskControls = {open: (image: {root: string; id: string}) => void; back: () => void; quit: () => void};

export type DiskAppProps = {report: DiskReport; view: Store<DiskView>; controls: DiskControls; size?: TerminalSize};

/** The overview keeps its state (cursor, order, filter) here, so that it is as it was after the image view. */
export function DiskApp({report, view: store, controls, size}: DiskAppProps) {
	const view = useSyncExternalStore(store.subscribe, store.get);
	const {stdout} = useStdout();
	const measured = useTerminalSize(stdout);
	const {columns, rows} = size ?? measured;
	const layout = overviewLayout(overviewHeaderLines(report, columns).length, columns, rows);
	const context = useRef<OverviewContext>({report, tableHeight: 1});
	context.current = {report, tableHeight: layout.tooSmall ? 1 : layout.tableHeight};
	// One reducer for the component's life, reducing each key against the latest state: Ink
	// subscribes a new useInput handler only after the next commit, so keys that arrive together would reach a stale one.
	const reducer = useRef((current: OverviewState, key: string) => pressOverviewKey(current, key, context.current)).current;
	const [state, dispatch] = useReducer(reducer, initialOverviewState);
	useInput((input, key) => dispatch(keyNameOf(input, key)), {isActive: view.view === 'overview'});
	useEffect(() => {
		if (state.quit) controls.quit();
	}, [state.quit, controls]);
	useEffect(() => {
		if (state.open) controls.open(state.open);
	}, [state.open, controls]);
	switch (view.view) {
		case 'loading': {
			return <Loading label={view.label} progress={view.progress} width={columns} onQuit={controls.quit} />;
		}

		case 'browse': {
			return <Browser model={view.model} columns={columns} rows={rows} onQuit={controls.back} quitLabel="back to overview" />;
		}

		case 'overview': {
			return <DiskOverview report={report} state={state} columns={columns} rows={rows} {...(view.message === undefined ? {} : {message: view.message})} />;
		}
	}
}
