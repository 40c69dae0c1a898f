export {
  closestMatch,
  didYouMean,
  ERROR_CODES,
  type ErrorCode,
  isRuntimeErrorCode,
  levenshtein,
  type RuntimeErrorCode,
} from '@platform/errors';
export {
  type ComponentDefinition,
  type ComponentResources,
  type ComponentRule,
  type ComponentSyncOptions,
  type DeepPartial,
  defineComponent,
  type GroupKind,
  type IgnoreDifference,
  LAYERS,
  type LayeredValues,
  type LayerName,
  type ManagedNamespaceMetadata,
  OWN_CHART_TARGET,
  type OwnChart,
  type ParsedTargets,
  type RuleViolation,
  type TargetSchemas,
  type TargetsOf,
  type TypedComponentRule,
  type TypedLayeredValues,
  type UpstreamChart,
  type Values,
} from './contract/component.ts';
export { componentContext, unknownIntegrations } from './contract/component-context.ts';
export type { ClusterContext, EnvironmentPeer } from './contract/context.ts';
export { type DagNode, installWaves } from './contract/dag.ts';
export {
  awsEndpoints,
  type ClusterEgress,
  clusterEgress,
  EGRESS_UNRESTRICTED_NAMESPACES,
  type EgressAllow,
  POD_IDENTITY_AGENT_CIDR,
} from './contract/egress.ts';
export { generatedJsonSchema } from './contract/json-schema.ts';
export {
  chartEnvironment,
  DNS1123_LABEL_PATTERN,
  dns1123Label,
  durationSeconds,
  platformLabels,
  podDisruptionBudgetValues,
  quantity,
  resourceRequirements,
  type TopologySpreadConstraint,
  topologySpreadConstraint,
  topologySpreadConstraints,
  type WorkloadLabels,
  workloadLabels,
  workloadLabelsFor,
  zoneAndHostSpread,
} from './contract/k8s-values.ts';
export {
  POD_IDENTITY_ROLES,
  type PodIdentityRole,
  podIdentityEgressName,
  podIdentityRoleArn,
} from './contract/pod-identity.ts';
export { DEFAULT_PROMOTION, gitopsBranch, promotionOrder, SINGLE_BRANCH } from './inventory/branches.ts';
export { clusterIdOf, MAX_CLUSTER_ID, MAX_ENI_CLUSTER_ID } from './inventory/cluster-id.ts';
export {
  CLUSTER_RULES,
  MIN_KUBERNETES_MINOR,
  SYSTEM_NODE_TAINT,
  SYSTEM_NODE_TOLERATION,
  SYSTEM_POOL,
  SYSTEM_POOL_FLOOR,
} from './inventory/cluster-rules.ts';
export { validateComponentNames, withOverridesOnlyFor } from './inventory/component-names.ts';
export { type FailoverRecord, failoverRecordOf, isScaledDownStandby } from './inventory/dr-rules.ts';
export { completeFleet, type FleetDraft } from './inventory/fleet-draft.ts';
export type { ClusterRule, FleetRule, RuleFinding } from './inventory/fleet-rule.ts';
export { FLEET_RULES } from './inventory/fleet-rules.ts';
export {
  INVENTORY_SCHEMA_DIR,
  inventoryJsonSchemas,
  staleInventoryJsonSchemas,
  writeInventoryJsonSchemas,
} from './inventory/json-schemas.ts';
export { type LoadFleetOptions, loadFleet, parseFleet } from './inventory/load-fleet.ts';
export { type ParsedInventory, parseInventory } from './inventory/parse-inventory.ts';
export {
  type InventoryFile,
  type InventoryKind,
  type ReadInventoryOptions,
  readInventoryFiles,
} from './inventory/read-inventory.ts';
export * from './inventory/schema.ts';
export { hubCluster, runsArgoCd, TOPOLOGY_RULES, topologyOf } from './inventory/topology-rules.ts';
export { validateFleet } from './inventory/validate-fleet.ts';
export { cidrsOverlap, formatCidr, type Ipv4Cidr, parseIpv4Cidr } from './util/cidr.ts';
export { toDottedPath } from './util/dotted-path.ts';
export type { SourceIssue, SourcePosition } from './util/yaml-document.ts';
export { type ComputeResult, computeFleet } from './values/compute.ts';
export type { ComputedCluster, ComputedComponent } from './values/computed.ts';
export { getPath, isPlainObject, joinPath, mergeWithProvenance, splitPath } from './values/merge.ts';
export type { LayerSource, ProvenanceMap, TargetValues } from './values/provenance.ts';
export { findSecretLiterals, type SecretFinding } from './values/secret-scan.ts';
