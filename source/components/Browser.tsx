import {Box, Text, useInput} from 'ink';
import {useEffect, useReducer, useRef} from 'react';
import {type BrowseModel} from '../view-model/browse-model.js';
import {pressKey} from '../view-model/key-press.js';
import {type Binding, filterEditingKeymap, keymap} from '../view-model/keymap.js';
import {findingsHeightOf, type Layout, layoutFor} from '../view-model/layout.js';
import {type BrowseContext, type BrowseState, initialBrowseState, type PaneHeights, treeQueryOf} from '../view-model/navigation.js';
import {layerTitle} from '../view-model/pane-text.js';
import {keepVisible} from '../view-model/viewport.js';
import {FileTree} from './FileTree.js';
import {HelpScreen} from './HelpScreen.js';
import {ImageSummary} from './ImageSummary.js';
import {KeyBar} from './KeyBar.js';
import {LayerDetails} from './LayerDetails.js';
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

/** The browser: wires the panes to one reducer; every key press goes through `pressKey`. */
export function Browser({model, columns, rows, onQuit, quitLabel}: BrowserProps) {
	const context = useRef<BrowseContext>({model, heights: heightsOf(layoutFor(columns, rows, model.layerRows.length))});
	// One reducer for the component's life: a new one per render would make React run every key twice.
	const reducer = useRef((current: BrowseState, key: string) => pressKey(current, key, context.current)).current;
	const [state, dispatch] = useReducer(reducer, undefined, () => initialBrowseState(model, context.current.heights));
	// The next key press is reduced against the layout of what is on screen now.
	const layout = layoutFor(columns, rows, model.layerRows.length, state.detailsExpanded);
	context.current = {model, heights: heightsOf(layout)};
	useInput((input, key) => dispatch(keyNameOf(input, key)));
	useEffect(() => {
		if (state.quit) onQuit();
	}, [state.quit, onQuit]);
	useWarmUp(model, state);
	// Quitting: an empty frame costs nothing to draw, and it is the last one (Ink draws the tree once more as it goes).
	if (state.quit) return null;
	if (layout.tooSmall) return <Text wrap="wrap">{layout.message}</Text>;
	if (state.help) return <HelpScreen width={columns} height={layout.height} />;
	return <Panes model={model} state={state} layout={layout} columns={columns} quitLabel={quitLabel} />;
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

type PanesProps = {model: BrowseModel; state: BrowseState; layout: Extract<Layout, {tooSmall: false}>; columns: number; quitLabel: string | undefined};

function Panes({model, state, layout, columns, quitLabel}: PanesProps) {
	const leftInner = layout.leftWidth - 2;
	const rightInner = layout.rightWidth - 2;
	// The window may have shrunk since the offsets were set: keep every cursor in view.
	const layerOffset = keepVisible(state.layerOffset, model.layerRowOf[state.layer] ?? 0, model.layerRows.length, layout.layersHeight);
	const findingsHeight = findingsHeightOf(layout.summaryHeight);
	const finding = {...state.finding, offset: keepVisible(state.finding.offset, state.finding.cursor, model.report.findings.length, findingsHeight)};
	const shown = {...state, tree: {...state.tree, offset: keepVisible(state.tree.offset, state.tree.cursor, Number.POSITIVE_INFINITY, layout.treeHeight)}};
	const layerName = layerTitle(state.layer, model.report.layers.length);
	return (
		<Box flexDirection="column" width={columns} height={layout.height}>
			<Box flexDirection="row">
				<Box flexDirection="column" width={layout.leftWidth}>
					<Pane title="Layers" width={layout.leftWidth} height={layout.layersHeight} focused={state.focus === 'layers'}>
						<LayerList model={model} layer={state.layer} offset={layerOffset} width={leftInner} height={layout.layersHeight} focused={state.focus === 'layers'} />
					</Pane>
					<Pane title={`${layerName} details`} width={layout.leftWidth} height={layout.detailsHeight} focused={false}>
						<LayerDetails report={model.report} layer={state.layer} width={leftInner} height={layout.detailsHeight} expanded={state.detailsExpanded} />
					</Pane>
					{layout.summaryHeight > 0 && (
						<Pane title="Image summary" width={layout.leftWidth} height={layout.summaryHeight} focused={state.focus === 'summary'}>
							<ImageSummary report={model.report} finding={finding} width={leftInner} height={layout.summaryHeight} focused={state.focus === 'summary'} />
						</Pane>
					)}
				</Box>
				<Pane title={`File tree · ${layerName}`} width={layout.rightWidth} height={layout.treeHeight + 2} focused={state.focus === 'tree'}>
					<FileTree model={model} state={shown} width={rightInner} height={layout.treeHeight} focused={state.focus === 'tree'} />
				</Pane>
			</Box>
			<KeyBar bindings={relabelQuit(state.filter.editing ? filterEditingKeymap : keymap, quitLabel)} pane={state.focus} width={columns} />
		</Box>
	);
}
