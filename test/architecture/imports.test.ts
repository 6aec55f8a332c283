import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {projectRoot} from '../helpers/cli.js';

/** Every TypeScript file of the program, relative to the project root with `/`. */
function programFiles(): string[] {
	const walk = (folder: string): string[] => readdirSync(path.join(projectRoot, folder), {withFileTypes: true}).flatMap(entry => {
		const relative = `${folder}/${entry.name}`;
		if (entry.isDirectory()) return walk(relative);
		return /\.tsx?$/.test(entry.name) ? [relative] : [];
	});
	return ['cli.tsx', ...walk('source')];
}

/** What a file imports, statically, as a type only, or dynamically: bare names as they are, relative ones resolved. */
function importsOf(file: string): string[] {
	const text = readFileSync(path.join(projectRoot, file), 'utf8');
	const specifiers = [...text.matchAll(/^(?:import|export)\s[^'"]*?\sfrom\s+['"]([^'"]+)['"]|^import\s+['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/gm)]
		.map(match => match[1] ?? match[2] ?? match[3]!);
	return specifiers.map(specifier => {
		if (!specifier.startsWith('.')) return specifier;
		const resolved = path.posix.join(path.posix.dirname(file), specifier).replace(/\.js$/, '');
		const candidates = [`${resolved}.ts`, `${resolved}.tsx`];
		return candidates.find(candidate => files.includes(candidate)) ?? `${resolved} (missing)`;
	});
}

const files = programFiles();
const graph = new Map(files.map(file => [file, importsOf(file)]));
const inFolder = (folder: string) => files.filter(file => file.startsWith(`source/${folder}/`));

/** The import cycles among the program's files, each as the path that closes it. */
function importCycles(): string[][] {
	const cycles: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const trail: string[] = [];
	const visit = (file: string) => {
		state.set(file, 'open');
		trail.push(file);
		for (const imported of graph.get(file) ?? []) {
			if (!graph.has(imported)) continue;
			if (state.get(imported) === 'open') cycles.push([...trail.slice(trail.indexOf(imported)), imported]);
			else if (state.get(imported) === undefined) visit(imported);
		}

		trail.pop();
		state.set(file, 'done');
	};

	for (const file of files) if (!state.has(file)) visit(file);
	return cycles;
}

function expectImports(folder: string, allowed: (imported: string) => boolean): void {
	const offending = inFolder(folder).flatMap(file => graph.get(file)!.filter(imported => !allowed(imported)).map(imported => `${file} imports ${imported}`));
	expect(offending).toEqual([]);
}

describe('the imports of the program', () => {
	it('finds every file it checks (the walk and the resolution work)', () => {
		expect(files).toContain('source/sources/image-source.ts');
		expect(graph.get('cli.tsx')).toContain('source/sources/choose-source.ts');
		expect([...graph.values()].flat().filter(imported => imported.endsWith('(missing)'))).toEqual([]);
	});

	it('form no cycle, counting type-only and dynamic imports', () => {
		expect(importCycles().map(cycle => cycle.join(' → '))).toEqual([]);
	});

	it('keep the analysis pure: its own modules and pretty-bytes, never node:, readers or faces', () => {
		expectImports('analysis', imported => imported.startsWith('source/analysis/') || imported === 'pretty-bytes');
	});

	it('keep the sources below everything else: readers import only readers, the analysis, errors and progress', () => {
		const allowed = /^source\/(sources\/|analysis\/|errors\.ts$|progress\.ts$)|^node:|^(fzstd|tar-stream)$/;
		expectImports('sources', imported => allowed.test(imported));
	});

	it('keep the view model pure: no React, Ink, file system, sources, output or faces (text wrapping is fine)', () => {
		expectImports('view-model', imported => /^source\/(view-model\/|analysis\/|progress\.ts$)|^wrap-ansi$/.test(imported));
	});

	it('keep the output formatters and the gate free of the UI and of the readers', () => {
		expectImports('output', imported => /^source\/(output\/|analysis\/|errors\.ts$)|^node:/.test(imported));
		expectImports('gate', imported => /^source\/(gate\/|output\/|analysis\/|errors\.ts$)|^node:|^yaml$/.test(imported));
	});

	it('keep the command line\'s table and what is made from it to words: no reading, no faces, no UI', () => {
		expectImports('command-line', imported => /^source\/(command-line\/|gate\/flags\.ts$|errors\.ts$|mode\.ts$|version\.ts$)|^leven$/.test(imported));
	});

	it('keep the components to rendering: no file system, no reading, no analysis runs', () => {
		expectImports('components', imported => /^source\/(components\/|view-model\/|analysis\/|progress\.ts$)|^(react|ink)$/.test(imported));
	});
});
