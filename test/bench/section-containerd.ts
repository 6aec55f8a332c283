import {spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import path from 'node:path';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {type Report} from '../../source/analysis/report.js';
import {type BenchLog} from './bench-log.js';
import {cliPath, tool} from './commands.js';
import {type Command, measureInRounds, type Measurement} from './measure.js';

/** A Docker root with the containerd image store to time: LAYERSCOPE_BENCH_C8D_ROOT, else the corpus's, if present. */
export function containerdBenchRoot(): string | undefined {
	const candidates = [process.env['LAYERSCOPE_BENCH_C8D_ROOT'], '/var/lib/docker-c8d'].filter((candidate): candidate is string => Boolean(candidate));
	return candidates.find(candidate => existsSync(path.join(candidate, 'containerd/daemon/io.containerd.metadata.v1.bolt/meta.db')));
}

const environment = () => {
	const env = {...process.env};
	delete env['CI'];
	return env;
};

function cli(id: string, label: string, args: string[]): Command {
	return {id, label, program: process.execPath, args: [cliPath, ...args], env: environment()};
}

function json<T>(args: string[]): T {
	const result = spawnSync(process.execPath, [cliPath, ...args], {env: environment(), maxBuffer: 1 << 30, encoding: 'utf8'});
	if (result.status !== 0) throw new Error(`layerscope ${args.join(' ')}: ${result.stderr.trim()}`);
	return JSON.parse(result.stdout) as T;
}

/**
 * Section C, Docker's containerd image store: the disk overview against `du -s` of the root, and the largest image
 * (read from its gzip content blobs) against `gzip -dc` of those blobs.
 */
export async function benchContainerd(root: string, runs: number, log: BenchLog): Promise<Measurement[]> {
	log.step(`input C: the containerd image store in ${root}`);
	const disk = json<DiskReport>(['--root', root, '--json', '-']);
	const largest = disk.images.filter(image => !image.intermediate && image.repoTags.length > 0).sort((a, b) => b.sizeBytes - a.sizeBytes)[0];
	const planned = [
		cli('c.disk', `layerscope --root (disk overview, ${disk.images.length} images)`, ['--root', root, '--json', '/dev/null']),
		tool('c.du', 'du -s of the root', 'du', ['-s', root]),
	];
	if (largest) {
		const image = json<Report>(['--root', root, largest.id, '--json', '-']);
		const base = path.join(root, 'containerd/daemon/io.containerd.content.v1.content/blobs/sha256');
		const blobs = image.layers.filter(layer => layer.digest).map(layer => path.join(base, layer.digest!.slice(7)));
		const gzip = image.layers.every(layer => layer.mediaType?.endsWith('gzip'));
		log.detail(`input C image: ${largest.repoTags[0]} (${Math.round(largest.sizeBytes / 1e6)} MB, ${blobs.length} ${gzip ? 'gzip' : 'plain or mixed'} layers)`);
		planned.push(
			cli('c.image', `layerscope --root IMAGE --json (${largest.repoTags[0]})`, ['--root', root, largest.id, '--json', '/dev/null']),
			// The floor: decompressing gzip blobs, else hashing the plain ones (as for input A).
			gzip
				? tool('c.floor', 'gzip -dc (its layer blobs, in turn)', 'gzip', ['-dc', ...blobs])
				: tool('c.floor', 'openssl dgst -sha256 (its layer blobs)', 'openssl', ['dgst', '-sha256', ...blobs]),
		);
	}

	return measureInRounds(planned, runs, log);
}
