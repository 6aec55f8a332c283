/**
 * The gate's command-line flags, for meow. Declared in camelCase, so both dive's spelling (`--lowestEfficiency`)
 * and kebab case (`--lowest-efficiency`) are accepted. Values stay strings until `gate-config.ts` reads them, so
 * that `disabled`, sizes and percents all go through one parser with one kind of error. Their help is in the
 * command line's flag table (`command-line/flag-table.ts`).
 */
export const gateFlags = {
	ciConfig: {type: 'string'},
	junit: {type: 'string'},
	markdown: {type: 'string'},
	baseline: {type: 'string'},
	lowestEfficiency: {type: 'string'},
	highestWastedBytes: {type: 'string'},
	highestUserWastedPercent: {type: 'string'},
	minEfficiency: {type: 'string'},
	maxRetainedBytes: {type: 'string'},
	maxRetainedPercent: {type: 'string'},
	maxMetadataOnlyBytes: {type: 'string'},
	maxDuplicateBytes: {type: 'string'},
	maxImageBytes: {type: 'string'},
	maxLayers: {type: 'string'},
	maxLayerBytes: {type: 'string'},
	forbiddenPaths: {type: 'string', isMultiple: true},
	maxSizeGrowth: {type: 'string'},
	maxRetainedGrowth: {type: 'string'},
} as const;
