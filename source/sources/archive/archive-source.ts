import {type ImageSource, type OpenedImages, type SourceFiles} from '../image-source.js';
import {readLayers} from '../layers/read-layers.js';
import {openArchive} from './archive-files.js';
import {listArchiveImages} from './archive-images.js';

const aliases = [/^docker-archive:(\/\/)?/, /^oci-archive:(\/\/)?/, /^oci:(\/\/)?/];

/** Whether a name is one of dive's source spellings: `docker-archive://FILE`, `oci-archive://FILE`, `oci://DIR`. */
export function isArchiveAlias(name: string): boolean {
	return aliases.some(alias => alias.test(name));
}

/** The path a dive-style source name stands for; any other name as it is. */
export function archivePathOf(name: string): string {
	for (const alias of aliases) if (alias.test(name)) return name.replace(alias, '');
	return name;
}

export type ArchiveChoice = {
	/** `--image`: the image to open when the archive holds several. */
	image?: string;
	/** `os/arch[/variant]`: which platform of a multi-platform image. */
	platform?: string;
	/** `--spool-limit`: the most a spooled copy (stdin, a pipe, a compressed archive) may hold. */
	spoolBytes?: number;
};

/** An archive file, an OCI layout directory, or `-` for standard input; formats are told apart by content. */
export function archiveSource(path: string, choice: ArchiveChoice): ImageSource {
	return {
		label: path,
		open: async onProgress => openedArchive(await openArchive(path, onProgress, choice.spoolBytes), path, choice),
	};
}

/** The images of an archive's files; the files are closed again when no image can be listed. */
export function openedArchive(files: SourceFiles, label: string, choice: ArchiveChoice): OpenedImages {
	try {
		const images = listArchiveImages(files, choice.platform);
		return {files, images, label, wanted: choice.image, readLayers: async (image, onProgress) => readLayers(files, image, onProgress), close: () => files.close()};
	} catch (error) {
		files.close();
		throw error;
	}
}
