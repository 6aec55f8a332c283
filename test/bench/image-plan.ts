import {posix} from 'node:path';
import {SeededRandom} from './random.js';

export type PlanParameters = {
	/** Layer entries to aim for, over all layers. */
	entries: number;
	/** File content to aim for, over all layers (the archive adds ~0.8 KB of headers and padding per entry). */
	contentBytes: number;
	seed: number;
};

/** A file's content is named by a seed; its size is fixed only when the plan is scaled to the byte target. */
export type PlannedFile = {kind: 'file'; path: string; mode: number; content: number; rawSize: number};
export type PlannedEntry =
	| PlannedFile
	| {kind: 'dir'; path: string; mode: number}
	| {kind: 'symlink'; path: string; target: string};

export type PlannedLayer = {createdBy: string; entries: PlannedEntry[]};

export type ImagePlan = {
	layers: PlannedLayer[];
	/** Multiplies every raw size: the plan's shape is the same whatever its byte target. */
	scale: number;
	counts: {whiteouts: number; opaqueDirs: number; overwritten: number; identicalRewrites: number; duplicates: number};
};

export function fileSize(plan: ImagePlan, file: PlannedFile): number {
	return Math.round(file.rawSize * plan.scale);
}

const words = ['core', 'util', 'net', 'crypto', 'xml', 'json', 'http', 'sql', 'gtk', 'perl', 'boot', 'font', 'icu', 'ssl', 'zlib', 'text'];
const extensions = ['so', 'py', 'txt', 'h', 'json', 'mo', 'gz', 'conf', 'js', 'pyc'];

/**
 * A five-layer image in the manner of `FROM debian; RUN apt-get install; COPY app; RUN cleanup; RUN chmod`, with
 * each kind of waste a real build leaves: files deleted by whiteouts, overwritten with new content, rewritten with
 * identical content by a chmod (copy-up), directories emptied by opaque markers, and the same file added twice.
 */
export function planImage(parameters: PlanParameters): ImagePlan {
	const builder = new PlanBuilder(new SeededRandom(parameters.seed), parameters.entries);
	const layers = [
		builder.baseLayer(),
		builder.packagesLayer(),
		builder.applicationLayer(),
		builder.cleanupLayer(),
		builder.chmodLayer(),
	].map(layer => ({createdBy: layer.createdBy, entries: withParentDirectories(layer.entries)}));
	const rawBytes = layers.flatMap(layer => layer.entries).reduce((sum, entry) => sum + (entry.kind === 'file' ? entry.rawSize : 0), 0);
	return {layers, scale: parameters.contentBytes / rawBytes, counts: builder.counts};
}

class PlanBuilder {
	readonly counts = {whiteouts: 0, opaqueDirs: 0, overwritten: 0, identicalRewrites: 0, duplicates: 0};
	/** The union so far, for later layers to pick what they delete or rewrite. */
	private readonly visible = new Map<string, PlannedFile>();
	private nextContent = 1;
	private nextName = 0;

	constructor(private readonly random: SeededRandom, private readonly targetEntries: number) {}

	baseLayer(): {createdBy: string; entries: PlannedEntry[]} {
		const entries = [
			...this.tree('usr/lib/x86_64-linux-gnu', this.share(0.2)),
			...this.tree('usr/share/doc', this.share(0.12)),
			...this.tree('usr/share/locale', this.share(0.08)),
			...this.tree('etc', this.share(0.02)),
			...this.tree('var/lib/dpkg/info', this.share(0.02)),
			...this.symlinks('usr/bin', this.share(0.01)),
		];
		return {createdBy: '/bin/sh -c #(nop) ADD file:rootfs.tar.xz in /', entries};
	}

	packagesLayer(): {createdBy: string; entries: PlannedEntry[]} {
		const entries: PlannedEntry[] = [
			// Picked before this layer adds anything, so that only files of earlier layers are overwritten.
			...this.overwrite(this.pickVisible(0.015)),
			...this.tree('usr/lib/python3/dist-packages', this.share(0.16)),
			...this.tree('usr/share/man', this.share(0.06)),
			...this.tree('var/cache/apt/archives', this.share(0.0004), {large: true}),
			...this.tree('var/lib/apt/lists', this.share(0.01)),
		];
		return {createdBy: '/bin/sh -c apt-get update && apt-get install -y python3 build-essential', entries};
	}

	applicationLayer(): {createdBy: string; entries: PlannedEntry[]} {
		const entries: PlannedEntry[] = [
			...this.duplicates(this.pickVisible(0.005)),
			...this.tree('app/node_modules', this.share(0.14)),
			...this.tree('app/build', this.share(0.02)),
		];
		return {createdBy: 'COPY . /app', entries};
	}

	/** `rm -rf` of caches and lists: whiteouts for single files, opaque markers for directories emptied and refilled. */
	cleanupLayer(): {createdBy: string; entries: PlannedEntry[]} {
		const entries: PlannedEntry[] = [];
		const cacheFiles = [...this.visible.values()].filter(file => file.path.startsWith('var/cache/apt/'));
		const otherVictims = this.pickVisible(0.03);
		for (const file of new Set([...cacheFiles, ...otherVictims])) entries.push(this.whiteout(file.path));
		for (const directory of ['var/lib/apt/lists', 'app/build', 'usr/share/locale']) {
			entries.push(...this.opaque(directory, 10));
		}

		return {createdBy: '/bin/sh -c apt-get clean && rm -rf /var/lib/apt/lists/* /app/build/* && npm prune', entries};
	}

	/** `chmod -R` over a part of the tree (identical content copied up) plus a few edited and new files. */
	chmodLayer(): {createdBy: string; entries: PlannedEntry[]} {
		// One pick, split in two, so that no file is both rewritten and edited in this layer.
		const picked = this.pickVisible(0.03);
		const rewritten = picked.slice(0, Math.round((picked.length * 2) / 3));
		const entries: PlannedEntry[] = rewritten.map(file => {
			this.counts.identicalRewrites++;
			return this.place({...file, mode: file.mode | 0o020});
		});
		entries.push(...this.overwrite(picked.slice(rewritten.length)), ...this.tree('etc/app', this.share(0.005)));
		return {createdBy: '/bin/sh -c chmod -R g+w /usr/share/doc /app && edit configs', entries};
	}

	/** A share of the whole target, as a number of files (directories come on top, about one per 25 files). */
	private share(fraction: number): number {
		return Math.max(1, Math.round(this.targetEntries * fraction));
	}

	private tree(root: string, fileCount: number, options: {large?: boolean} = {}): PlannedEntry[] {
		const directories = Array.from({length: Math.ceil(fileCount / 25)}, (_, index) => {
			const directory = `${root}/${this.random.pick(words)}-${index.toString(36)}`;
			return this.random.chance(0.4) ? `${directory}/${this.random.pick(words)}` : directory;
		});
		return Array.from({length: fileCount}, () => this.place(this.newFile(this.random.pick(directories), options.large)));
	}

	private symlinks(root: string, count: number): PlannedEntry[] {
		const targets = [...this.visible.keys()];
		return Array.from({length: count}, () => ({
			kind: 'symlink' as const, path: `${root}/${this.random.pick(words)}${this.nextName++}`, target: `/${this.random.pick(targets)}`,
		}));
	}

	private newFile(directory: string, large = false): PlannedFile {
		const name = `${this.random.pick(words)}${this.nextName++}.${this.random.pick(extensions)}`;
		return {
			kind: 'file', path: `${directory}/${name}`, mode: this.random.chance(0.1) ? 0o755 : 0o644,
			content: this.nextContent++, rawSize: large ? this.random.logUniform(1e6, 3e7) : this.rawSize(),
		};
	}

	/** Mostly small files with a long tail, as in a distribution's /usr. */
	private rawSize(): number {
		const draw = this.random.next();
		if (draw < 0.015) return 0;
		if (draw < 0.985) return this.random.logUniform(16, 32 * 1024);
		if (draw < 0.999) return this.random.logUniform(32 * 1024, 1024 * 1024);
		return this.random.logUniform(1024 * 1024, 16 * 1024 * 1024);
	}

	/** A random share of the files visible so far. */
	private pickVisible(fraction: number): PlannedFile[] {
		return this.random.sample([...this.visible.values()], Math.round(this.visible.size * fraction));
	}

	/** New content at existing paths; a third keep their size, so only a hash can tell them apart. */
	private overwrite(files: PlannedFile[]): PlannedEntry[] {
		return files.map(file => {
			this.counts.overwritten++;
			const rawSize = this.random.chance(0.33) ? file.rawSize : this.rawSize();
			return this.place({...file, content: this.nextContent++, rawSize});
		});
	}

	/** Files added again elsewhere with the same bytes (a vendored copy). */
	private duplicates(files: PlannedFile[]): PlannedEntry[] {
		return files
			.filter(file => file.rawSize > 0)
			.map(file => {
				this.counts.duplicates++;
				return this.place({...file, path: `app/vendor/${file.path.replaceAll('/', '_')}`});
			});
	}

	private whiteout(path: string): PlannedFile {
		this.visible.delete(path);
		this.counts.whiteouts++;
		return {kind: 'file', path: `${posix.dirname(path)}/.wh.${posix.basename(path)}`, mode: 0o644, content: 0, rawSize: 0};
	}

	private opaque(directory: string, refill: number): PlannedEntry[] {
		for (const path of [...this.visible.keys()]) if (path.startsWith(`${directory}/`)) this.visible.delete(path);
		this.counts.opaqueDirs++;
		const marker: PlannedFile = {kind: 'file', path: `${directory}/.wh..wh..opq`, mode: 0o644, content: 0, rawSize: 0};
		return [marker, ...Array.from({length: refill}, () => this.place(this.newFile(directory)))];
	}

	private place(file: PlannedFile): PlannedFile {
		this.visible.set(file.path, file);
		return file;
	}
}

/** Sorted entries with every ancestor directory before its children, as `docker save` writes a layer. */
function withParentDirectories(entries: PlannedEntry[]): PlannedEntry[] {
	const byPath = new Map<string, PlannedEntry>();
	for (const entry of entries) {
		byPath.set(entry.path, entry);
		for (let parent = posix.dirname(entry.path); parent !== '.'; parent = posix.dirname(parent)) {
			if (!byPath.has(parent)) byPath.set(parent, {kind: 'dir', path: parent, mode: 0o755});
		}
	}

	return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
