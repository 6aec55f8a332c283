import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {expect} from 'vitest';
import {projectRoot} from '../../helpers/cli.js';

const goldenDirectory = path.join(projectRoot, 'test', 'components', '__golden__');

/**
 * Compares a whole frame with its golden file in test/components/__golden__/. `UPDATE_GOLDEN=1 npm test` rewrites
 * the files; review the diff before keeping it. A missing golden fails, so a new test cannot pass unseen.
 */
export function expectGolden(name: string, frame: string): void {
	const file = path.join(goldenDirectory, `${name}.txt`);
	const text = `${frame.split('\n').map(line => line.trimEnd()).join('\n')}\n`;
	if (process.env['UPDATE_GOLDEN'] === '1') {
		mkdirSync(goldenDirectory, {recursive: true});
		writeFileSync(file, text);
		return;
	}

	expect(existsSync(file), `no golden ${name}.txt yet: run UPDATE_GOLDEN=1 npm test and review it`).toBe(true);
	expect(text).toBe(readFileSync(file, 'utf8'));
}
