import {type ArchiveFacts, type GzipOciFacts} from './bench-inputs.js';
import {type Check, type Ratio} from './checks.js';
import {type HotFunction} from './cpu-profile.js';
import {type DriverReport} from './driver-report.js';
import {type Measurement, megabytes} from './measure.js';
import {type SourceVersion} from './source-version.js';
import {textTable} from './text-table.js';

/** Everything the bench found; printed as text and, with --out, written as JSON. */
export type BenchResults = {
	date: string;
	/** One-minute load average when the bench started and ended: above ~0.5, other work skews the wall clock. */
	machine: {node: string; cpus: number; platform: string; loadAverage: {start: number; end?: number}};
	runsPerMeasurement: number;
	/** dist/ is built from the working tree, so uncommitted changes are part of what was measured. */
	layerscope: SourceVersion;
	inputs: {a: ArchiveFacts; b?: GzipOciFacts; memory?: [ArchiveFacts, ArchiveFacts]};
	measurements: Measurement[];
	ratios: Ratio[];
	checks: Check[];
	phases?: DriverReport;
	profile?: {file: string; hot: HotFunction[]};
	seconds: number;
};

export function renderResults(results: BenchResults): string {
	const sections = [
		`layerscope bench: ${results.date}, node ${results.machine.node}, ${results.machine.cpus} CPUs, best of ${results.runsPerMeasurement} runs, `
			+ `load average ${results.machine.loadAverage.start.toFixed(2)} at start, ${results.machine.loadAverage.end?.toFixed(2) ?? '?'} at end\n`
			+ `layerscope at ${describeVersion(results.layerscope)}`,
		renderInputs(results.inputs),
		renderMeasurements(results.measurements),
		renderRatios(results.ratios),
		renderChecks(results.checks),
	];
	if (results.phases) sections.push(renderPhases(results.phases));
	if (results.profile) sections.push(renderProfile(results.profile));
	sections.push(`bench took ${Math.round(results.seconds)} s`);
	return `${sections.join('\n\n')}\n`;
}

function renderInputs(inputs: BenchResults['inputs']): string {
	const lines = [`Input A  ${inputs.a.path}\n         ${describeArchive(inputs.a)}; ${inputs.a.note}`];
	if (inputs.b) {
		const blobBytes = inputs.b.blobs.reduce((sum, blob) => sum + blob.bytes, 0);
		const rawBytes = inputs.b.blobs.reduce((sum, blob) => sum + blob.uncompressedBytes, 0);
		lines.push(`Input B  ${inputs.b.path}\n         gzip OCI archive of A, ${mb(inputs.b.bytes)} MB; layers ${mb(blobBytes)} MB gzip from ${mb(rawBytes)} MB${inputs.b.reused ? ' (cached)' : ''}`);
	}

	if (inputs.memory) {
		const [small, large] = inputs.memory;
		lines.push(`Memory   ${small.path}\n         ${describeArchive(small)}\n         ${large.path}\n         ${describeArchive(large)}`);
	}

	return lines.join('\n');
}

function describeVersion(version: SourceVersion): string {
	const commit = version.commit ?? 'an unknown commit';
	return version.uncommitted.length === 0 ? commit : `${commit} + uncommitted changes in ${version.uncommitted.join(', ')}`;
}

function describeArchive(archive: ArchiveFacts): string {
	return `${archive.origin}, ${mb(archive.bytes)} MB, ${archive.layerMembers.length} layers, ${archive.entries.toLocaleString('en-US')} entries`;
}

function renderMeasurements(rows: Measurement[]): string {
	const table = textTable(
		[
			{header: 'measurement'}, {header: 'best s', align: 'right'}, {header: 'cpu s', align: 'right'}, {header: 'others', align: 'right'},
			{header: 'runs s'}, {header: 'peak RSS MB', align: 'right'}, {header: 'note'},
		],
		rows.map(row => [
			`${row.id.split('.')[0]!.padEnd(6)} ${row.label}`,
			row.bestSeconds === undefined ? '-' : row.bestSeconds.toFixed(2),
			row.cpuSecondsOfBest === undefined ? '-' : row.cpuSecondsOfBest.toFixed(2),
			row.otherCoresOfBest === undefined ? '-' : row.otherCoresOfBest.toFixed(2),
			row.seconds.map(seconds => seconds.toFixed(2)).join(' '),
			row.peakRssKiB === undefined ? '-' : megabytes(row.peakRssKiB),
			row.skipped ? `skipped: ${row.skipped}` : row.failed ? `FAILED: ${row.failed}` : row.rssSource === '/usr/bin/time' ? '' : `RSS ${row.rssSource ?? 'unknown'}`,
		]),
	);
	const busiest = Math.max(0, ...rows.map(row => row.otherCoresOfBest ?? 0));
	const warning = busiest > 0.25
		? `\nWarning: other processes kept up to ${busiest.toFixed(2)} cores busy during best runs; wall-clock figures are inflated.`
		: '';
	return `Measurements (best s: wall clock, best run; cpu s: user + system of that run; others: cores other processes kept busy `
		+ `during that run; peak RSS: largest of the runs, by /usr/bin/time unless noted; MB = 10^6 bytes)\n${table}${warning}`;
}

function renderRatios(ratios: Ratio[]): string {
	return `Ratios\n${ratios.map(ratio => `  ${ratio.name.padEnd(44)} ${ratio.value === undefined ? '-' : `${ratio.value.toFixed(2)}x`}`).join('\n')}`;
}

function renderChecks(checks: Check[]): string {
	return `Requirements\n${checks.map(check => `  [${check.verdict}] ${check.requirement.padEnd(58)} ${check.detail}`).join('\n')}`;
}

function renderPhases(phases: DriverReport): string {
	const total = Object.values(phases.phases).reduce((sum, seconds) => sum + seconds, 0);
	const rows = Object.entries(phases.phases).map(([phase, seconds]) => [phase, seconds.toFixed(2), `${((seconds / total) * 100).toFixed(0)} %`]);
	const hashed = phases.hashed ? `; hashed ${phases.hashed.entries.toLocaleString('en-US')} files, ${mb(phases.hashed.bytes)} MB` : '';
	return `Where the time goes: input A, one in-process run (${phases.entries.toLocaleString('en-US')} entries${hashed}; peak RSS ${megabytes(phases.maxRssKiB)} MB)\n`
		+ `${textTable([{header: 'phase'}, {header: 's', align: 'right'}, {header: 'share', align: 'right'}], rows)}\n`
		+ 'This run simulates twice, to time the union on its own; the CLI does it once (total minus one simulate).';
}

function renderProfile(profile: NonNullable<BenchResults['profile']>): string {
	const rows = profile.hot.map(hot => [hot.name, hot.selfMs.toFixed(0), `${(hot.share * 100).toFixed(1)} %`, hot.location]);
	return `Hottest functions by self time (${profile.file})\n${textTable([{header: 'function'}, {header: 'ms', align: 'right'}, {header: 'share', align: 'right'}, {header: 'where'}], rows)}`;
}

function mb(bytes: number): string {
	return Math.round(bytes / 1e6).toLocaleString('en-US');
}
