import {Box, Text} from 'ink';
import {type ReactNode} from 'react';

export type PaneProps = {title: string; width: number; height: number; focused: boolean; children: ReactNode};

/** A bordered pane; `height` counts its inner rows (the border adds two). The focused pane's border is bright. */
export function Pane({title, width, height, focused, children}: PaneProps) {
	return (
		<Box flexDirection="column" width={width} height={height + 2} borderStyle="round" borderColor={focused ? 'cyan' : 'gray'} overflow="hidden">
			<Box marginTop={-1} marginLeft={1} height={1}>
				<Text bold={focused} color={focused ? 'cyan' : undefined}>{` ${title} `}</Text>
			</Box>
			{children}
		</Box>
	);
}
