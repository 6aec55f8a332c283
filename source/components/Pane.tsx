import {Box, Text} from 'ink';
import {type ReactNode} from 'react';

export type PaneProps = {title: string; width: number; height: number; focused: boolean; children: ReactNode};

/**
 * A bordered pane with its title in the top border; `height` counts its inner rows (the border adds two). The
 * focused pane's border is bright and its title is marked with `▶`.
 */
export function Pane({title, width, height, focused, children}: PaneProps) {
	const color = focused ? 'cyan' : 'gray';
	const label = ` ${focused ? '▶ ' : ''}${title} `.slice(0, Math.max(0, width - 4));
	return (
		<Box flexDirection="column" width={width} height={height + 2}>
			<Text color={color} bold={focused} wrap="truncate">{`╭─${label}${'─'.repeat(Math.max(0, width - 3 - label.length))}╮`}</Text>
			<Box flexDirection="column" width={width} height={height + 1} borderStyle="round" borderTop={false} borderColor={color}>
				{children}
			</Box>
		</Box>
	);
}
