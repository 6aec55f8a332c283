import {createHash} from 'node:crypto';
import {closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, realpathSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import {normalizeEntryPath} from '../../source/analysis/paths.js';
import {UserError} from '../../source/errors.js';
import {openArchive, readJson} from '../../source/sources/archive/archive-files.js';
import {blockSize, isZeroBlock, paddedSize} from '../../source/sources/layers/tar-header.js';
import {tarHeaders} from '../../source/sources/layers/tar-walk.js';
import {type BenchLog} from './bench-log.js';
import {planImage, type PlanParameters} from './image-plan.js';
import {writeDockerArchive} from './write-docker-archive.js';
import {type GzipBlob, writeOciArchive} from './write-oci-archive.js';

export type ArchiveFacts = {
	path: string;
	origin: 'given' | 'corpus' | 'generated';
	bytes: number;
	/** Layer members of the archive, in manifest order, symlinks resolved. */
	layerMembers: string[];
	entries: number;
	/** Why this input was chosen (the corpus not ready, and so on). */
	note: string;
};

export type GzipOciFacts = {path: string; bytes: number; blobs: GzipBlob[]; reused: boolean};

export const corpusBigTar = '/tmp/corpus/docker-legacy/big.tar';
const corpusLog = '/tmp/lab/corpus.out';
/** Bump when the generator's output changes, so that stale cached archives are not reused. */
const generatorVersion = 2;
const generatedA: Omit<PlanParameters, 'seed'> = {entries: 125_000, contentBytes: 1e9};

/** Input A: the archive the user named, else the corpus's big.tar if complete, else a generated one. */
export async function chooseInputA(
	options: {input?: string; generate: boolean; cacheDirectory: string}, log: BenchLog,
): Promise<ArchiveFacts> {
	if (options.input) {
		const problem = await notReadyReason(options.input);
		if (problem) throw new Error(`--input ${options.input}: ${problem}`);
		return describeArchive(options.input, 'given', 'named by --input');
	}

	if (!options.generate) {
		const problem = await notReadyReason(corpusBigTar);
		if (!problem) return describeArchive(corpusBigTar, 'corpus', corpusNote());
		log.detail(`corpus archive not used: ${corpusBigTar} ${problem}`);
	}

	const file = await generatedArchive({...generatedA, seed: 1}, options.cacheDirectory, 'docker', log);
	return describeArchive(file, 'generated', options.generate ? 'generated (--generate)' : 'generated: the corpus archive was not ready');
}

/** The two archives of the memory test: same plan (so the same entries), content scaled by ten. */
export async function memoryTestInputs(
	options: {memoryEntries: number; memoryBytes: number; cacheDirectory: string}, log: BenchLog,
): Promise<[ArchiveFacts, ArchiveFacts]> {
	const make = async (contentBytes: number) => describeArchive(
		await generatedArchive({entries: options.memoryEntries, contentBytes, seed: 2}, options.cacheDirectory, 'memory', log),
		'generated', 'memory test',
	);
	return [await make(options.memoryBytes), await make(options.memoryBytes * 10)];
}

/** A generated archive from the cache, written first if missing. */
async function generatedArchive(parameters: PlanParameters, cacheDirectory: string, kind: string, log: BenchLog): Promise<string> {
	mkdirSync(cacheDirectory, {recursive: true});
	const name = `${kind}-${parameters.entries}e-${Math.round(parameters.contentBytes / 1e6)}MB-seed${parameters.seed}-g${generatorVersion}.tar`;
	const file = path.join(cacheDirectory, name);
	if (existsSync(file)) {
		log.detail(`reusing ${file}`);
		return file;
	}

	log.detail(`generating ${file} (${parameters.entries} entries, ${Math.round(parameters.contentBytes / 1e6)} MB of content)`);
	const plan = planImage(parameters);
	let shownAt = 0;
	const written = writeDockerArchive(plan, parameters.seed, file, (done, total) => {
		if (done === shownAt || (done - shownAt < total / 10 && done < total)) return;
		shownAt = done;
		log.detail(`  written ${Math.round(done / 1e6)} of ${Math.round(total / 1e6)} MB of layers`);
	});
	log.detail(`wrote ${Math.round(written.bytes / 1e6)} MB, ${written.layers} layers, ${written.entries} entries `
		+ `(${plan.counts.whiteouts} whiteouts, ${plan.counts.opaqueDirs} opaque dirs, ${plan.counts.overwritten} overwritten, `
		+ `${plan.counts.identicalRewrites} identical rewrites, ${plan.counts.duplicates} duplicates)`);
	return file;
}

/**
 * Input B: input A as a gzip OCI archive, cached in the cache directory under a key of A's path, size and mtime;
 * a small facts file written last marks a finished conversion.
 */
export async function gzipOciFrom(inputA: ArchiveFacts, cacheDirectory: string, log: BenchLog): Promise<GzipOciFacts> {
	mkdirSync(cacheDirectory, {recursive: true});
	const stats = statSync(inputA.path);
	const key = createHash('sha256').update(`${realpathSync(inputA.path)} ${stats.size} ${stats.mtimeMs}`).digest('hex').slice(0, 12);
	const base = path.join(cacheDirectory, `${path.basename(inputA.path, '.tar')}-${key}`);
	const factsFile = `${base}.oci.json`;
	const cached = readCachedOci(factsFile);
	if (cached) {
		log.detail(`reusing ${cached.path}`);
		return {...cached, reused: true};
	}

	log.detail(`building ${base}.oci.tar from ${inputA.path} (gzip -6 with node:zlib, one layer per core)`);
	const built = await writeOciArchive(inputA.path, `${base}.oci.tar`, `${base}.oci-blobs`, (done, total) => {
		log.detail(`  compressed layer ${done} of ${total}`);
	});
	const facts = {path: built.path, bytes: built.bytes, blobs: built.layers};
	writeFileSync(factsFile, `${JSON.stringify(facts, null, 2)}\n`);
	return {...facts, reused: false};
}

function readCachedOci(factsFile: string): Omit<GzipOciFacts, 'reused'> | undefined {
	try {
		const facts = JSON.parse(readFileSync(factsFile, 'utf8')) as Omit<GzipOciFacts, 'reused'>;
		const complete = statSync(facts.path).size === facts.bytes && facts.blobs.every(blob => statSync(blob.file).size === blob.bytes);
		return complete ? facts : undefined;
	} catch {
		return undefined;
	}
}

/**
 * Why an archive cannot be used yet, or undefined when it can: it must exist, stop growing, and hold a complete
 * tar with a manifest.json (`docker save` writes that last).
 */
export async function notReadyReason(file: string): Promise<string | undefined> {
	if (!existsSync(file)) return 'does not exist';
	const before = statSync(file);
	await sleep(1000);
	const after = statSync(file);
	if (before.size !== after.size || before.mtimeMs !== after.mtimeMs) return 'is still being written (it grew during a 1 s check)';
	try {
		// Walked first, so that a compressed file is refused here rather than decompressed by openArchive.
		const {endMarker} = scanTar(file);
		if (!endMarker.found) return `is incomplete (no end-of-archive block at byte ${endMarker.at})`;
		const files = await openArchive(file);
		const hasManifest = files.has('manifest.json');
		files.close();
		return hasManifest ? undefined : 'has no manifest.json (not a docker save archive, or not finished)';
	} catch (error) {
		const message = error instanceof UserError ? error.message.replace(`${file}: `, '') : (error as Error).message;
		if (error instanceof UserError && /\btruncated\b/.test(message)) return `is incomplete (${message})`;
		return `cannot be read (${message})`;
	}
}

export async function describeArchive(file: string, origin: ArchiveFacts['origin'], note: string): Promise<ArchiveFacts> {
	const files = await openArchive(file);
	try {
		const [image] = readJson(files, 'manifest.json') as Array<{Layers?: string[]}>;
		const layers = image?.Layers ?? [];
		// Named as the file they lead to, because `docker save` stores a repeated layer as a symlink to the first copy,
		// which `tar -xO` would not follow: openArchive follows it, and the data offset names the file it reached.
		const {fileAt} = scanTar(file);
		const layerMembers = layers.map(layer => {
			const member = fileAt.get(files.range(layer).start);
			if (member === undefined) throw new Error(`${file}: ${layer} leads to no regular file`);
			return member;
		});
		let entries = 0;
		for (const layer of layers) for (const _ of tarHeaders(files.range(layer))) entries++;
		return {path: file, origin, bytes: statSync(file).size, layerMembers, entries, note};
	} finally {
		files.close();
	}
}

/**
 * The regular files of an uncompressed tar by where their data starts, and whether an end-of-archive block follows
 * the last member. tarHeaders calls a tar that stops inside a member truncated, but one that stops between two
 * members (`docker save` still writing, or stopped) ends cleanly for it: only the missing end block tells.
 */
function scanTar(file: string): {fileAt: Map<number, string>; endMarker: {at: number; found: boolean}} {
	const fd = openSync(file, 'r');
	try {
		const length = fstatSync(fd).size;
		const fileAt = new Map<number, string>();
		let end = 0;
		for (const {fields, offset} of tarHeaders({fd, start: 0, length, label: file})) {
			const dataOffset = fields.dataOffset ?? offset + blockSize;
			const normalized = normalizeEntryPath(fields.name);
			if (fields.type === 'file' && normalized.ok) fileAt.set(dataOffset, normalized.path);
			end = dataOffset + paddedSize(fields.size);
		}

		const block = Buffer.alloc(blockSize);
		const found = end + blockSize <= length && readSync(fd, block, 0, blockSize, end) === blockSize && isZeroBlock(block);
		return {fileAt, endMarker: {at: end, found}};
	} finally {
		closeSync(fd);
	}
}

/** The corpus build may still be running other steps while big.tar itself is finished. */
function corpusNote(): string {
	if (!existsSync(corpusLog)) return 'corpus archive';
	const lastLine = readFileSync(corpusLog, 'utf8').trim().split('\n').at(-1) ?? '';
	return /\bexit \d+\s*$/.test(lastLine)
		? `corpus archive (corpus build finished: ${lastLine})`
		: 'corpus archive (complete and stable; the corpus build was still running other steps)';
}

/** Reads a file once so that every timed run starts with it in the page cache. */
export function warmPageCache(file: string): void {
	const fd = openSync(file, 'r');
	try {
		const chunk = Buffer.allocUnsafe(8 * 1024 * 1024);
		while (readSync(fd, chunk) > 0) continue;
	} finally {
		closeSync(fd);
	}
}
