/**
 * Findings grouped by cause, so that one build step that wasted bytes over thousands of files is one line: the
 * layer that stored the bytes, the layer that made them unreachable, the class, and the hint-table row that says
 * what to do, with the directory all its paths share.
 */
import {escapeControl, formatBytes, shortCommand} from './display.js';
import {hintRowFor} from './hints.js';
import {type WasteClass} from './model.js';
import {type Finding} from './waste.js';

export type FindingGroup = {
	class: WasteClass;
	/** The sum of its findings' bytes. */
	bytes: number;
	/** Stored copies behind it (files, or for duplicates the copies of the same content). */
	count: number;
	/** The layer that stored the bytes; for duplicates, the last layer that stored a copy. */
	storedIn: number;
	/** The layer that made them unreachable; null for duplicates, which stay reachable. */
	removedIn: number | null;
	storedBy?: string;
	removedBy?: string;
	/** The deepest directory holding every path of the group (`/` at worst). */
	directory: string;
	/** The hint table's row (`apt`, `copy-up`, …) and its advice. */
	rule: string;
	hint: string;
	/** Indexes of its findings in the report's `findings`, largest first. */
	findings: number[];
};

/** Groups findings by cause, largest group first; every finding is in exactly one group. */
export function groupFindings(findings: Finding[]): FindingGroup[] {
	const groups = new Map<string, FindingGroup>();
	findings.forEach((finding, index) => {
		const row = hintRowFor(finding);
		const storedIn = storedInOf(finding);
		const removedIn = finding.class === 'duplicate' ? null : finding.hiddenInLayer ?? null;
		const key = `${finding.class} ${storedIn} ${removedIn} ${row.id}`;
		let group = groups.get(key);
		if (!group) {
			group = {class: finding.class, bytes: 0, count: 0, storedIn, removedIn, directory: directoryOf(finding), rule: row.id, hint: row.hint, findings: []};
			if (finding.storedBy !== undefined) group.storedBy = finding.storedBy;
			if (finding.hiddenBy !== undefined) group.removedBy = finding.hiddenBy;
			groups.set(key, group);
		}

		group.bytes += finding.bytes;
		group.count += finding.files;
		group.directory = commonDirectory(group.directory, directoryOf(finding));
		group.findings.push(index);
	});
	return [...groups.values()].sort((a, b) => b.bytes - a.bytes || a.directory.localeCompare(b.directory));
}

function storedInOf(finding: Finding): number {
	return finding.class === 'duplicate' ? finding.layers?.at(-1) ?? 0 : finding.storedInLayer ?? 0;
}

/** A finding's directory: what a deletion removed (a subtree, or one file) is its own; a file's is its parent's. */
function directoryOf(finding: Finding): string {
	if (finding.class === 'deleted') return finding.path;
	return (finding.paths ?? [finding.path]).map(parentOf).reduce(commonDirectory);
}

function parentOf(path: string): string {
	const cut = path.lastIndexOf('/');
	return cut <= 0 ? '/' : path.slice(0, cut);
}

/** The deepest directory both lie in: `/data/a` and `/data/b/c` → `/data`. */
function commonDirectory(a: string, b: string): string {
	if (a === b) return a;
	const left = a.split('/');
	const right = b.split('/');
	let shared = 0;
	while (shared < left.length && shared < right.length && left[shared] === right[shared]) shared++;
	return left.slice(0, shared).join('/') || '/';
}

/**
 * The group in a sentence, for the text report, Markdown and annotations: `layer 7 (RUN chmod -R 755 /data) stored
 * 9,412 files again, 340 MB, under /data`.
 */
export function describeGroup(group: FindingGroup, commandWidth = 60): string {
	const files = `${group.count.toLocaleString('en-US')} file${group.count === 1 ? '' : 's'}`;
	const step = (layer: number | null, command: string | undefined) => `layer ${layer}${command === undefined ? '' : ` (${shortCommand(command, commandWidth)})`}`;
	const where = `${formatBytes(group.bytes)}, under ${escapeControl(group.directory)}`;
	switch (group.class) {
		case 'metadataOnly': {
			return `${step(group.removedIn, group.removedBy)} stored ${files} of ${step(group.storedIn, undefined)} again with new metadata only, ${where}`;
		}

		case 'overwritten': {
			return `${step(group.removedIn, group.removedBy)} replaced ${files} that ${step(group.storedIn, group.storedBy)} stored, ${where}`;
		}

		case 'deleted': {
			return `${step(group.removedIn, group.removedBy)} deleted ${files} that ${step(group.storedIn, group.storedBy)} stored, ${where}`;
		}

		case 'duplicate': {
			return `${group.count.toLocaleString('en-US')} copies of the same content, the last in ${step(group.storedIn, group.storedBy)}: ${formatBytes(group.bytes)} stored more than once, under ${escapeControl(group.directory)}`;
		}
	}
}
