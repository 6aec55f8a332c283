import {escapeControl} from '../../analysis/display.js';
import {openArchiveStream} from '../archive/archive-files.js';
import {openedArchive} from '../archive/archive-source.js';
import {type ImageSource} from '../image-source.js';
import {connectEngine, saveImage} from './engine-socket.js';

/**
 * An image streamed from a running Docker engine (`GET /images/{name}/get`) into the archive reader: the way in
 * when no storage root may be read. Says so on stderr, as the user asked for a root's image.
 */
export function engineImageSource(socket: string, reference: string): ImageSource {
	const label = `${reference} from ${socket}`;
	return {
		label,
		async open() {
			const engine = await connectEngine(socket);
			process.stderr.write(`layerscope: no storage root readable; reading ${escapeControl(reference)} from the Docker engine at ${socket} (API ${engine.apiVersion})\n`);
			const opened = openedArchive(await openArchiveStream(await saveImage(engine, reference), label), label, {});
			// The engine saved exactly the image asked for.
			return {...opened, wanted: opened.images.length === 1 ? opened.images[0]!.id : reference};
		},
	};
}
