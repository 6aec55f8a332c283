/** `{rule: 'pass' | 'fail' | 'skip'}` from the gate's rule lines (`  FAIL  maxLayers  10; threshold 9`). */
export function ruleStatuses(text: string): Record<string, string> {
	return Object.fromEntries([...text.matchAll(/^ {2}(PASS|FAIL|SKIP) {2}(\w+) /gm)].map(match => [match[2], match[1]!.toLowerCase()]));
}

/** The gate's line for one rule, without its leading status. */
export function ruleLine(text: string, rule: string): string | undefined {
	return new RegExp(`^ {2}(?:PASS|FAIL|SKIP) {2}${rule} +(.*)$`, 'm').exec(text)?.[1];
}
