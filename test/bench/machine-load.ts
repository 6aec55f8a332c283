import {readFileSync} from 'node:fs';

/** Linux reports /proc/stat in USER_HZ ticks, 100 a second on every common architecture. */
const ticksPerSecond = 100;

/**
 * CPU time the whole machine has spent busy since boot (Linux /proc/stat: user, nice, system, irq, softirq), in
 * seconds; undefined where there is no /proc. The difference over a run, minus the run's own CPU time, is what
 * other processes took: on a small shared machine that is what makes wall-clock figures jump.
 */
export function machineBusySeconds(): number | undefined {
	try {
		const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
		const [user = 0, nice = 0, system = 0, , , irq = 0, softirq = 0] = fields;
		return (user + nice + system + irq + softirq) / ticksPerSecond;
	} catch {
		return undefined;
	}
}
