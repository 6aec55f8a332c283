import {describe, expect, it} from 'vitest';
import {detectBaseImage} from '../../source/analysis/base-image.js';
import {diveMetrics} from '../../source/analysis/dive-metrics.js';
import {type HistoryStep} from '../../source/analysis/model.js';
import {entriesNeedingDigest, simulate} from '../../source/analysis/simulate.js';
import {findWaste, measureWaste, wasteClassOf} from '../../source/analysis/waste.js';
import {dir, file, hardlink, opaque, whiteout} from '../helpers/entries.js';

const steps = (...commands: string[]): HistoryStep[] => commands.map((createdBy, layerIndex) => ({createdBy, emptyLayer: false, layerIndex}));

describe('retained bytes, each classed once', () => {
	const layers = [
		[dir('data'), file('data/big', 'x'.repeat(1000)), file('data/conf', 'abc'), file('data/mode', 'm'.repeat(50))],
		[file('data/conf', 'abcd'), {...file('data/mode', 'm'.repeat(50)), mode: 0o600}],
		[whiteout('data/big')],
	];
	const simulation = simulate(layers);

	it('classes deleted, overwritten and metadata-only copies and adds them up exactly', () => {
		const metrics = measureWaste(simulation, 1);
		expect(metrics).toMatchObject({
			storedBytes: 1000 + 3 + 50 + 4 + 50,
			visibleBytes: 54,
			retainedBytes: 1053,
			deletedBytes: 1000,
			overwrittenBytes: 3,
			metadataOnlyBytes: 50,
			userStoredBytes: 54,
			userRetainedBytes: 0,
		});
		expect(metrics.efficiency).toBeCloseTo(54 / 1107, 12);
	});

	it('names the storing and the hiding layer and their build steps in each finding', () => {
		const findings = findWaste(simulation, steps('ADD base', 'RUN chmod 600 /data/mode && echo abcd > /data/conf', 'RUN rm /data/big'));
		expect(findings.map(finding => [finding.class, finding.path, finding.bytes, finding.storedInLayer, finding.hiddenInLayer])).toEqual([
			['deleted', '/data/big', 1000, 0, 2],
			['metadataOnly', '/data/mode', 50, 0, 1],
			['overwritten', '/data/conf', 3, 0, 1],
		]);
		expect(findings[0]).toMatchObject({storedBy: 'ADD base', hiddenBy: 'RUN rm /data/big'});
		expect(findings[1]!.hint).toMatch(/--chown|--chmod/);
	});

	it('counts a copy hidden by its own layer\'s whiteout as deleted even when the layer puts the path back', () => {
		const {view} = simulate([[file('f', 'same')], [whiteout('f'), file('f', 'same')]]);
		expect(view.copies.map(copy => wasteClassOf(copy))).toEqual(['deleted', undefined]);
	});

	it('classes everything under a removed or replaced directory as deleted, grouped under that directory', () => {
		const simulation2 = simulate([[dir('cache'), file('cache/a', 'aa'), file('cache/b', 'bbb')], [file('cache', 'now a file')], [opaque('x')]]);
		const findings = findWaste(simulation2, []);
		expect(findings.map(finding => [finding.class, finding.path, finding.bytes, finding.files])).toEqual([['deleted', '/cache', 5, 2]]);
	});

	it('classes a hard-link set by what removes its last name', () => {
		const {view} = simulate([[file('a', 'shared'), hardlink('b', 'a')], [whiteout('a')], [file('b', 'other')]]);
		expect(view.copies.map(copy => [copy.entry.path, wasteClassOf(copy)])).toEqual([['a', 'overwritten'], ['b', undefined]]);
	});

	it('finds the same content stored at several paths and names every path', () => {
		const simulation2 = simulate([[file('x/one', 'dup!'), file('two', 'dup!')], [file('three', 'dup!'), file('four', 'other')]]);
		expect(measureWaste(simulation2, 0).duplicateBytes).toBe(8);
		const [finding] = findWaste(simulation2, []);
		expect(finding).toMatchObject({class: 'duplicate', bytes: 8, files: 3, paths: ['/three', '/two', '/x/one'], layers: [0, 1]});
	});
});

describe('dive-compatible figures', () => {
	it('adds up every copy per leaf path, counts whiteouts of directories by what they remove, and keeps dive\'s user size', () => {
		const layers = [
			[dir('base'), file('base/lib', 'l'.repeat(100))],
			[dir('tmp'), file('tmp/a', 'a'.repeat(30)), file('tmp/b', 'b'.repeat(20)), file('keep', 'k'.repeat(10))],
			[whiteout('tmp'), file('keep', 'K'.repeat(12))],
		];
		const simulation = simulate(layers);
		const dive = diveMetrics(layers, simulation.outcomes);
		// Paths: base/lib 100; tmp/a 30; tmp/b 20; keep 10+12 (two copies); tmp: whiteout of a directory = 50.
		expect(dive.sizeBytes).toBe(172);
		expect(dive.userSizeBytes).toBe(72);
		expect(dive.wastedBytes).toBe(22);
		expect(dive.efficiency).toBeCloseTo((100 + 30 + 20 + 10 + 50) / (100 + 30 + 20 + 22 + 50), 12);
		expect(dive.userWastedPercent).toBeCloseTo(22 / 72, 12);
	});
});

describe('the base image boundary', () => {
	const history: HistoryStep[] = [
		{createdBy: '/bin/sh -c #(nop) ADD file:abc in / ', emptyLayer: false, layerIndex: 0},
		{createdBy: '/bin/sh -c #(nop)  CMD ["bash"]', emptyLayer: true},
		{createdBy: 'RUN /bin/sh -c apt-get update # buildkit', emptyLayer: false, layerIndex: 1},
		{createdBy: 'COPY . /app # buildkit', emptyLayer: false, layerIndex: 2},
		{createdBy: 'CMD ["/app/run"]', emptyLayer: true},
	];

	it('ends at the base image\'s closing CMD in the history', () => {
		expect(detectBaseImage({history, layerCount: 3})).toMatchObject({layers: 1, method: 'history-cmd'});
	});

	it('prefers --base-layers, then another image that is exactly this image\'s first layers', () => {
		expect(detectBaseImage({history, layerCount: 3, override: 2})).toMatchObject({layers: 2, method: 'flag'});
		expect(detectBaseImage({history, layerCount: 3, sharedPrefixes: [2]})).toMatchObject({layers: 2, method: 'shared-layers'});
	});

	it('falls back to layer 0, as dive does, and says so', () => {
		expect(detectBaseImage({history: [], layerCount: 3})).toMatchObject({layers: 1, method: 'first-layer'});
	});
});

describe('what gets hashed', () => {
	it('same-size visible files whose first bytes differ need no hash; those whose first bytes agree do', () => {
		const withHead = (path: string, size: number, head: number) => ({...file(path, 'x'.repeat(size)), digest: undefined, head});
		const layers = [[withHead('a', 10, 1), withHead('b', 10, 2), withHead('c', 10, 2), withHead('d', 7, 3)]];
		const wanted = [...entriesNeedingDigest(simulate(layers))].map(entry => entry.path).sort();
		expect(wanted).toEqual(['b', 'c']);
	});

	it('a same-size group with a file of unknown head (a streamed layer) is hashed whole', () => {
		const layers = [[{...file('a', 'x'.repeat(10)), digest: undefined, head: 1}, {...file('b', 'y'.repeat(10)), digest: undefined}]];
		expect([...entriesNeedingDigest(simulate(layers))].map(entry => entry.path).sort()).toEqual(['a', 'b']);
	});
});
