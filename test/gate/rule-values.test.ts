import {describe, expect, it} from 'vitest';
import {compileGlob} from '../../source/analysis/path-glob.js';
import {isDisabled, parseDiveRatio, parseGrowth, parseShare} from '../../source/gate/rule-values.js';
import {readRuleSetting, withSetting} from '../../source/gate/settings.js';
import {parseSize} from '../../source/gate/size-units.js';

describe('sizes, read as dive reads highestWastedBytes (go-humanize)', () => {
	it.each([
		['20MB', 20_000_000], ['20Mb', 20_000_000], ['20mb', 20_000_000], ['20M', 20_000_000],
		['1B', 1], ['0', 0], ['50kB', 50_000], ['50KB', 50_000], ['50 kB', 50_000], ['1,000kB', 1_000_000],
		['1GB', 1e9], ['2TB', 2e12],
		['512KiB', 512 * 1024], ['20MiB', 20 * 1024 ** 2], ['1GiB', 1024 ** 3], ['1gib', 1024 ** 3], ['3Ki', 3 * 1024],
		// dive converts to a whole number of bytes by cutting off the fraction
		['1.5kB', 1500], ['0.0015kB', 1], ['1.9999B', 1],
	])('%s is %d bytes', (text, bytes) => {
		expect(parseSize(text)).toBe(bytes);
	});

	it.each(['', 'MB', '20QB', '-5MB', '1e6', '20 M B', '1.2.3kB', 'disabled'])('%j is not a size', text => {
		expect(parseSize(text)).toBeUndefined();
	});
});

describe('the other threshold forms', () => {
	it('turns a rule off with dive\'s words, in any case, and with an empty value', () => {
		for (const text of ['disabled', 'DISABLED', ' off ', 'false', '']) expect(isDisabled(text)).toBe(true);
		for (const text of ['0', 'no', 'none', '0.9']) expect(isDisabled(text)).toBe(false);
	});

	it('reads dive\'s ratios from 0 to 1 and refuses the rest, as dive does', () => {
		expect(parseDiveRatio('0.9')).toEqual({ok: true, value: 0.9});
		expect(parseDiveRatio('1')).toEqual({ok: true, value: 1});
		expect(parseDiveRatio('.5')).toEqual({ok: true, value: 0.5});
		expect(parseDiveRatio('1.01')).toMatchObject({ok: false, problem: '1.01 is outside the allowed range 0 to 1'});
		expect(parseDiveRatio('90%')).toMatchObject({ok: false, problem: '"90%" is not a number'});
		expect(parseDiveRatio('NaN')).toMatchObject({ok: false});
	});

	it('reads layerscope\'s shares as a ratio or a percent, and refuses a bare number above 1', () => {
		expect(parseShare('0.05')).toEqual({ok: true, value: 0.05});
		expect(parseShare('5%')).toEqual({ok: true, value: 0.05});
		expect(parseShare('100%')).toEqual({ok: true, value: 1});
		expect(parseShare('5')).toMatchObject({ok: false, problem: '5 is not a ratio from 0 to 1 (write 5% for a percent)'});
		expect(parseShare('150%')).toMatchObject({ok: false});
	});

	it('reads growth as a size or a percent of the baseline', () => {
		expect(parseGrowth('10%')).toEqual({ok: true, value: {percent: 10}});
		expect(parseGrowth('5MB')).toEqual({ok: true, value: {bytes: 5_000_000}});
		expect(parseGrowth('0')).toEqual({ok: true, value: {bytes: 0}});
		expect(parseGrowth('-1%')).toMatchObject({ok: false});
		expect(parseGrowth('lots')).toMatchObject({ok: false});
	});
});

describe('path globs on the final view', () => {
	const cases: Array<[string, string[], string[]]> = [
		['**/*.pem', ['/etc/ssl/server.pem', '/server.pem', '/app/.hidden.pem'], ['/etc/ssl/server.pem.bak', '/etc/pem']],
		['*.pem', ['/a/b/c.pem', '/c.pem'], ['/a/b/c.pemx']],
		['**/.git/**', ['/src/.git', '/src/.git/config', '/.git/objects/ab/cdef'], ['/src/.gitignore', '/src/git/config']],
		['/root/.ssh/**', ['/root/.ssh', '/root/.ssh/id_rsa'], ['/home/root/.ssh/id_rsa', '/root/.sshd']],
		['/app/*', ['/app/tool.bin', '/app/conf'], ['/app', '/app/conf/version']],
		['/etc/pass?d', ['/etc/passwd'], ['/etc/passwdd', '/etc/pass/d']],
		['**/*.{pem,key}', ['/tls/a.pem', '/tls/a.key'], ['/tls/a.crt']],
		['/id_[rd]sa', ['/id_rsa', '/id_dsa'], ['/id_esa']],
		['/id_[!r]sa', ['/id_dsa'], ['/id_rsa', '/id_/sa']],
		['/opt/**/new.txt', ['/opt/new.txt', '/opt/tree/new.txt', '/opt/a/b/new.txt'], ['/opt/tree/new.txt/x']],
		['/a+b(1).txt', ['/a+b(1).txt'], ['/aab1.txt']],
	];

	for (const [pattern, matching, other] of cases) {
		it(`${pattern} matches ${matching.join(' ')} and not ${other.join(' ')}`, () => {
			const glob = compileGlob(pattern);
			for (const path of matching) expect(glob.matches(path), path).toBe(true);
			for (const path of other) expect(glob.matches(path), path).toBe(false);
		});
	}
});

describe('a rule\'s value as YAML or a flag gives it', () => {
	it('numbers and strings alike; false and disabled turn a rule off, as in dive', () => {
		expect(readRuleSetting('maxLayers', 12)).toEqual({ok: true, value: {key: 'maxLayers', threshold: 12}});
		expect(readRuleSetting('maxLayers', '12')).toEqual({ok: true, value: {key: 'maxLayers', threshold: 12}});
		expect(readRuleSetting('lowestEfficiency', false)).toEqual({ok: true, value: {key: 'lowestEfficiency', threshold: undefined}});
		expect(readRuleSetting('highestWastedBytes', 'Disabled')).toEqual({ok: true, value: {key: 'highestWastedBytes', threshold: undefined}});
		expect(readRuleSetting('lowestEfficiency', true)).toMatchObject({ok: false, problem: '"true" is not a number'});
		expect(readRuleSetting('maxLayers', null)).toMatchObject({ok: false, problem: 'has no value (write disabled to turn the rule off)'});
		expect(readRuleSetting('maxLayers', {a: 1})).toMatchObject({ok: false, problem: 'must be a single value, not a list or a map'});
	});

	it('forbiddenPaths: a list, a single glob, or disabled', () => {
		expect(readRuleSetting('forbiddenPaths', ['**/*.pem', '/root/.ssh/**'])).toEqual({ok: true, value: {key: 'forbiddenPaths', threshold: ['**/*.pem', '/root/.ssh/**']}});
		expect(readRuleSetting('forbiddenPaths', '**/*.pem')).toEqual({ok: true, value: {key: 'forbiddenPaths', threshold: ['**/*.pem']}});
		expect(readRuleSetting('forbiddenPaths', ['disabled'])).toEqual({ok: true, value: {key: 'forbiddenPaths', threshold: undefined}});
		expect(readRuleSetting('forbiddenPaths', ['**/*.pem', ''])).toMatchObject({ok: false});
		expect(readRuleSetting('forbiddenPaths', [3])).toMatchObject({ok: false});
	});

	it('a later setting replaces an earlier one; a disabled one removes it', () => {
		const rules = withSetting(withSetting({lowestEfficiency: 0.9}, {key: 'maxLayers', threshold: 3}), {key: 'lowestEfficiency', threshold: undefined});
		expect(rules).toEqual({maxLayers: 3});
		expect(withSetting(rules, {key: 'maxLayers', threshold: 30})).toEqual({maxLayers: 30});
	});
});
