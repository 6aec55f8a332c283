import {describe, expect, it} from 'vitest';
import {describeGroup, groupFindings} from '../../source/analysis/finding-groups.js';
import {hintRowFor, hintTable} from '../../source/analysis/hints.js';
import {type WasteClass} from '../../source/analysis/model.js';
import {buildReport} from '../../source/analysis/report.js';
import {simulate} from '../../source/analysis/simulate.js';
import {type Finding} from '../../source/analysis/waste.js';
import {dir, file, whiteout} from '../helpers/entries.js';

describe('the hint table: each row is right for the paths it covers', () => {
	const cases: Array<{row: string; class: WasteClass; path: string; hiddenBy?: string; says: RegExp}> = [
		{row: 'apt', class: 'deleted', path: '/var/lib/apt/lists', says: /apt-get clean && rm -rf \/var\/lib\/apt\/lists\/\*/},
		{row: 'apt', class: 'deleted', path: '/var/cache/apt/archives/curl_8.0_amd64.deb', says: /apt-get clean/},
		{row: 'apt', class: 'overwritten', path: '/var/cache/apt/pkgcache.bin', says: /apt-get clean/},
		{row: 'apk', class: 'deleted', path: '/var/cache/apk/APKINDEX.tar.gz', says: /apk add --no-cache/},
		{row: 'dnf', class: 'deleted', path: '/var/cache/dnf', says: /dnf clean all/},
		{row: 'dnf', class: 'deleted', path: '/var/cache/yum/x86_64', says: /yum clean all/},
		{row: 'pip', class: 'deleted', path: '/root/.cache/pip/wheels/ab.whl', says: /--no-cache-dir/},
		{row: 'pip', class: 'deleted', path: '/home/app/.cache/pip', says: /--no-cache-dir/},
		{row: 'node', class: 'deleted', path: '/root/.npm/_cacache', says: /npm cache clean --force/},
		{row: 'node', class: 'overwritten', path: '/usr/local/share/.cache/yarn/v6/x.tgz', says: /yarn cache clean/},
		{row: 'go', class: 'deleted', path: '/root/.cache/go-build/ab/cd', says: /go clean -cache -modcache/},
		{row: 'go', class: 'deleted', path: '/go/pkg/mod/cache', says: /go clean/},
		{row: 'git', class: 'deleted', path: '/src/app/.git', says: /\.dockerignore/},
		{row: 'git', class: 'metadataOnly', path: '/src/.git/objects/pack/p.pack', hiddenBy: 'RUN chmod -R 755 /src', says: /\.dockerignore/},
		{row: 'copy-up', class: 'metadataOnly', path: '/data/big.bin', hiddenBy: 'RUN chmod -R 755 /data', says: /COPY --chown\/--chmod/},
		{row: 'copy-up', class: 'metadataOnly', path: '/app/x', hiddenBy: '/bin/sh -c chown app /app/x', says: /COPY --chown/},
		{row: 'added-then-deleted', class: 'deleted', path: '/tmp/build/out.o', says: /multi-stage build/},
		{row: 'metadata-only', class: 'metadataOnly', path: '/app/x', hiddenBy: 'RUN cp /a /app/x', says: /only its metadata changed/},
		{row: 'rewritten', class: 'overwritten', path: '/etc/app.conf', says: /write the final version once/},
		{row: 'same-content', class: 'duplicate', path: '/a/lib.so', says: /hard-link or delete/},
	];

	it.each(cases)('$path ($class) → $row', ({row, class: wasteClass, path, hiddenBy, says}) => {
		const found = hintRowFor({class: wasteClass, path, ...(hiddenBy === undefined ? {} : {hiddenBy})});
		expect(found.id).toBe(row);
		expect(found.hint).toMatch(says);
	});

	it('has a case above for every row', () => {
		expect(new Set(cases.map(item => item.row))).toEqual(new Set(hintTable.map(row => row.id)));
	});

	it('gives pkgcache.bin the apt hint that removes it, not only the lists', () => {
		expect(hintRowFor({class: 'deleted', path: '/var/cache/apt/pkgcache.bin'}).hint).toContain('apt-get clean');
	});
});

const finding = (change: Partial<Finding> & Pick<Finding, 'class' | 'path' | 'bytes'>): Finding => ({files: 1, storedInLayer: 0, hiddenInLayer: 1, ...change});

describe('findings grouped by cause', () => {
	it('makes a chmod -R over many files one group under their directory, its bytes the sum', () => {
		const chmod = 'RUN chmod -R 755 /data';
		const findings = Array.from({length: 9412}, (_, index) => finding({
			class: 'metadataOnly', path: `/data/${index % 7}/file-${index}`, bytes: 36_125, storedInLayer: 3, hiddenInLayer: 7, hiddenBy: chmod,
		}));
		const [group, ...others] = groupFindings(findings);
		expect(others).toEqual([]);
		expect(group).toMatchObject({class: 'metadataOnly', count: 9412, bytes: 9412 * 36_125, storedIn: 3, removedIn: 7, directory: '/data', rule: 'copy-up'});
		expect(describeGroup(group!)).toBe('layer 7 (RUN chmod -R 755 /data) stored 9,412 files of layer 3 again with new metadata only, 340 MB, under /data');
	});

	it('keeps apt caches apart from other files deleted by the same step, so each group\'s hint fits it', () => {
		const groups = groupFindings([
			finding({class: 'deleted', path: '/var/lib/apt/lists', bytes: 40_000_000, files: 30, storedInLayer: 1, hiddenInLayer: 2}),
			finding({class: 'deleted', path: '/var/cache/apt/archives', bytes: 9_000_000, files: 12, storedInLayer: 1, hiddenInLayer: 2}),
			finding({class: 'deleted', path: '/tmp/build', bytes: 5_000_000, files: 4, storedInLayer: 1, hiddenInLayer: 2}),
		]);
		expect(groups.map(group => [group.rule, group.bytes, group.count, group.directory])).toEqual([
			['apt', 49_000_000, 42, '/var'],
			['added-then-deleted', 5_000_000, 4, '/tmp/build'],
		]);
	});

	it('puts every finding in exactly one group, largest first', () => {
		const findings = [
			finding({class: 'overwritten', path: '/etc/a', bytes: 10}),
			finding({class: 'overwritten', path: '/etc/b', bytes: 30, storedInLayer: 2, hiddenInLayer: 3}),
			finding({class: 'duplicate', path: '/x/one', paths: ['/x/one', '/y/two'], layers: [0, 2], bytes: 20, files: 2}),
		];
		const groups = groupFindings(findings);
		expect(groups.flatMap(group => group.findings).sort()).toEqual([0, 1, 2]);
		expect(groups.map(group => group.bytes)).toEqual([30, 20, 10]);
		expect(groups[1]).toMatchObject({class: 'duplicate', storedIn: 2, removedIn: null, directory: '/'});
	});

	it('adds up, in a real report, to the retained bytes plus the duplicate bytes', () => {
		const layers = [
			[dir('data'), file('data/big', 'x'.repeat(1000)), file('data/conf', 'abc'), file('data/mode', 'm'.repeat(50))],
			[file('data/conf', 'abcd'), {...file('data/mode', 'm'.repeat(50)), mode: 0o600}],
			[whiteout('data/big')],
		];
		const simulation = simulate(layers);
		const report = buildReport({
			version: 'test', source: {path: 'x', layout: 'oci', compression: 'none', images: 1},
			image: {references: [], id: 'sha256:0', digests: [], config: {}},
			layerFacts: layers.map(() => ({compression: 'none', inArchive: true, uncompressedBytes: 0})), layers,
			history: [], simulation, baseImage: {layers: 0, method: 'flag', detail: ''}, warnings: [],
		});
		const total = report.findingGroups.reduce((sum, group) => sum + group.bytes, 0);
		expect(total).toBe(report.metrics.layerscope.retainedBytes + report.metrics.layerscope.duplicateBytes);
		expect(report.findingGroups.reduce((sum, group) => sum + group.findings.length, 0)).toBe(report.findings.length);
	});
});
