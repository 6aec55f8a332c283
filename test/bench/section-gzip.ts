import {type GzipOciFacts, warmPageCache} from './bench-inputs.js';
import {type BenchLog} from './bench-log.js';
import {layerscope, tool} from './commands.js';
import {measureInRounds, type Measurement} from './measure.js';

/** Section 3: the gzip OCI archive, where decompression is the floor: layerscope against `gzip -dc` of every layer. */
export async function benchGzip(inputB: GzipOciFacts, runs: number, log: BenchLog): Promise<Measurement[]> {
	log.step(`input B: warming the page cache with ${inputB.path} and its blobs`);
	warmPageCache(inputB.path);
	for (const blob of inputB.blobs) warmPageCache(blob.file);
	log.step(`input B: ${runs} round(s) of layerscope --json and gzip -dc`);
	return measureInRounds([
		layerscope('b.analysis', 'layerscope --json (full analysis)', inputB.path, 'json'),
		// One gzip process decompresses the layers one after another, as layerscope reads them.
		tool('b.gzip', 'gzip -dc (every layer blob, in turn)', 'gzip', ['-dc', ...inputB.blobs.map(blob => blob.file)]),
	], runs, log);
}
