import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {projectRoot} from '../helpers/cli.js';

const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import\s[^'"]*['"]([^'"]+)['"]/gm)].map(match => match[1]!);
const filesIn = (folder: string) => readdirSync(path.join(projectRoot, 'source', folder)).map(name => path.join(projectRoot, 'source', folder, name));

describe('the layering of the sources', () => {
	it('keeps the analysis pure: it imports only its own modules (and pretty-bytes), never node:, readers or the UI', () => {
		for (const file of filesIn('analysis')) {
			for (const imported of importsOf(file)) {
				expect(imported, `${path.basename(file)} imports ${imported}`).toMatch(/^\.\/[^/]+\.js$|^pretty-bytes$/);
			}
		}
	});
});

describe('the layering of the terminal UI', () => {
	it('keeps the view model pure: no React, no Ink, no file system, nothing from the components or sources', () => {
		for (const file of filesIn('view-model')) {
			for (const imported of importsOf(file)) {
				expect(imported, `${path.basename(file)} imports ${imported}`).not.toMatch(/^(react|ink)|^node:|\/components\/|\/sources\//);
			}
		}
	});

	it('keeps the components to rendering: no file system, no archive reading, no analysis runs', () => {
		for (const file of filesIn('components')) {
			for (const imported of importsOf(file)) {
				expect(imported, `${path.basename(file)} imports ${imported}`).not.toMatch(/^node:|\/sources\/|\/inspect\.js$|tui-session/);
			}
		}
	});
});
