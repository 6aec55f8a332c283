import {type ArchiveFacts, warmPageCache} from './bench-inputs.js';
import {type BenchLog} from './bench-log.js';
import {layerscope, layerscopeDriver, tarListEveryLayer, tool} from './commands.js';
import {type DriverReport, parseDriverReport} from './driver-report.js';
import {measureInRounds, type Measurement, runOnce} from './measure.js';

/** Section 2: the uncompressed docker save archive against the tools that read it at disk and hash speed. */
export async function benchUncompressed(inputA: ArchiveFacts, runs: number, log: BenchLog): Promise<Measurement[]> {
	log.step(`input A: warming the page cache with ${inputA.path}`);
	warmPageCache(inputA.path);
	log.step(`input A: ${runs} round(s) of layerscope --json, layerscope --list, openssl, tar`);
	return measureInRounds([
		layerscope('a.analysis', 'layerscope --json (full analysis)', inputA.path, 'json'),
		layerscope('a.list', 'layerscope --list (union only)', inputA.path, 'list'),
		tool('a.openssl', 'openssl dgst -sha256', 'openssl', ['dgst', '-sha256', inputA.path]),
		tool('a.tar', 'tar -tvf (outer archive)', 'tar', ['-tvf', inputA.path]),
		tarListEveryLayer('a.tar-layers', 'tar -xOf | tar -tvf - (every layer)', inputA.path, inputA.layerMembers),
	], runs, log);
}

/** One extra run of the in-process driver, timing each phase of the analysis on its own clock. */
export async function phaseBreakdown(inputA: ArchiveFacts, log: BenchLog): Promise<DriverReport | undefined> {
	log.step('input A: one run of the analysis, phase by phase (in-process driver)');
	const outcome = await runOnce(layerscopeDriver('a.phases', 'phases', inputA.path, ['--phases']));
	if (outcome.failure) {
		log.detail(`phase breakdown failed: ${outcome.failure}`);
		return undefined;
	}

	return parseDriverReport(outcome.stdout);
}
