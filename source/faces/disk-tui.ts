import process from 'node:process';
import {escapeControl} from '../display/text.js';
import {chooseImage, type OpenedArchive} from '../inspect-image.js';
import {readDiskReport} from './disk-overview.js';
import {findImage} from '../sources/storage-root/find-image.js';
import {closeQuietly, deferred, enterAlternateScreen, leaveAlternateScreen, throttled} from './tui.js';
import {loadBrowseModel} from '../browse-session.js';
import {createStore} from '../view-model/session.js';
import {type DiskControls, type DiskView} from '../components/DiskApp.js';

/**
 * `layerscope` with no image in a terminal: the disk overview of every root, and Enter opens an image of it in the
 * image view, read and analysed as `layerscope --root DIR IMAGE` does; q there comes back. Returns the exit code.
 */
export async function runDiskTui(roots: string[], found: boolean): Promise<number> {
	// Reading a large root takes seconds before there is anything to draw: say what is happening meanwhile.
	const status = process.stderr.isTTY ? process.stderr : undefined;
	status?.write(`layerscope: reading ${escapeControl(roots.join(', '))}…`);
	let report;
	try {
		report = readDiskReport(roots, found);
	} finally {
		status?.write('\r\u001B[2K');
	}

	const {mountDiskApp} = await import('../components/mount-disk-app.js');
	const view = createStore<DiskView>({view: 'overview'});
	const quit = deferred<void>();
	let opened: OpenedArchive | undefined;
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
			const source = report.roots.find(root => root.path === image.root)?.source ?? image.root;
			const match = findImage([source], image.id, false);
			opened = match.opened;
			const onProgress = throttled(progress => view.set({view: 'loading', label, progress}));
			const model = await loadBrowseModel(match.opened, chooseImage(match.opened, match.id), {source: match.opened.files.label, onProgress});
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
