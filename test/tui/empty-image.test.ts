import {afterAll, describe, expect, it} from 'vitest';
import {fixture} from '../helpers/cli.js';
import {hasTmux, privateTmux} from '../helpers/tmux.js';

describe.skipIf(!hasTmux)('an image with no layers in a real terminal (tmux)', () => {
	const terminal = privateTmux();
	afterAll(() => terminal.close());

	it('opens on an empty view that says so, and q quits with 0', async () => {
		terminal.start(`--tar '${fixture('images', 'empty.docker-containerd.tar')}'`);
		const screen = await terminal.waitFor(text => text.includes('▶ Layers'), 'the browser');
		expect(screen).toContain('File tree · No layers');
		expect(screen).toContain('Layer details');
		expect(screen).toContain('Total    0 B in 0 layers, 0 B visible');
		expect(screen).toContain('nothing to show');
		expect(screen).not.toMatch(/-1\b/);
		terminal.keys('j', 'Tab', 'j', 'q');
		await terminal.waitFor(text => text.includes('layerscope exited 0'), 'the exit');
	}, 60_000);
});
