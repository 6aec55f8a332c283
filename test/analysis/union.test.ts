import {describe, expect, it} from 'vitest';
import {classifyChange} from '../../source/analysis/changes.js';
import {simulate} from '../../source/analysis/simulate.js';
import {unionListLines} from '../../source/output/union-list.js';
import {dir, file, hardlink, node, opaque, symlink, whiteout} from '../helpers/entries.js';

const listing = (layers: Parameters<typeof simulate>[0], upTo?: number) =>
	unionListLines(simulate(layers, upTo).view).slice(1).map(line => line.split('\t').slice(0, 2).join(' '));

describe('the union view', () => {
	it('applies a layer\'s whiteouts to the layers below, wherever they sit in the tar', () => {
		const layers = [
			[dir('etc'), file('etc/a', 'old'), file('etc/b', 'b')],
			[file('etc/a', 'new'), whiteout('etc/a'), whiteout('etc/b')],
		];
		expect(listing(layers)).toEqual(['/etc d', '/etc/a f']);
		const {view} = simulate(layers);
		expect(view.get('etc/a')?.layer).toBe(1);
	});

	it('keeps what an opaque directory\'s own layer adds, in any order, and hides the rest', () => {
		const layers = [
			[dir('var'), file('var/old', 'x'), dir('var/sub'), file('var/sub/deep', 'y')],
			[dir('var'), file('var/new', 'z'), opaque('var')],
		];
		expect(listing(layers)).toEqual(['/var d', '/var/new f']);
	});

	it('drops a directory\'s whole subtree when a file or symlink replaces it, with no whiteout', () => {
		const layers = [
			[dir('app'), dir('app/lib'), file('app/lib/x.so', 'binary')],
			[file('app', 'now a file')],
			[dir('app'), file('app/y', 'dir again')],
		];
		expect(listing(layers, 1)).toEqual(['/app f']);
		expect(listing(layers)).toEqual(['/app d', '/app/y f']);
	});

	it('never follows a symlink: a directory entry replaces a lower symlink, as in overlay', () => {
		const layers = [
			[dir('usr'), dir('usr/lib'), symlink('lib', 'usr/lib')],
			[dir('lib'), file('lib/libc.so', 'c')],
		];
		expect(listing(layers)).toEqual(['/lib d', '/lib/libc.so f', '/usr d', '/usr/lib d']);
	});

	it('implies missing parent directories and replaces a file that stands in the way', () => {
		const layers = [[file('opt', 'file')], [file('opt/tool/bin', 'exe')]];
		expect(listing(layers)).toEqual(['/opt d', '/opt/tool d', '/opt/tool/bin f']);
	});

	it('gives hard links one set of bytes, including a link to a file of a lower layer', () => {
		const layers = [
			[dir('bin'), file('bin/busybox', 'bb', 0o755)],
			[hardlink('bin/sh', 'bin/busybox'), hardlink('bin/ls', 'bin/busybox')],
		];
		const lines = unionListLines(simulate(layers).view).slice(1);
		expect(lines).toEqual([
			'/bin\td\t0\t0755\t0\t0\t1\t',
			'/bin/busybox\tf\t2\t0755\t0\t0\t3\t',
			'/bin/ls\tf\t2\t0755\t0\t0\t3\t',
			'/bin/sh\tf\t2\t0755\t0\t0\t3\t',
		]);
	});

	it('ignores a whiteout for a path that is not there, and AUFS metadata names', () => {
		const layers = [[file('a', '1')], [whiteout('missing/deep'), file('.wh..wh.plnk/x', ''), whiteout('nope')]];
		expect(listing(layers)).toEqual(['/a f']);
	});

	it('lets the later of two entries for one path in one layer win, with a warning', () => {
		const {view, outcomes} = simulate([[file('x', 'first'), file('x', 'second')]]);
		expect(view.get('x')?.copy?.entry.size).toBe(6);
		expect(outcomes[0]!.warnings.join()).toMatch(/twice/);
	});

	it('lists devices, fifos and special mode bits the way the --list contract says', () => {
		const sticky = {...dir('tmp'), mode: 0o1777};
		const setuid = {...file('su', 'x'), mode: 0o4755};
		const lines = unionListLines(simulate([[sticky, setuid, node('null', 'char'), node('pipe', 'fifo')]]).view);
		expect(lines).toEqual([
			'#path\ttype\tsize\tmode\tuid\tgid\tnlink\ttarget',
			'/null\tc\t0\t0644\t0\t0\t1\t',
			'/pipe\tp\t0\t0644\t0\t0\t1\t',
			'/su\tf\t1\t04755\t0\t0\t1\t',
			'/tmp\td\t0\t01777\t0\t0\t1\t',
		]);
	});

	it('escapes control bytes and backslashes in listed names, and sorts bytewise', () => {
		const lines = unionListLines(simulate([[file('b\u001B[31m', ''), file('a\\z', ''), file('\u00e9', '')]]).view);
		expect(lines.slice(1).map(line => line.split('\t')[0])).toEqual(['/a\\x5cz', '/b\\x1b[31m', '/\u00e9']);
	});
});

describe('per-layer changes', () => {
	it('tells added, content-modified, metadata-only and removed apart', () => {
		const layers = [
			[file('same', 'content'), file('edit', 'v1'), file('gone', 'x'), symlink('link', 'a')],
			[{...file('same', 'content'), mode: 0o755}, file('edit', 'v2'), whiteout('gone'), symlink('link', 'b'), file('fresh', 'n')],
		];
		const {outcomes} = simulate(layers);
		const kinds = Object.fromEntries(outcomes[1]!.changes.map(change => [change.path, classifyChange(change)]));
		expect(kinds).toEqual({same: 'metadataOnly', edit: 'modified', gone: 'removed', link: 'modified', fresh: 'added'});
	});

	it('counts a path removed by a whiteout and put back by the same layer as one modification', () => {
		const {outcomes} = simulate([[file('f', 'a')], [whiteout('f'), file('f', 'b')]]);
		expect(outcomes[1]!.changes.map(change => [change.path, change.kind])).toEqual([['f', 'modified']]);
	});

	it('does not list a directory that a layer only carries for its children', () => {
		const {outcomes} = simulate([[dir('etc'), file('etc/a', '1')], [dir('etc'), file('etc/b', '2')]]);
		expect(outcomes[1]!.changes.map(change => change.path)).toEqual(['etc/b']);
	});
});
