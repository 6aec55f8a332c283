import {Text} from 'ink';
import {type Binding, keyBarText, type Pane} from '../view-model/keymap.js';

/** The one-line bar of keys that work in the focused pane. */
export function KeyBar({bindings, pane, width, message}: {bindings: ReadonlyArray<Binding<string>>; pane: Pane | 'global' | 'viewer'; width: number; message?: string}) {
	return (
		<Text wrap="truncate" inverse>
			{(message ?? keyBarText(bindings, pane, width)).padEnd(width)}
		</Text>
	);
}
