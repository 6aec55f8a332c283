import {mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {type BenchLog} from './bench-log.js';
import {layerscopeDriver} from './commands.js';
import {runOnce} from './measure.js';

export type HotFunction = {name: string; location: string; selfMs: number; share: number};

type ProfileNode = {id: number; callFrame: {functionName: string; url: string; lineNumber: number}};
type CpuProfile = {nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]};

/** Runs the analysis once under `node --cpu-prof` and ranks the main thread's functions by self time. */
export async function profileAnalysis(archive: string, directory: string, log: BenchLog, top = 15): Promise<{file: string; hot: HotFunction[]}> {
	const profileDirectory = mkdtempSync(path.join(directory, 'cpu-profile-'));
	log.step(`profiling the analysis of ${archive} (node --cpu-prof)`);
	const outcome = await runOnce(layerscopeDriver('profile', 'profile', archive, [], ['--cpu-prof', '--cpu-prof-dir', profileDirectory]));
	if (outcome.failure) throw new Error(`profiled run failed: ${outcome.failure}`);
	// One profile per thread (CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile); the main thread is 0, hashing workers follow.
	const name = readdirSync(profileDirectory).find(file => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(file));
	if (!name) throw new Error(`no main-thread .cpuprofile written in ${profileDirectory}`);
	const file = path.join(profileDirectory, name);
	return {file, hot: hottestFunctions(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top)};
}

export function hottestFunctions(profile: CpuProfile, top: number): HotFunction[] {
	const nodes = new Map(profile.nodes.map(node => [node.id, node]));
	const selfMicros = new Map<string, {name: string; location: string; micros: number}>();
	let totalMicros = 0;
	for (const [position, nodeId] of profile.samples.entries()) {
		const delta = profile.timeDeltas[position] ?? 0;
		const frame = nodes.get(nodeId)?.callFrame;
		if (!frame) continue;
		totalMicros += delta;
		const location = frame.url ? `${shortUrl(frame.url)}:${frame.lineNumber + 1}` : '';
		const key = `${frame.functionName} ${location}`;
		const entry = selfMicros.get(key) ?? {name: frame.functionName || '(anonymous)', location, micros: 0};
		entry.micros += delta;
		selfMicros.set(key, entry);
	}

	return [...selfMicros.values()]
		.sort((a, b) => b.micros - a.micros)
		.slice(0, top)
		.map(entry => ({name: entry.name, location: entry.location, selfMs: entry.micros / 1000, share: entry.micros / Math.max(1, totalMicros)}));
}

function shortUrl(url: string): string {
	const inDist = url.indexOf('/dist/');
	if (inDist !== -1) return url.slice(inDist + 1);
	return url.replace(/^file:\/\//, '');
}
