import {readFileSync} from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import {describe, expect, it} from 'vitest';
import {type CliResult, projectRoot, runCliAsync} from '../helpers/cli.js';
import {diveFixtures, listingLines, ownFixture, ownFixtures, sourceArguments} from '../helpers/fixtures.js';
import {makeDockerArchive, temporaryDirectory, writeTemporary} from '../helpers/make-tar.js';
import {reportFor, spawnsTheCli} from '../helpers/report.js';

// ajv is CommonJS: under nodenext the default import is its module.exports, whose `default` is the Ajv class.
const Ajv = AjvModule.default;
const schema: unknown = JSON.parse(readFileSync(path.join(projectRoot, 'schema', 'report.schema.json'), 'utf8'));
const validateReport = new Ajv({allErrors: true}).compile(schema as object);

const demo = ownFixture('demo.docker-legacy.tar');
const escape = 0x1b;

let demoSummary: Promise<CliResult> | undefined;
/** The demo's text summary, run once for the tests that read it. */
const summaryOfDemo = () => (demoSummary ??= runCliAsync(sourceArguments(demo)));

describe('the JSON report', spawnsTheCli, () => {
	for (const image of [...ownFixtures, ...diveFixtures]) {
		it(`${image.label}: valid by schema/report.schema.json`, async () => {
			validateReport(await reportFor(sourceArguments(image)));
			expect(validateReport.errors ?? []).toEqual([]);
		});
	}

	it('the schema refuses what it should: an unknown layout, a missing section', async () => {
		const report = await reportFor(sourceArguments(demo));
		expect(validateReport({...report, source: {...report.source, layout: 'tarball'}})).toBe(false);
		const {findings: _, ...withoutFindings} = report;
		expect(validateReport(withoutFindings)).toBe(false);
	});

	it('--json PATH writes the same document that --json - prints', async () => {
		const file = path.join(temporaryDirectory(), 'report.json');
		const [written, printed] = await Promise.all([
			runCliAsync([...sourceArguments(demo), '--json', file]), runCliAsync([...sourceArguments(demo), '--json', '-']),
		]);
		expect(written.code, written.stderr).toBe(0);
		expect(written.stdout).toBe('');
		expect(readFileSync(file, 'utf8')).toBe(printed.stdout);
	});
});

describe('the text summary, without --json and without a terminal', spawnsTheCli, () => {
	it('goes to stdout: the image, its efficiency and the largest finding first', async () => {
		const summary = await summaryOfDemo();
		expect(summary.code, summary.stderr).toBe(0);
		expect(summary.stdout).toMatch(/^Image {6}layerscope\/demo:latest /);
		expect(summary.stdout).toContain('Efficiency 78.2 %');
		expect(summary.stdout).toMatch(/\nFindings \(11, in 9 groups by cause, largest first\):\n +164 kB +deleted +layer 3 \(RUN rm -rf \/app\/cache\) deleted 1 file that layer 2 .*, under \/app\/cache\n +path: \/app\/cache\n +hint: /);
	});

	it('never writes the ESC byte of the demo\'s /app/esc\\x1b[31mred; --list shows it as \\x1b', async () => {
		expect((await summaryOfDemo()).stdoutBytes.includes(escape)).toBe(false);
		const list = await runCliAsync([...sourceArguments(demo), '--list']);
		expect(list.stdoutBytes.includes(escape)).toBe(false);
		expect(listingLines(list.stdoutBytes)).toContain('/app/esc\\x1b[31mred\tf\t0\t0644\t0\t0\t1\t');
	});

	it('escapes ESC in the names it does print: a finding\'s path, a build step, a warning', async () => {
		const colourName = 'esc\u001B[31mred';
		const archive = await makeDockerArchive([{
			tags: ['escapes:1'],
			layers: [
				[{name: 'app/', type: 'directory'}, {name: `app/${colourName}`, content: 'x'.repeat(4000)}],
				[{name: `app/.wh.${colourName}`, content: ''}, {name: 'app/twice\u001B[1m', content: 'a'}, {name: 'app/twice\u001B[1m', content: 'b'}],
			],
			history: [{created_by: 'ADD rootfs'}, {created_by: '/bin/sh -c printf "\u001B[2J" && rm /app/esc*'}],
		}]);
		const summary = await runCliAsync(['--tar', writeTemporary('escapes.tar', archive)]);
		expect(summary.code, summary.stderr).toBe(0);
		expect(summary.stdoutBytes.includes(escape)).toBe(false);
		expect(summary.stdout).toMatch(/deleted .* under \/app\/esc\\x1b\[31mred\n/);
		expect(summary.stdout).toContain('RUN printf "\\x1b[2J" && rm /app/esc*');
		expect(summary.stdout).toContain('app/twice\\x1b[1m appears twice in one layer');
	});
});
