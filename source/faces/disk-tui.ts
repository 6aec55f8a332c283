import process from 'node:process';
import {escapeControl} from '../analysis/display.js';
import {loadBrowseModel} from '../browse-session.js';
import {type DiskControls, type DiskView} from '../components/DiskApp.js';
import {inspectDisk} from '../inspect-disk.js';
import {chooseImage} from '../inspect-image.js';
import {type Progress} from '../progress.js';
import {type DiskRoots} from '../sources/choose-source.js';
import {type OpenedImages} from '../sources/image-source.js';
import {rootImageSource} from '../sources/storage-root/root-image-source.js';
import {closeQuietly, deferred, enterAlternateScreen, eraseLine, leaveAlternateScreen, throttled} from '../terminal.js';
import {createStore} from '../view-model/session.js';

/**
 * `layerscope` with no image in a terminal: the disk overview of every root, and Enter opens an image of it in the
 * image view, read and analysed as `layerscope --root DIR IMAGE` does; q there comes back. Returns the exit code.
 */
export async function runDiskTui(disk: DiskRoots, options: {extractDir?: string} = {}): Promise<number> {
	// Reading a large root takes seconds before there is anything to draw: say what is happening meanwhile.
	const status = process.stderr.isTTY ? process.stderr : undefined;
	status?.write(`layerscope: reading ${escapeControl(disk.roots.join(', '))}…`);
	let report;
	try {
		report = inspectDisk(disk);
	} finally {
		status?.write(eraseLine);
	}

	const {mountDiskApp} = await import('../components/mount-disk-app.js');
	const view = createStore<DiskView>({view: 'overview'});
	const quit = deferred<void>();
	let opened: OpenedImages | undefined;
	let loading = false;
	const close = () => {
		closeQuietly(opened);
		opened = undefined;
	};

	const open = async (image: {root: string; id: string}) => {
		const named = report.images.find(candidate => candidate.root === image.root && candidate.id === image.id);
		const label = escapeControl(named?.repoTags[0] ?? image.id.slice(7, 19));
		view.set({view: 'loading', label});
		loading = true;
		try {
			// A containerd store is named by its root and namespace; the root given opens it again.
			const root = report.roots.find(candidate => candidate.path === image.root)?.source ?? image.root;
			opened = await rootImageSource({roots: [root], reference: image.id, lenient: false}).open();
			const onProgress = throttled((progress: Progress) => view.set({view: 'loading', label, progress}));
			const model = await loadBrowseModel(opened, chooseImage(opened), {onProgress, extractDir: options.extractDir});
			view.set({view: 'browse', model});
		} catch (error) {
			close();
			view.set({view: 'overview', message: `could not open ${label}: ${escapeControl(error instanceof Error ? error.message : String(error))}`});
		} finally {
			loading = false;
		}
	};

	const controls: DiskControls = {
		open: image => void open(image),
		back() {
			close();
			view.set({view: 'overview'});
		},
		quit: () => quit.resolve(),
	};
	process.stdout.write(enterAlternateScreen);
	const app = mountDiskApp(report, view, controls);
	try {
		await quit.promise;
		return 0;
	} finally {
		app.unmount();
		process.stdout.write(leaveAlternateScreen);
		close();
		// Quitting while an image loads: its hashing workers would keep the process alive until they finish.
		if (loading) process.exit(130);
	}
}
