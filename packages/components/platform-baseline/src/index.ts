export { platformBaseline as default, platformBaseline } from './component.ts';
export {
  CATALOG_NAMESPACES,
  COMPONENT_NAMESPACES,
  PRIORITY_CLASSES,
  RUNTIME_CLASSES,
  STORAGE_CLASSES,
} from './defaults.ts';
export { parseQuantity, scaleBinary, scaleCount, scaleCpu, scaleQuantity } from './quantity.ts';
export { baselineRules, RESERVED_NAMESPACE_LABELS } from './rules.ts';
export {
  type ChartValues,
  chartValues,
  type LimitRange,
  type NamespaceSpec,
  NETWORK_POLICY_MODES,
  type NetworkPolicyMode,
  namespaceSpec,
  TIERS,
  type Tier,
  type TierQuota,
  WORKLOAD_TIERS,
} from './schema.ts';
export {
  baselineLayers,
  defaultNamespaces,
  limitRangeFor,
  quotas,
  SCRAPE_NAMESPACES,
  tierQuota,
} from './values.ts';
