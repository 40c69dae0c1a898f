import type { ClusterContext, TypedLayeredValues } from '@platform/core';
import {
  BASE_COUNTS,
  BASE_LIMIT_RANGE,
  BASE_TIERS,
  CATALOG_NAMESPACES,
  CLUSTER_ROLES,
  COMPONENT_NAMESPACES,
  GROUP_PREFIX,
  KUBE_SYSTEM,
  LIMITS_FACTOR,
  NAMESPACE_ROLES,
  PRIORITY_CLASSES,
  RUNTIME_CLASSES,
  SERVICE_ACCOUNT_ROLE,
  STORAGE_CLASSES,
  TIER_ROLES,
} from './defaults.ts';
import { scaleBinary, scaleCount, scaleCpu, scaleQuantity } from './quantity.ts';
import type { ChartValues, LimitRange, NamespaceSpec, Targets, Tier, TierQuota } from './schema.ts';
import { TIERS, WORKLOAD_TIERS } from './schema.ts';

/** Where Prometheus scrapes from: `monitoring` (the Cilium baseline) or `infrastructure` (docs/decisions.md#names). */
export const SCRAPE_NAMESPACES = ['infrastructure', 'monitoring'];

/** The quota of one tier, every hard value multiplied by `factor` (development is 2x, docs/decisions.md#quotas). */
export function tierQuota(t: Tier, factor: number): TierQuota {
  const b = BASE_TIERS[t];
  const cpuMem = (m: number) =>
    b.cpu === undefined || b.memoryGi === undefined
      ? undefined
      : { cpu: scaleCpu(String(b.cpu * m), factor), memory: scaleBinary(`${b.memoryGi * m}Gi`, factor) };
  const requests = cpuMem(1);
  const limits = cpuMem(LIMITS_FACTOR);
  const counts = WORKLOAD_TIERS.includes(t)
    ? {
        services: scaleCount(BASE_COUNTS.services, factor),
        secrets: scaleCount(BASE_COUNTS.secrets, factor),
        configMaps: scaleCount(BASE_COUNTS.configMaps, factor),
      }
    : {};
  return {
    ...(requests ? { requests } : {}),
    ...(limits ? { limits } : {}),
    gpu: scaleCount(b.gpu, factor),
    persistentVolumeClaims: scaleCount(b.pvcs, factor),
    storage: scaleBinary(b.storage, factor, 'Gi'),
    pods: scaleCount(b.pods, factor, 1),
    ...counts,
  };
}

/** Quotas of every tier for a multiplier. */
export function quotas(factor: number): Record<Tier, TierQuota> {
  return Object.fromEntries(TIERS.map((t) => [t, tierQuota(t, factor)])) as Record<Tier, TierQuota>;
}

/**
 * The LimitRange for a multiplier: relaxed environments raise the ceilings (`max`) with the quotas;
 * defaults and minimums stay, since they size every container that sets nothing.
 */
export function limitRangeFor(factor: number): LimitRange {
  const c = BASE_LIMIT_RANGE.container;
  return {
    container: {
      ...c,
      max: { cpu: scaleQuantity(c.max.cpu, factor), memory: scaleQuantity(c.max.memory, factor) },
    },
    persistentVolumeClaim: {
      ...BASE_LIMIT_RANGE.persistentVolumeClaim,
      max: scaleQuantity(BASE_LIMIT_RANGE.persistentVolumeClaim.max, factor),
    },
  };
}

/** The base namespaces plus those of the enabled platform components (Argo CD's own included). */
export function defaultNamespaces(ctx: ClusterContext): Record<string, NamespaceSpec> {
  const out: Record<string, NamespaceSpec> = { ...CATALOG_NAMESPACES };
  for (const [component, ns] of Object.entries(COMPONENT_NAMESPACES))
    if (ctx.enabledComponents.has(component)) out[ns.name] = ns.spec;
  if (ctx.enabledComponents.has('argo-cd'))
    out[ctx.fleet.argocd.namespace] = { tier: 'platform', layer: 'l00', podSecurity: 'baseline' };
  return out;
}

/**
 * Values of the baseline per layer: the baseline data as defaults, the environment's quota
 * multiplier and network-policy mode at the environment layer.
 */
export function baselineLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const defaults: ChartValues = {
    environment: env.name,
    labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
    namespaces: defaultNamespaces(ctx),
    kubeSystem: { ...KUBE_SYSTEM },
    rbac: {
      groupPrefix: GROUP_PREFIX,
      clusterRoles: structuredClone(CLUSTER_ROLES),
      tierRoles: { application: [...TIER_ROLES.application], agent: [...TIER_ROLES.agent] },
      namespaceRoles: structuredClone(NAMESPACE_ROLES),
      serviceAccountRole: SERVICE_ACCOUNT_ROLE,
    },
    quotas: quotas(1),
    limitRange: limitRangeFor(1),
    networkPolicy: {
      mode: 'baseline',
      scrape: {
        namespaces: SCRAPE_NAMESPACES,
        podSelector: { 'app.kubernetes.io/name': 'prometheus' },
        ports: [9090, 8080],
      },
      apiServerCidrs: [ctx.cluster.network.vpcCidr],
    },
    priorityClasses: { ...PRIORITY_CLASSES },
    storageClasses: { ...STORAGE_CLASSES },
    runtimeClasses: { ...RUNTIME_CLASSES },
  };
  const factor = env.quota.multiplier;
  return {
    defaults: { chart: defaults },
    environment: {
      chart: {
        networkPolicy: { mode: env.networkPolicy },
        ...(factor === 1 ? {} : { quotas: quotas(factor), limitRange: limitRangeFor(factor) }),
      },
    },
  };
}
