import path from 'node:path';
import {type DiskReport} from '../../source/analysis/disk-report.js';
import {inspectDisk} from '../../source/inspect-disk.js';
import {type HandRoot, writeAufsRoot} from './aufs-root.js';
import {type TarSpec, temporaryDirectory} from './make-tar.js';

const base: TarSpec[] = [{name: 'etc', type: 'directory'}, {name: 'etc/passwd', content: 'root:x:0:0\n'}, {name: 'bin', type: 'directory'}, {name: 'bin/tool', content: 't'.repeat(2000)}];
const appLayers: TarSpec[][] = [base, [{name: 'app', type: 'directory'}, {name: 'app/data', content: 'd'.repeat(5000)}], [{name: 'bin/.wh.tool', content: ''}]];
const bigLayers: TarSpec[][] = [base, [{name: 'big', type: 'directory'}, {name: 'big/blob', content: 'b'.repeat(9000)}]];

/**
 * A hand-built aufs root (the fast one, always available) with three images sharing a base layer: `old/app:1` (7 kB,
 * used by the container), `old/base:1` (2 kB) and `zz/big:2` (11 kB), plus one orphaned directory; and its report.
 */
export async function diskRootReport(): Promise<{root: string; written: HandRoot; report: DiskReport}> {
	const root = path.join(temporaryDirectory(), 'docker');
	const written = await writeAufsRoot(root, [
		{tags: ['old/app:1'], layers: appLayers}, {tags: ['old/base:1'], layers: [base]}, {tags: ['zz/big:2'], layers: bigLayers},
	]);
	return {root, written, report: inspectDisk({roots: [root], found: false})};
}
