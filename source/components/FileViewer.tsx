import {Box, Text} from 'ink';
import {type FileContent} from '../view-model/file-view.js';
import {cut} from '../view-model/tree-line.js';

export type FileViewerProps = {content: FileContent | undefined; error?: string; offset: number; width: number; height: number};

/** A file's content as of a layer, in place of the panes: its title, the notes about it, then a window of its lines. */
export function FileViewer({content, error, offset, width, height}: FileViewerProps) {
	if (!content) {
		return (
			<Box flexDirection="column" width={width} height={height}>
				<Text color={error ? 'red' : undefined}>{cut(error ?? 'reading…', width)}</Text>
			</Box>
		);
	}

	const shown = content.lines.slice(offset, offset + Math.max(1, height - 1 - content.notes.length));
	const position = content.lines.length === 0 ? '' : ` · lines ${offset + 1}–${offset + shown.length} of ${content.lines.length}`;
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text bold wrap="truncate">{cut(`${content.title}${position}`, width)}</Text>
			{content.notes.map((note, index) => <Text key={`note-${index}`} color="yellow" wrap="truncate">{cut(note, width)}</Text>)}
			{shown.map((line, index) => <Text key={offset + index} wrap="truncate">{cut(line, width) || ' '}</Text>)}
		</Box>
	);
}
