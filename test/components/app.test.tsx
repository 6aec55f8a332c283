import {act} from 'react';
import {afterEach, describe, expect, it} from 'vitest';
import {loadBrowseModel, pickerImages} from '../../source/browse-session.js';
import {App} from '../../source/components/App.js';
import {chooseImage} from '../../source/inspect-image.js';
import {archiveSource} from '../../source/sources/archive/archive-source.js';
import {createStore, type SessionPhase} from '../../source/view-model/session.js';
import {fixture} from '../helpers/cli.js';
import {expectGolden} from './helpers/golden.js';
import {fixtureModel} from './helpers/models.js';
import {cleanup, keys, render} from './helpers/render.js';

afterEach(cleanup);

function controlsLog() {
	const log: string[] = [];
	return {log, controls: {pick: (index: number) => log.push(`pick ${index}`), quit: () => log.push('quit')}};
}

describe('the app', () => {
	it('shows loading progress with a bar, then the browser as soon as the model is there', async () => {
		const session = createStore<SessionPhase>({phase: 'loading', label: 'big.tar'});
		const {controls} = controlsLog();
		const ui = await render(<App session={session} controls={controls} size={{columns: 100, rows: 40}} />);
		expect(ui.frame()).toContain('opening the archive…');
		await act(async () => session.set({
			phase: 'loading', label: 'big.tar', progress: {phase: 'reading layers', bytesDone: 580e6, bytesTotal: 1160e6, layersDone: 3, layersTotal: 8},
		}));
		expect(ui.frame()).toContain('reading layers 50 % (580 MB of 1160 MB, layer 4/8)');
		expect(ui.frame()).toMatch(/\[█{30}░{30}\]/);
		const model = await fixtureModel();
		await act(async () => session.set({phase: 'browse', model}));
		expect(ui.frame()).toContain('▶ Layers');
	});

	it('gives up loading on q or Ctrl-C', async () => {
		const session = createStore<SessionPhase>({phase: 'loading', label: 'big.tar'});
		const {log, controls} = controlsLog();
		const ui = await render(<App session={session} controls={controls} size={{columns: 100, rows: 40}} />);
		await ui.press(keys.ctrlC, 'q');
		expect(log).toEqual(['quit', 'quit']);
	});

	it('lists the images of a multi-image archive and opens the one chosen with Enter (golden)', async () => {
		const path = fixture('images', 'multi.docker-legacy.tar.gz');
		const opened = await archiveSource(path, {}).open();
		try {
			const session = createStore<SessionPhase>({phase: 'picker', label: 'multi.docker-legacy.tar.gz', images: pickerImages(opened)});
			const {log, controls} = controlsLog();
			const ui = await render(<App session={session} controls={controls} size={{columns: 100, rows: 40}} />);
			expectGolden('picker', ui.frame());
			await ui.press(keys.down, 'j', 'k', keys.enter);
			expect(log).toEqual(['pick 1']);
			const model = await loadBrowseModel(opened, opened.images[1]!);
			await act(async () => session.set({phase: 'browse', model}));
			expect(ui.frame()).toContain(`Layer ${model.report.layers.length - 1} (last of ${model.report.layers.length}) details`);
			expect(model.report.image.references).toEqual(chooseImage(opened, opened.images[1]!.id).references);
		} finally {
			opened.close();
		}
	});

	it('re-lays out when the terminal reports a new size', async () => {
		const session = createStore<SessionPhase>({phase: 'browse', model: await fixtureModel()});
		const ui = await render(<App session={session} controls={controlsLog().controls} />);
		await ui.resize(100, 30);
		expect(ui.frame().split('\n')).toHaveLength(29);
		await ui.resize(90, 45);
		expect(ui.frame().split('\n')).toHaveLength(44);
		expect(ui.frame().split('\n')[0]).toHaveLength(90);
		await ui.resize(70, 45);
		expect(ui.frame()).toContain('needs at least 80×20');
	});
});
