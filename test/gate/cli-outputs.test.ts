import {readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import AjvModule from 'ajv';
import {XMLParser, XMLValidator} from 'fast-xml-parser';
import {describe, expect, it} from 'vitest';
import {type CliResult, projectRoot, runCliAsync} from '../helpers/cli.js';
import {ownFixture, sourceArguments} from '../helpers/fixtures.js';
import {ruleStatuses} from '../helpers/gate.js';
import {makeDockerArchive, temporaryDirectory, writeTemporary} from '../helpers/make-tar.js';
import {expectOneLineError, messageLines, spawnsTheCli} from '../helpers/report.js';

const Ajv = AjvModule.default;
const schema: unknown = JSON.parse(readFileSync(path.join(projectRoot, 'schema', 'report.schema.json'), 'utf8'));
const validateReport = new Ajv({allErrors: true}).compile(schema as object);

const demo = ownFixture('demo.docker-legacy.tar');

/**
 * On the demo image: dive's defaults (lowestEfficiency fails at 0.84759 < 0.9, highestWastedBytes is skipped,
 * highestUserWastedPercent fails), maxLayers fails (10 > 9), maxImageBytes passes, forbiddenPaths fails on a
 * name holding an escape character, and maxSizeGrowth is skipped for want of a baseline.
 */
const mixedRules = ['--max-layers', '9', '--max-image-bytes', '3MB', '--forbidden-paths', '**/esc*', '--forbidden-paths', '**/*.pem', '--max-size-growth', '5%'];
const expectedStatuses = {
	lowestEfficiency: 'fail', highestWastedBytes: 'skip', highestUserWastedPercent: 'fail',
	maxImageBytes: 'pass', maxLayers: 'fail', forbiddenPaths: 'fail', maxSizeGrowth: 'skip',
};

type Outputs = {result: CliResult; directory: string; read: (name: string) => string};
const runs = new Map<string, Promise<Outputs>>();

/** The gate on the demo with these extra arguments, run once per set of arguments, in its own directory. */
function gateOnDemo(args: string[], env: Record<string, string> = {}): Promise<Outputs> {
	const key = JSON.stringify([args, env]);
	let run = runs.get(key);
	if (!run) {
		const directory = temporaryDirectory();
		run = runCliAsync([...sourceArguments(demo), '--ci', ...args], {cwd: directory, env}).then(result => ({
			result, directory, read: (name: string) => readFileSync(path.join(directory, name), 'utf8'),
		}));
		runs.set(key, run);
	}

	return run;
}

const withFiles = () => gateOnDemo([...mixedRules, '--junit', 'gate.xml', '--markdown', 'gate.md', '--json', 'report.json']);

describe('the gate\'s outputs', spawnsTheCli, () => {
	it('the text report and the exit code are the same when files are written', async () => {
		const {result} = await withFiles();
		expect(result.code, result.stderr).toBe(1);
		expect(ruleStatuses(result.stdout)).toEqual(expectedStatuses);
		expect(result.stdout).toContain('Result: FAIL: 4 of 7 rules failed (1 passed, 2 skipped)');
	});

	it('JUnit XML: well formed, one test case per rule, counts that match, failures with the measured value', async () => {
		const {read} = await withFiles();
		const xml = read('gate.xml');
		expect(XMLValidator.validate(xml)).toBe(true);
		const parsed = new XMLParser({ignoreAttributes: false, attributeNamePrefix: '', isArray: name => name === 'testcase' || name === 'property'}).parse(xml);
		const suites = parsed.testsuites;
		const suite = suites.testsuite;
		const cases: Array<Record<string, unknown>> = suite.testcase;
		expect(cases.map(testCase => testCase['name'])).toEqual(Object.keys(expectedStatuses));
		const failed = cases.filter(testCase => 'failure' in testCase);
		const skipped = cases.filter(testCase => 'skipped' in testCase);
		expect(failed.map(testCase => testCase['name'])).toEqual(['lowestEfficiency', 'highestUserWastedPercent', 'maxLayers', 'forbiddenPaths']);
		expect(skipped.map(testCase => testCase['name'])).toEqual(['highestWastedBytes', 'maxSizeGrowth']);
		for (const element of [suites, suite]) {
			expect(element).toMatchObject({tests: '7', failures: '4', skipped: '2', errors: '0'});
		}

		const failureOf = (name: string) => (cases.find(testCase => testCase['name'] === name)!['failure'] as Record<string, string>);
		expect(failureOf('maxLayers')['message']).toBe('10; threshold 9');
		expect(failureOf('maxLayers')['#text']).toBe('the layer count 10 is above the highest allowed 9');
		expect(failureOf('lowestEfficiency')['message']).toBe('0.84759; threshold 0.9');
		// The name's ESC byte is spelt out: XML 1.0 cannot hold it, not even as a character reference.
		expect(failureOf('forbiddenPaths')['message']).toBe('1 path: /app/esc\\x1b[31mred; threshold none of **/esc*, **/*.pem');
		expect(suite.name).toBe('layerscope gate: layerscope/demo:latest');
	});

	it('JSON: the full report with the gate\'s verdicts, valid by the schema', async () => {
		const {read} = await withFiles();
		const report = JSON.parse(read('report.json'));
		validateReport(report);
		expect(validateReport.errors ?? []).toEqual([]);
		expect(report.findings).toHaveLength(11);
		expect(report.gate).toMatchObject({result: 'fail', passed: 1, failed: 4, skipped: 2});
		expect(Object.fromEntries(report.gate.rules.map((rule: {rule: string; status: string}) => [rule.rule, rule.status]))).toEqual(expectedStatuses);
		expect(report.gate.rules.find((rule: {rule: string}) => rule.rule === 'maxLayers')).toMatchObject({value: 10, limit: 9});
		expect(validateReport({...report, gate: {...report.gate, result: 'maybe'}})).toBe(false);
	});

	it('--json -: the report owns stdout and the gate\'s text goes to stderr', async () => {
		const {result} = await gateOnDemo([...mixedRules, '--json', '-']);
		expect(result.code).toBe(1);
		const report = JSON.parse(result.stdout);
		expect(report.gate.result).toBe('fail');
		expect(ruleStatuses(messageLines(result.stderr).join('\n'))).toEqual(expectedStatuses);
	});

	it('Markdown: a heading with the result, then a table with one row per rule', async () => {
		const {read} = await withFiles();
		const markdown = read('gate.md');
		expect(markdown).toMatch(/^### layerscope gate: ❌ FAIL for `layerscope\/demo:latest`\n/);
		const table = markdown.split('\n').filter(line => line.startsWith('| `'));
		expect(table).toHaveLength(7);
		expect(markdown).toContain('| Rule | Result | Measured | Threshold |\n| --- | --- | --- | --- |\n');
		expect(table).toContain('| `maxLayers` | ❌ FAIL | 10 | 9 |');
		expect(table).toContain('| `maxImageBytes` | ✅ PASS | 2.9 MB (2899945 B) | 3 MB (3000000 B) |');
		expect(table).toContain('| `highestWastedBytes` | ⏭️ SKIP | 631 kB (630796 B) | disabled |');
		expect(markdown).toContain('| 164 kB | deleted | layer 3 (RUN rm -rf /app/cache) deleted 1 file that layer 2 (RUN mkdir -p');
		expect(markdown).toContain('Largest findings by cause (5 of 9 groups)');
		for (const row of table) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
	});

	it('Markdown into $GITHUB_STEP_SUMMARY adds to what the step wrote before', async () => {
		const directory = temporaryDirectory();
		const summary = path.join(directory, 'step-summary.md');
		writeFileSync(summary, '## Build\n\nbuilt.\n');
		const result = await runCliAsync([...sourceArguments(demo), '--ci', '--markdown', summary], {cwd: directory, env: {GITHUB_STEP_SUMMARY: summary}});
		expect(result.code).toBe(1);
		expect(readFileSync(summary, 'utf8')).toMatch(/^## Build\n\nbuilt\.\n### layerscope gate: ❌ FAIL/);
	});
});

describe('GitHub Actions annotations', spawnsTheCli, () => {
	const annotations = (text: string) => text.split('\n').filter(line => line.startsWith('::'));

	it('with GITHUB_ACTIONS=true: ::error per failed rule, ::warning for the largest findings', async () => {
		const {result} = await gateOnDemo(mixedRules, {GITHUB_ACTIONS: 'true'});
		const lines = annotations(result.stdout);
		expect(lines.filter(line => line.startsWith('::error '))).toEqual([
			'::error title=layerscope%3A lowestEfficiency::dive-compatible efficiency 0.84759 is below the lowest allowed 0.9',
			'::error title=layerscope%3A highestUserWastedPercent::dive-compatible wasted share of the user layers 0.687456 is above the highest allowed 0.1',
			'::error title=layerscope%3A maxLayers::the layer count 10 is above the highest allowed 9',
			'::error title=layerscope%3A forbiddenPaths::forbidden paths in the final view: 1 path: /app/esc\\x1b[31mred',
		]);
		const warnings = lines.filter(line => line.startsWith('::warning '));
		expect(warnings).toHaveLength(3);
		expect(warnings[0]).toMatch(/^::warning title=layerscope%3A 164 kB deleted::layer 3 \(RUN rm -rf \/app\/cache\) deleted 1 file that layer 2 \(RUN mkdir .*\) stored, 164 kB, under \/app\/cache\. delete it in the same RUN/);
		expect(result.stdout).not.toContain('\u001B');
	});

	it('a ::warning for a problem found in the input, even when the gate passes', async () => {
		const archive = await makeDockerArchive([{tags: ['twice:1'], layers: [[{name: 'f', content: 'first'}, {name: 'f', content: 'second!'}]]}]);
		const result = await runCliAsync(['--tar', writeTemporary('twice.tar', archive), '--ci', '--lowest-efficiency', '0.5', '--highest-user-wasted-percent', 'disabled'], {
			cwd: temporaryDirectory(), env: {GITHUB_ACTIONS: 'true'},
		});
		expect(result.code, result.stdout).toBe(0);
		expect(annotations(result.stdout)).toEqual(['::warning title=layerscope%3A input::f appears twice in one layer; the later entry wins']);
	});

	it('none without GITHUB_ACTIONS=true', async () => {
		for (const env of [{}, {GITHUB_ACTIONS: 'false'}] as Array<Record<string, string>>) {
			const {result} = await gateOnDemo(mixedRules, env);
			expect(result.code).toBe(1);
			expect(annotations(result.stdout)).toEqual([]);
		}
	});

	it('none for a gate that passes', async () => {
		const {result} = await gateOnDemo(['--lowest-efficiency', '0.8', '--highest-user-wasted-percent', '0.7'], {GITHUB_ACTIONS: 'true'});
		expect(result.code, result.stdout).toBe(0);
		expect(annotations(result.stdout)).toEqual([]);
	});
});

describe('an output on standard output', spawnsTheCli, () => {
	it('--junit - prints the XML alone on stdout; the text goes to stderr', async () => {
		const {result} = await gateOnDemo(['--max-layers', '9', '--junit', '-']);
		expect(result.code).toBe(1);
		expect(result.stdout).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="layerscope" tests="4" failures="3" errors="0" skipped="1">\n/);
		expect(XMLValidator.validate(result.stdout)).toBe(true);
		expect(ruleStatuses(result.stderr)).toEqual({lowestEfficiency: 'fail', highestWastedBytes: 'skip', highestUserWastedPercent: 'fail', maxLayers: 'fail'});
	});

	it('--markdown - likewise, and two outputs on stdout are a usage error', async () => {
		const {result} = await gateOnDemo(['--markdown', '-']);
		expect(result.stdout).toMatch(/^### layerscope gate: ❌ FAIL/);
		const both = await gateOnDemo(['--markdown', '-', '--json', '-']);
		expect(expectOneLineError(both.result)).toBe('layerscope: only one of --json, --junit and --markdown can write to standard output (-)');
	});
});
