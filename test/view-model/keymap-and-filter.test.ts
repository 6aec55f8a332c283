import {describe, expect, it} from 'vitest';
import {singleKeys} from '../../source/view-model/key-press.js';
import {actionFor, bindingsFor, keyBarText, keymap, paneOrder} from '../../source/view-model/keymap.js';
import {compileFilter} from '../../source/view-model/tree-filter.js';

const matches = (text: string, syntax: 'regex' | 'glob', path: string) => {
	const compiled = compileFilter(text, syntax);
	if (!compiled || 'error' in compiled) throw new Error(`${text} did not compile`);
	return compiled.matcher.test(path, path.slice(path.lastIndexOf('/') + 1));
};

describe('the key map', () => {
	it('names Ctrl keys that arrive in one chunk with others, as a terminal multiplexer sends them', () => {
		expect(singleKeys('\t\u0006')).toEqual(['tab', 'ctrl-f']);
		expect(singleKeys('\u0000x\u0001')).toEqual(['ctrl-space', 'x', 'ctrl-a']);
		expect(singleKeys('ctrl-e')).toEqual(['ctrl-e']);
		expect(singleKeys('a\u001F')).toEqual(['a', 'ctrl-/']);
		expect(actionFor(keymap, 'ctrl-/', 'layers')).toBe('startFilter');
	});

	it('gives every key one meaning per pane', () => {
		for (const pane of paneOrder) {
			const seen = new Map<string, string>();
			for (const binding of bindingsFor(keymap, pane)) {
				for (const key of binding.keys) {
					expect(seen.get(key), `${key} in ${pane}`).toBeUndefined();
					seen.set(key, binding.action);
				}
			}
		}
	});

	it('lets pane keys win over global ones, and leaves unknown keys alone', () => {
		expect(actionFor(keymap, 'enter', 'tree')).toBe('open');
		expect(actionFor(keymap, 'enter', 'summary')).toBe('openFinding');
		expect(actionFor(keymap, 'enter', 'layers')).toBeUndefined();
		expect(actionFor(keymap, 'x', 'layers')).toBeUndefined();
		expect(actionFor(keymap, 'Z', 'tree')).toBeUndefined();
	});

	it('always keeps help and quit in the key bar, however narrow', () => {
		for (const pane of paneOrder) {
			for (const width of [20, 60, 100, 200]) {
				const bar = keyBarText(keymap, pane, width);
				expect(bar.endsWith('? help  q quit')).toBe(true);
				if (width >= 60) expect(bar.length).toBeLessThanOrEqual(width);
			}
		}
	});
});

describe('filters', () => {
	it('matches plain text anywhere in the path, and a regex as written', () => {
		expect(matches('lib', 'regex', '/usr/lib/x.so')).toBe(true);
		expect(matches('^/usr/lib$', 'regex', '/usr/lib/x.so')).toBe(false);
		expect(matches('\\.so$', 'regex', '/usr/lib/x.so')).toBe(true);
		expect(compileFilter('[', 'regex')).toHaveProperty('error');
		expect(compileFilter('', 'regex')).toBeUndefined();
	});

	it('matches a glob without a slash against the name, with one against the end of the path', () => {
		expect(matches('*.so', 'glob', '/usr/lib/x.so')).toBe(true);
		expect(matches('*.so', 'glob', '/usr/lib/x.so.1')).toBe(false);
		expect(matches('x.s?', 'glob', '/usr/lib/x.so')).toBe(true);
		expect(matches('lib/*.so', 'glob', '/usr/lib/x.so')).toBe(true);
		expect(matches('/usr/*.so', 'glob', '/usr/lib/x.so')).toBe(false);
		expect(matches('/usr/**/*.so', 'glob', '/usr/lib/x.so')).toBe(true);
		// The gate's globs: `**` spans names only as a whole name.
		expect(matches('/usr/**.so', 'glob', '/usr/lib/x.so')).toBe(false);
		expect(matches('*.{so,a}', 'glob', '/usr/lib/x.a')).toBe(true);
		expect(matches('[xy].so', 'glob', '/usr/lib/y.so')).toBe(true);
		expect(matches('[!xy].so', 'glob', '/usr/lib/y.so')).toBe(false);
	});
});
