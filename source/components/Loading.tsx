import {Box, Text, useInput} from 'ink';
import {type Progress, progressText} from '../progress.js';
import {singleKeys} from '../view-model/key-press.js';
import {quitCodes} from '../view-model/session.js';
import {keyNameOf} from './key-names.js';

/** Progress while the archive is read and analysed; q (exit 0) or Ctrl-C (exit 130) gives up. */
export function Loading({label, progress, width, onQuit}: {label: string; progress?: Progress; width: number; onQuit: (exitCode: number) => void}) {
	useInput((input, key) => {
		const quitKey = singleKeys(keyNameOf(input, key)).find(name => name in quitCodes);
		if (quitKey) onQuit(quitCodes[quitKey]!);
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
