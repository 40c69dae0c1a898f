export { apiServerRulesCheck } from './apiserver-rules.ts';
export { argoProject } from './argo-project.ts';
export { autoscalersCheck } from './autoscalers.ts';
export {
  type CiliumPolicy,
  type FlowEndpoint,
  type FlowPeer,
  type FlowVerdict,
  flowVerdict,
  matchesPattern,
} from './cilium-flows.ts';
export { OpenApiCacheMissingError } from './errors.ts';
export { gatekeeperCheck } from './gatekeeper.ts';
export { namespaceMetadataCheck } from './namespace-metadata.ts';
export { type PulledSpec, type PullOpenApiOptions, pullOpenApi } from './openapi/pull.ts';
export { KUBERNETES_OPENAPI_RELEASES } from './openapi/releases.ts';
export { podSecurityCheck } from './pod-security.ts';
export { type PodSecurityLevel, podSecurityViolations } from './pod-security-standards.ts';
export { referencesCheck } from './references.ts';
export { compareIssues, FLEET_CHECKS, runFleetChecks } from './run.ts';
export { schedulingCheck } from './scheduling.ts';
export { schemaCheck } from './schema.ts';
export { effectiveNamespace, isNamespaced } from './scopes.ts';
export { selectorMatches, spreadCheck } from './spread.ts';
export { SYSTEM_NODE_TAINTS } from './system-nodes.ts';
export type { FleetCheck } from './types.ts';
export { podTemplateOf } from './workloads.ts';
