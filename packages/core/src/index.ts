export {
  type ComponentDefinition,
  type ComponentRule,
  type ComponentSyncOptions,
  LAYERS,
  type LayeredValues,
  type LayerName,
  OWN_CHART_TARGET,
  type OwnChart,
  type RuleViolation,
  type UpstreamChart,
  type Values,
} from './contract/component.ts';
export type { ClusterContext } from './contract/context.ts';
export { type DagNode, installWaves } from './contract/dag.ts';
export * from './inventory/schema.ts';
export { closest, editDistance } from './values/closest.ts';
export { type ComputeResult, computeFleet } from './values/compute.ts';
export type { ComputedCluster, ComputedComponent } from './values/computed.ts';
export { getPath, isPlainObject, joinPath, mergeWithProvenance, splitPath } from './values/merge.ts';
export type { LayerSource, ProvenanceMap, TargetValues } from './values/provenance.ts';
export { findSecretLiterals, type SecretFinding } from './values/secret-scan.ts';
export { dottedPath, knownKeysAt, zodIssues } from './values/zod-issues.ts';
export { generatedJsonSchema } from './contract/json-schema.ts';
