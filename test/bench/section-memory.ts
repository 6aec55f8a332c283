import {type ArchiveFacts, warmPageCache} from './bench-inputs.js';
import {type BenchLog} from './bench-log.js';
import {layerscope} from './commands.js';
import {measureInRounds, type Measurement} from './measure.js';

/** Section 4: two archives with the same entries and ten times the bytes; peak RSS should barely differ. */
export async function benchMemory(small: ArchiveFacts, large: ArchiveFacts, runs: number, log: BenchLog): Promise<Measurement[]> {
	for (const archive of [small, large]) warmPageCache(archive.path);
	log.step(`memory: ${runs} round(s) of layerscope --json on ${small.entries} entries, ${mb(small.bytes)} MB and ${mb(large.bytes)} MB`);
	return measureInRounds([
		layerscope('memory.small', `layerscope --json, ${mb(small.bytes)} MB archive`, small.path, 'json'),
		layerscope('memory.large', `layerscope --json, ${mb(large.bytes)} MB archive`, large.path, 'json'),
	], runs, log);
}

function mb(bytes: number): string {
	return Math.round(bytes / 1e6).toLocaleString('en-US');
}
