import {writeFileSync} from 'node:fs';
import {type Report} from '../analysis/report.js';
import {inFile, UserError} from '../errors.js';
import {chooseImage, inspectImage, loadImage, type OpenedArchive, openImageArchive, viewAfter} from '../inspect-image.js';
import {type Mode} from '../mode.js';
import {textSummary} from '../output/text-summary.js';
import {unionListLines} from '../output/union-list.js';
import {progressLine} from '../progress-line.js';

export type ReportOptions = {
	mode: Exclude<Mode, 'tui' | 'ci'>;
	tar: string;
	image?: string;
	/** `os/arch[/variant]`: which platform of a multi-platform archive. */
	platform?: string;
	layer?: number;
	json?: string;
	baseLayers?: number;
	/** An image source opened already (a storage root); otherwise `tar` is opened. */
	opened?: OpenedArchive;
};

/** The non-interactive faces: the union listing, the JSON report, the text summary. Returns the exit code. */
export async function runReport(options: ReportOptions): Promise<number> {
	const progress = progressLine();
	const opened = options.opened ?? await openImageArchive(options.tar, progress.update, options.platform);
	try {
		const image = chooseImage(opened, options.image);
		const last = image.layers.length - 1;
		const upTo = options.layer ?? last;
		if (options.mode === 'list' && (upTo < 0 || upTo > last)) throw new UserError(`--layer ${upTo}: the image has layers 0 to ${last}`);
		const loaded = await loadImage(opened, image, progress.update);
		if (options.mode === 'list') {
			progress.done();
			await writeOut(`${unionListLines(viewAfter(loaded, upTo).view).join('\n')}\n`, 'latin1');
			return 0;
		}

		const {report} = await inspectImage(opened, loaded, {source: options.tar, baseLayers: options.baseLayers, onProgress: progress.update});
		progress.done();
		if (options.mode === 'json') writeJsonReport(report, options.json!);
		else await writeOut(textSummary(report, {width: process.stdout.columns}), 'utf8');
		return 0;
	} finally {
		progress.done();
		closeQuietly(opened);
	}
}

export function writeJsonReport(report: Report | object, destination: string): void {
	const text = `${JSON.stringify(report, null, 2)}\n`;
	if (destination === '-') {
		process.stdout.write(text);
		return;
	}

	try {
		writeFileSync(destination, text);
	} catch (error) {
		throw inFile(destination, `cannot write the report (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}
}

async function writeOut(text: string, encoding: BufferEncoding): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		process.stdout.write(Buffer.from(text, encoding), error => {
			if (error) reject(error);
			else resolve();
		});
	});
}

function closeQuietly(opened: OpenedArchive): void {
	try {
		opened.files.close();
	} catch {}
}
