/** A cursor in a list of `count` rows and the first row shown in a window of `height` rows. */
export type Viewport = {cursor: number; offset: number};

export const topOfList: Viewport = {cursor: 0, offset: 0};

/** Moves the cursor to `target` (clamped to the list) and scrolls just enough to keep it in the window. */
export function moveCursor(view: Viewport, target: number, count: number, height: number): Viewport {
	const cursor = count === 0 ? 0 : Math.max(0, Math.min(count - 1, target));
	return {cursor, offset: keepVisible(view.offset, cursor, count, height)};
}

/** The offset closest to `offset` that shows row `cursor` in a window of `height` rows, and no blank rows at the end. */
export function keepVisible(offset: number, cursor: number, count: number, height: number): number {
	const window = Math.max(1, height);
	let first = Math.min(offset, cursor);
	if (cursor >= first + window) first = cursor - window + 1;
	return Math.max(0, Math.min(first, count - window));
}

export type Movement = 'up' | 'down' | 'pageUp' | 'pageDown' | 'home' | 'end';

/** Where a movement key takes the cursor in a window of `height` rows. */
export function targetOf(movement: Movement, cursor: number, count: number, height: number): number {
	const page = Math.max(1, height - 1);
	switch (movement) {
		case 'up': {
			return cursor - 1;
		}

		case 'down': {
			return cursor + 1;
		}

		case 'pageUp': {
			return cursor - page;
		}

		case 'pageDown': {
			return cursor + page;
		}

		case 'home': {
			return 0;
		}

		case 'end': {
			return count - 1;
		}
	}
}
