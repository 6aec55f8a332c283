/**
 * Sizes as dive's `.dive-ci` accepts them (docker/go-units `FromHumanSize`: decimal, and the case of the unit is
 * ignored, so `20MB` and `20Mb` are both 20,000,000 bytes), plus binary units `KiB`, `MiB`, `GiB`, `TiB`.
 */
export function parseSize(text: string): number | undefined {
	const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
	if (!match) return undefined;
	const value = Number(match[1]);
	const unit = match[2]!;
	const binary: Record<string, number> = {kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4};
	if (unit.toLowerCase() in binary && /i/.test(unit)) return Math.round(value * binary[unit.toLowerCase()]!);
	const decimal: Record<string, number> = {
		'': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12, p: 1e15, pb: 1e15,
	};
	const factor = decimal[unit.toLowerCase()];
	return factor === undefined ? undefined : Math.round(value * factor);
}
