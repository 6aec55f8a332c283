import {parseArgs} from 'node:util';

export type BenchOptions = {
	/** Input A given by the user; otherwise the corpus's big.tar when ready, otherwise a generated archive. */
	input?: string;
	/** Ignore the corpus and use (or make) the generated input A. */
	generate: boolean;
	runs: number;
	out?: string;
	cacheDirectory: string;
	/** Entries of each archive of the memory test; the two differ only in bytes. */
	memoryEntries: number;
	/** Content bytes of the smaller memory-test archive; the larger has ten times as much. */
	memoryBytes: number;
	/** Also run the analysis once under --cpu-prof and print the hottest functions. */
	profile: boolean;
};

export const usage = `Usage: npm run bench -- [options]
  --input FILE          input A (a docker save archive); default: /tmp/corpus/docker-legacy/big.tar when ready,
                        else a generated ~1 GB, ~125k-entry archive in the cache directory
  --generate            use the generated input A even when the corpus archive is there
  --runs N              runs per measurement, best taken (default 3)
  --out FILE            also write the figures as JSON to FILE
  --cache-dir DIR       where generated archives are kept and reused (default /tmp/layerscope-bench)
  --memory-entries N    entries of each memory-test archive (default 20000)
  --memory-mb N         content of the smaller memory-test archive in MB; the larger has 10x (default 100)
  --profile             run the analysis of A once under --cpu-prof and list the hottest functions`;

export function parseBenchOptions(argv: string[]): BenchOptions | 'help' {
	const {values} = parseArgs({
		args: argv,
		options: {
			input: {type: 'string'},
			generate: {type: 'boolean', default: false},
			runs: {type: 'string', default: '3'},
			out: {type: 'string'},
			'cache-dir': {type: 'string', default: '/tmp/layerscope-bench'},
			'memory-entries': {type: 'string', default: '20000'},
			'memory-mb': {type: 'string', default: '100'},
			profile: {type: 'boolean', default: false},
			help: {type: 'boolean', default: false},
		},
		strict: true,
	});
	if (values.help) return 'help';
	const options: BenchOptions = {
		generate: values.generate,
		runs: positiveInteger('--runs', values.runs),
		cacheDirectory: values['cache-dir'],
		memoryEntries: positiveInteger('--memory-entries', values['memory-entries']),
		memoryBytes: positiveInteger('--memory-mb', values['memory-mb']) * 1e6,
		profile: values.profile,
	};
	if (values.input !== undefined) options.input = values.input;
	if (values.out !== undefined) options.out = values.out;
	return options;
}

function positiveInteger(name: string, text: string): number {
	const value = Number(text);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} takes a whole number from 1, not ${text}`);
	return value;
}
