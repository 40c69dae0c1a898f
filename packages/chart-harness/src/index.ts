export { assertChartClean, expectNoFindings } from './assert-chart-clean.ts';
export {
  type ChartRelease,
  chartAllowKinds,
  chartHostAccess,
  chartRelease,
  chartScenarios,
} from './chart-scenarios.ts';
export { type ChartCheckResult, type CheckChartOptions, checkChart } from './check-chart.ts';
export { checkObjects } from './check-objects.ts';
export { type CrdSchema, crdProblems, crdSchema } from './crd-schema.ts';
export {
  ChartFindingsError,
  HelmNotFoundError,
  HelmRenderError,
  ManifestParseError,
  ScenarioError,
} from './errors.ts';
export { formatFindings } from './format-findings.ts';
export { type HelmLookup, locateHelm } from './helm-binary.ts';
export { REQUIRED_LABELS } from './policy/labels.ts';
export {
  type AlertRuleTest,
  allRuleGroups,
  amtoolCheckConfig,
  amtoolRoutes,
  type ExpectedAlert,
  type InputSeries,
  locatePromTool,
  PROM_TOOL_PACKAGES,
  type PrometheusRuleGroups,
  type PromqlExprTest,
  type PromTool,
  PromToolCheckError,
  type PromToolLookup,
  PromToolNotFoundError,
  type PromToolResult,
  type PromtoolTestInput,
  promtoolCheckRules,
  promtoolTestRules,
  type RuleGroup,
  type RuleTestCase,
  ruleFileText,
  ruleGroupsFromObjects,
} from './prom-tools.ts';
export { type RenderOptions, renderChart } from './render-chart.ts';
export { LABELLED_KINDS, missingLabels } from './required-labels.ts';
export { findUnservedApi, type UnservedApi } from './served-apis.ts';
export type { CheckOptions, Finding, FindingCheck, RenderedObject, Scenario } from './types.ts';
export {
  ChartNotCachedError,
  cachedChart,
  chartCacheDir,
  renderUpstreamChart,
  renderUpstreamCharts,
  type UpstreamInstall,
  type UpstreamRender,
} from './upstream-chart.ts';
export { ChartNotPulledError, type UpstreamCrdOptions, upstreamCrds } from './upstream-crds.ts';
