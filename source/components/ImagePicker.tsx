import {Box, Text, useInput} from 'ink';
import {useEffect, useReducer} from 'react';
import {escapeControl} from '../analysis/display.js';
import {type PickerState, pressPickerKey} from '../view-model/picker.js';
import {type PickerImage} from '../view-model/session.js';
import {cut} from '../view-model/tree-line.js';
import {keyNameOf} from './key-names.js';

export type ImagePickerProps = {
	label: string;
	images: PickerImage[];
	width: number;
	onPick: (index: number) => void;
	onQuit: (exitCode: number) => void;
};

/** One reducer for the component's life (a new one per render would make React run every key twice). */
function reducePicker(state: PickerState, press: {key: string; count: number}): PickerState {
	return pressPickerKey(state, press.key, press.count, pageRows);
}

/** How far PgUp and PgDn move. */
const pageRows = 10;

/** The archive holds several images: ↑↓ choose one, Enter opens it. */
export function ImagePicker({label, images, width, onPick, onQuit}: ImagePickerProps) {
	const [state, dispatch] = useReducer(reducePicker, {cursor: 0});
	useInput((input, key) => dispatch({key: keyNameOf(input, key), count: images.length}));
	const {cursor, decision} = state;
	useEffect(() => {
		if (decision && 'pick' in decision) onPick(decision.pick);
		else if (decision) onQuit(decision.quit);
	}, [decision, onPick, onQuit]);
	return (
		<Box flexDirection="column" paddingLeft={1}>
			<Text bold wrap="truncate">{cut(`${escapeControl(label)} holds ${images.length} images: choose one`, width - 2)}</Text>
			{images.map((image, index) => (
				<Text key={image.id + String(index)} inverse={index === cursor} wrap="truncate">
					{cut(`${index === cursor ? '›' : ' '} ${escapeControl(image.name).padEnd(36)} ${image.id.slice(7, 19)}  ${image.layers} layer${image.layers === 1 ? '' : 's'}${image.platform ? `  ${escapeControl(image.platform)}` : ''}`, width - 2)}
				</Text>
			))}
			<Text dimColor>↑↓ choose · Enter open · q quit</Text>
		</Box>
	);
}
