import {Box, Text, useInput} from 'ink';
import {type Progress, progressText} from '../progress.js';
import {keyNameOf} from './key-names.js';

/** Progress while the archive is read and analysed; q or Ctrl-C gives up. */
export function Loading({label, progress, width, onQuit}: {label: string; progress?: Progress; width: number; onQuit: () => void}) {
	useInput((input, key) => {
		const name = keyNameOf(input, key);
		if (name === 'q' || name === 'ctrl-c') onQuit();
	});
	const {line, bar} = progressText(progress, width);
	return (
		<Box flexDirection="column" paddingLeft={1}>
			<Text bold wrap="truncate">{`layerscope · ${label}`}</Text>
			<Text wrap="truncate">{line}</Text>
			<Text color="cyan" wrap="truncate">{bar}</Text>
			<Text dimColor>q or Ctrl-C to stop</Text>
		</Box>
	);
}
