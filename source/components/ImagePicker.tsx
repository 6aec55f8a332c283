import {Box, Text, useInput} from 'ink';
import {useReducer} from 'react';
import {escapeControl} from '../analysis/display.js';
import {type PickerImage} from '../view-model/session.js';
import {cut} from '../view-model/tree-line.js';
import {targetOf} from '../view-model/viewport.js';
import {keyNameOf} from './key-names.js';

export type ImagePickerProps = {label: string; images: PickerImage[]; width: number; onPick: (index: number) => void; onQuit: () => void};

const moves = {up: 'up', k: 'up', down: 'down', j: 'down', home: 'home', end: 'end', pageup: 'pageUp', pagedown: 'pageDown'} as const;

/** The archive holds several images: ↑↓ choose one, Enter opens it. */
export function ImagePicker({label, images, width, onPick, onQuit}: ImagePickerProps) {
	const [cursor, move] = useReducer((current: number, key: string) => {
		const movement = moves[key as keyof typeof moves];
		return movement ? Math.max(0, Math.min(images.length - 1, targetOf(movement, current, images.length, 10))) : current;
	}, 0);
	useInput((input, key) => {
		const name = keyNameOf(input, key);
		if (name === 'q' || name === 'ctrl-c') onQuit();
		else if (name === 'enter' || name === 'space') onPick(cursor);
		else move(name);
	});
	return (
		<Box flexDirection="column" paddingLeft={1}>
			<Text bold wrap="truncate">{cut(`${escapeControl(label)} holds ${images.length} images: choose one`, width - 2)}</Text>
			{images.map((image, index) => (
				<Text key={image.id + String(index)} inverse={index === cursor} wrap="truncate">
					{cut(`${index === cursor ? '›' : ' '} ${escapeControl(image.name).padEnd(36)} ${image.id.slice(7, 19)}  ${image.layers} layer${image.layers === 1 ? '' : 's'}${image.platform ? `  ${image.platform}` : ''}`, width - 2)}
				</Text>
			))}
			<Text dimColor>↑↓ choose · Enter open · q quit</Text>
		</Box>
	);
}
