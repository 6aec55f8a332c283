import {Box, Text, useInput} from 'ink';
import {type Dispatch, useEffect, useReducer, useRef, useState} from 'react';
import {escapeControl} from '../analysis/display.js';
import {displayPath} from '../analysis/paths.js';
import {type BrowseModel} from '../view-model/browse-model.js';
import {type FileContent} from '../view-model/file-view.js';
import {pressKey} from '../view-model/key-press.js';
import {type Binding, filterEditingKeymap, keymap, viewerKeymap} from '../view-model/keymap.js';
import {findingsHeightOf, type Layout, layoutFor} from '../view-model/layout.js';
import {
	type BrowseAction, type BrowseContext, type BrowseState, type FileRequest, initialBrowseState, navigate, type PaneHeights, treeQueryOf,
} from '../view-model/navigation.js';
import {binaryPathOf} from '../view-model/path-table.js';
import {layerTitle} from '../view-model/pane-text.js';
import {findingRowCount} from '../view-model/finding-rows.js';
import {keepVisible} from '../view-model/viewport.js';
import {FileTree} from './FileTree.js';
import {HelpScreen} from './HelpScreen.js';
import {ImageSummary} from './ImageSummary.js';
import {KeyBar} from './KeyBar.js';
import {LayerDetails} from './LayerDetails.js';
import {FileViewer} from './FileViewer.js';
import {LayerList} from './LayerList.js';
import {Pane} from './Pane.js';
import {keyNameOf} from './key-names.js';

export type BrowserProps = {
	model: BrowseModel; columns: number; rows: number; onQuit: () => void;
	/** What q does here, for the key bar, when it does not end the program (the disk overview's image view). */
	quitLabel?: string;
};

function heightsOf(layout: Layout): PaneHeights {
	if (layout.tooSmall) return {layers: 1, findings: 1, tree: 1};
	return {layers: layout.layersHeight, findings: findingsHeightOf(layout.summaryHeight), tree: layout.treeHeight};
}

/** The browser: wires the panes to one reducer; every key press (and mouse report) goes through `pressKey`. */
export function Browser({model, columns, rows, onQuit, quitLabel}: BrowserProps) {
	const initialLayout = layoutFor(columns, rows, model.layerRows.length);
	const context = useRef<BrowseContext>({model, heights: heightsOf(initialLayout), layout: initialLayout});
	// One reducer for the component's life: a new one per render would make React run every key twice.
	const reducer = useRef((current: BrowseState, input: string | BrowseAction) => (
		typeof input === 'string' ? pressKey(current, input, context.current) : navigate(current, input, context.current)
	)).current;
	const [state, dispatch] = useReducer(reducer, undefined, () => initialBrowseState(model, context.current.heights));
	// The next key press is reduced against the layout of what is on screen now.
	const layout = layoutFor(columns, rows, model.layerRows.length, state.detailsExpanded);
	context.current = {model, heights: heightsOf(layout), layout};
	useInput((input, key) => dispatch(keyNameOf(input, key)));
	useEffect(() => {
		if (state.quit) onQuit();
	}, [state.quit, onQuit]);
	useWarmUp(model, state);
	const viewed = useFileRequests(model, state.request, dispatch);
	// Quitting: an empty frame costs nothing to draw, and it is the last one (Ink draws the tree once more as it goes).
	if (state.quit) return null;
	if (layout.tooSmall) return <Text wrap="wrap">{layout.message}</Text>;
	if (state.help) return <HelpScreen width={columns} height={layout.height} />;
	const message = statusLine(state);
	if (state.viewer) {
		return (
			<Box flexDirection="column" width={columns} height={layout.height}>
				<FileViewer content={viewed.content} error={viewed.error} offset={state.viewer.offset} width={columns} height={layout.height - 1} />
				<KeyBar bindings={viewerKeymap} pane="viewer" width={columns} message={message} />
			</Box>
		);
	}

	return <Panes model={model} state={state} layout={layout} columns={columns} quitLabel={quitLabel} message={message} />;
}

function statusLine(state: BrowseState): string | undefined {
	if (state.prompt) return `${state.prompt.text} (y: yes, any other key: no)`;
	return state.status;
}

/**
 * Carries out the reducer's file requests (the reducer stays pure): reads a file for the viewer, writes one out
 * after asking before anything is overwritten, copies a path; reports back through `dispatch`.
 */
function useFileRequests(model: BrowseModel, request: FileRequest | undefined, dispatch: Dispatch<BrowseAction>): {content?: FileContent; error?: string} {
	const [viewed, setViewed] = useState<{serial: number; content?: FileContent; error?: string}>({serial: 0});
	useEffect(() => {
		if (!request) return;
		const {files} = model;
		const path = binaryPathOf(model.table, request.id);
		const failed = (error: unknown) => escapeControl(error instanceof Error ? error.message : String(error));
		if (!files) {
			dispatch({type: 'status', text: 'files cannot be read from this source'});
			return;
		}

		switch (request.kind) {
			case 'view': {
				setViewed({serial: request.serial});
				files.view(path, request.layer).then(content => {
					setViewed({serial: request.serial, content});
					dispatch({type: 'viewerLoaded', lines: content.lines.length});
				}, (error: unknown) => setViewed({serial: request.serial, error: failed(error)}));
				break;
			}

			case 'copy': {
				files.copy(displayPath(path));
				dispatch({type: 'status', text: `copied ${escapeControl(displayPath(path))} to the clipboard (OSC 52; the terminal must allow it)`});
				break;
			}

			case 'extract': {
				const target = files.extractTarget(path);
				if (target.exists && !request.overwrite) {
					dispatch({type: 'askOverwrite', text: `${target.shown} exists: overwrite it?`});
					break;
				}

				files.extract(path, request.layer, request.overwrite).then(
					text => dispatch({type: 'status', text}),
					(error: unknown) => dispatch({type: 'status', text: `not extracted: ${failed(error)}`}),
				);
				break;
			}
		}
	}, [model, request, dispatch]);
	return request?.kind === 'view' && viewed.serial === request.serial ? viewed : {};
}

function relabelQuit(bindings: readonly Binding[], quitLabel: string | undefined): readonly Binding[] {
	return quitLabel === undefined ? bindings : bindings.map(binding => (binding.action === 'quit' ? {...binding, label: quitLabel} : binding));
}

/** Fills the model's caches in small steps between key presses, so that the first visit of a layer is fast too. */
function useWarmUp(model: BrowseModel, state: BrowseState): void {
	const first = useRef(state).current;
	useEffect(() => {
		const steps = model.tree.warmUp(treeQueryOf(first));
		let timer: NodeJS.Timeout | undefined;
		const step = () => {
			if (!steps.next().done) timer = setTimeout(step, 0);
		};

		timer = setTimeout(step, 0);
		return () => clearTimeout(timer);
	}, [model, first]);
}

type PanesProps = {
	model: BrowseModel; state: BrowseState; layout: Extract<Layout, {tooSmall: false}>; columns: number; quitLabel: string | undefined; message?: string;
};

function Panes({model, state, layout, columns, quitLabel, message}: PanesProps) {
	const leftInner = layout.leftWidth - 2;
	const rightInner = layout.rightWidth - 2;
	// The window may have shrunk since the offsets were set: keep every cursor in view.
	const layerOffset = keepVisible(state.layerOffset, model.layerRowOf[state.layer] ?? 0, model.layerRows.length, layout.layersHeight);
	const findingsHeight = findingsHeightOf(layout.summaryHeight);
	const finding = {...state.finding, offset: keepVisible(state.finding.offset, state.finding.cursor, findingRowCount(model.report, state.openGroup), findingsHeight)};
	const shown = {...state, tree: {...state.tree, offset: keepVisible(state.tree.offset, state.tree.cursor, Number.POSITIVE_INFINITY, layout.treeHeight)}};
	const layerName = layerTitle(state.layer, model.report.layers.length);
	return (
		<Box flexDirection="column" width={columns} height={layout.height}>
			<Box flexDirection="row">
				<Box flexDirection="column" width={layout.leftWidth}>
					<Pane title="Layers" width={layout.leftWidth} height={layout.layersHeight} focused={state.focus === 'layers'}>
						<LayerList model={model} layer={state.layer} offset={layerOffset} width={leftInner} height={layout.layersHeight} focused={state.focus === 'layers'} />
					</Pane>
					<Pane title={model.report.layers.length === 0 ? 'Layer details' : `${layerName} details`} width={layout.leftWidth} height={layout.detailsHeight} focused={false}>
						<LayerDetails report={model.report} layer={state.layer} width={leftInner} height={layout.detailsHeight} expanded={state.detailsExpanded} />
					</Pane>
					{layout.summaryHeight > 0 && (
						<Pane title="Image summary" width={layout.leftWidth} height={layout.summaryHeight} focused={state.focus === 'summary'}>
							<ImageSummary report={model.report} finding={finding} openGroup={state.openGroup} width={leftInner} height={layout.summaryHeight} focused={state.focus === 'summary'} />
						</Pane>
					)}
				</Box>
				<Pane title={`File tree · ${layerName}`} width={layout.rightWidth} height={layout.treeHeight + 2} focused={state.focus === 'tree'}>
					<FileTree model={model} state={shown} width={rightInner} height={layout.treeHeight} focused={state.focus === 'tree'} />
				</Pane>
			</Box>
			<KeyBar bindings={relabelQuit(state.filter.editing ? filterEditingKeymap : keymap, quitLabel)} pane={state.focus} width={columns} message={message} />
		</Box>
	);
}
