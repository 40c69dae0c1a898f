import type { ClusterContext, LayeredValues } from '@platform/core';
import type { NamespaceSpec } from './schema.ts';

/** The namespaces of catalog 1.14.1 with their tier, layer and Pod Security level. */
export const DEFAULT_NAMESPACES: NamespaceSpec[] = [
  { name: 'infrastructure', tier: 'platform', layer: 'l00', podSecurity: 'baseline' },
  { name: 'monitoring', tier: 'platform', layer: 'l00', podSecurity: 'baseline' },
  { name: 'data-layer', tier: 'application', layer: 'l01', podSecurity: 'restricted' },
  { name: 'agent-pool-default', tier: 'agent', layer: 'l02', podSecurity: 'restricted' },
  { name: 'agent-pool-research', tier: 'agent', layer: 'l02', podSecurity: 'restricted' },
  { name: 'agent-pool-coding', tier: 'agent', layer: 'l02', podSecurity: 'restricted' },
  { name: 'model-gateway', tier: 'application', layer: 'l04', podSecurity: 'restricted' },
  { name: 'planning-layer', tier: 'application', layer: 'l05', podSecurity: 'restricted' },
  { name: 'evaluation-layer', tier: 'application', layer: 'l06', podSecurity: 'restricted' },
  { name: 'api-gateway', tier: 'application', layer: 'l09', podSecurity: 'restricted' },
  { name: 'ui-layer', tier: 'application', layer: 'l10', podSecurity: 'restricted' },
];

/** Scales a quantity such as `50`, `500m` or `100Gi` by a factor. */
export function scale(q: string, factor: number): string {
  const m = /^(\d+(?:\.\d+)?)(.*)$/.exec(q);
  if (!m) return q;
  const n = Number(m[1]) * factor;
  return `${Number.isInteger(n) ? n : Number(n.toFixed(3))}${m[2]}`;
}

/** Base quotas per tier (catalog 1.14.2, resolved by C13: limits quota = 2x requests). */
const BASE = {
  platform: { cpu: 50, memory: 100, gpu: 0, pvcs: 50, storage: 500, pods: 200 },
  application: { cpu: 20, memory: 50, gpu: 4, pvcs: 30, storage: 200, pods: 100 },
  agent: { cpu: 10, memory: 20, gpu: 2, pvcs: 10, storage: 50, pods: 50 },
};

function quotas(multiplier: number) {
  const out: Record<string, unknown> = {};
  for (const [t, b] of Object.entries(BASE)) {
    out[t] = {
      requestsCpu: scale(String(b.cpu), multiplier),
      requestsMemory: scale(`${b.memory}Gi`, multiplier),
      limitsCpu: scale(String(b.cpu * 2), multiplier),
      limitsMemory: scale(`${b.memory * 2}Gi`, multiplier),
      gpu: Math.round(b.gpu * multiplier),
      pvcs: Math.round(b.pvcs * multiplier),
      storage: scale(`${b.storage}Gi`, multiplier),
      pods: Math.round(b.pods * multiplier),
    };
  }
  return out;
}

export function baselineLayers(ctx: ClusterContext): LayeredValues {
  const env = ctx.environment;
  return {
    defaults: {
      chart: {
        environment: env.name,
        labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
        namespaces: DEFAULT_NAMESPACES,
        quotas: quotas(1),
        limitRange: {
          defaultCpu: '500m',
          defaultMemory: '512Mi',
          defaultRequestCpu: '100m',
          defaultRequestMemory: '128Mi',
          maxCpu: '4',
          maxMemory: '8Gi',
          minCpu: '50m',
          minMemory: '64Mi',
        },
        networkPolicy: { mode: 'permissive', monitoringNamespace: 'monitoring' },
      },
    },
    environment: {
      chart: { quotas: quotas(env.quota.multiplier), networkPolicy: { mode: env.networkPolicy } },
    },
  };
}
