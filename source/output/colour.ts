/**
 * Whether text gets colour: `--color`/`--no-color` first, then `FORCE_COLOR` (0 or false: none; anything else:
 * colour even into a pipe), then `NO_COLOR` set and not empty (no-color.org), else colour on a terminal only.
 */
import {styleText} from 'node:util';

/** `always` and `never` whatever the stream; `terminal`: when the stream is a terminal. */
export type ColourChoice = 'always' | 'never' | 'terminal';

export function colourChoice(flag: boolean | undefined, env: Record<string, string | undefined>): ColourChoice {
	if (flag !== undefined) return flag ? 'always' : 'never';
	const force = env['FORCE_COLOR'];
	if (force !== undefined) return /^(0|false)$/i.test(force) ? 'never' : 'always';
	if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return 'never';
	return 'terminal';
}

/** Whether a stream gets colour under this choice. A `dumb` terminal shows escape codes as they are: none there. */
export function colourFor(choice: ColourChoice, stream: {isTTY?: boolean}, env: Record<string, string | undefined>): boolean {
	if (choice !== 'terminal') return choice === 'always';
	return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export type Paint = (style: 'green' | 'red' | 'yellow' | 'bold', text: string) => string;

/** Colours text when `enabled`; Node checks the stream again unless told not to (`validateStream`, Node 22+). */
export function painter(enabled: boolean): Paint {
	const style = styleText as (format: string, text: string, options?: {validateStream: boolean}) => string;
	return enabled ? (format, text) => style(format, text, {validateStream: false}) : (_format, text) => text;
}

/** Chalk, and so Ink, read `FORCE_COLOR` (never `NO_COLOR`) when they load: set it so that they follow the choice. */
export function exportColourChoice(choice: ColourChoice, env: Record<string, string | undefined>): void {
	if (choice === 'never') env['FORCE_COLOR'] = '0';
	else if (choice === 'always' && (env['FORCE_COLOR'] === undefined || /^(0|false)$/i.test(env['FORCE_COLOR']))) env['FORCE_COLOR'] = '1';
}
