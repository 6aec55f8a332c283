import {render} from 'ink';
import {type DiskReport} from '../analysis/disk-report.js';
import {type Store} from '../view-model/session.js';
import {DiskApp, type DiskControls, type DiskView} from './DiskApp.js';

/** Mounts the disk overview on the process's terminal; q and Ctrl-C reach it as keys, as in mountApp. */
export function mountDiskApp(report: DiskReport, view: Store<DiskView>, controls: DiskControls): {unmount: () => void} {
	const instance = render(<DiskApp report={report} view={view} controls={controls} />, {exitOnCtrlC: false, patchConsole: false});
	return {unmount: () => instance.unmount()};
}
