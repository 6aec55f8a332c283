/**
 * The gate's command-line flags, for meow. Declared in camelCase, so both dive's spelling (`--lowestEfficiency`)
 * and kebab case (`--lowest-efficiency`) are accepted. Values stay strings until `gate-config.ts` reads them, so
 * that `disabled`, sizes and percents all go through one parser with one kind of error.
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

export const gateHelp = `
	CI gate (with --ci; rules also come from .layerscope-ci.yml, or dive's .dive-ci; flags win)
	  --ci-config FILE        the rules file (default: .layerscope-ci.yml, else .dive-ci, in this directory)
	  --lowest-efficiency R   dive's rules, on dive's figures: defaults 0.9, disabled, 0.1
	  --highest-wasted-bytes SIZE   --highest-user-wasted-percent R
	  --min-efficiency R|P%   layerscope's rules, on the exact figures (each off unless set):
	  --max-retained-bytes SIZE  --max-retained-percent R|P%  --max-metadata-only-bytes SIZE
	  --max-duplicate-bytes SIZE  --max-image-bytes SIZE  --max-layers N  --max-layer-bytes SIZE
	  --forbidden-paths GLOB  a path that must not be in the final view (repeatable: **/*.pem)
	  --baseline REPORT       an earlier --json report, for --max-size-growth and --max-retained-growth SIZE|P%
	  --junit FILE|-          also write the verdicts as JUnit XML (- for stdout; the text then goes to stderr)
	  --markdown FILE|-       also write a Markdown summary (added to $GITHUB_STEP_SUMMARY when it is that file)
	  Sizes: 1B, 50kB, 20MB (decimal, as dive), 512KiB, 1GiB. Any rule takes "disabled".`;
