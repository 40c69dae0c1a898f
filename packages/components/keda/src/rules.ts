import type { RuleViolation, TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

const PARTS = [
  ['operator', 'operator'],
  ['metricsServer', 'metricServer'],
  ['webhooks', 'webhooks'],
] as const;

export const kedaRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'keda-ha-in-production',
    description: 'production runs two replicas of the KEDA operator, metrics server and webhooks',
    check: (v, ctx) => {
      if (ctx.environment.name !== 'production') return undefined;
      const k = v.keda;
      const out: RuleViolation[] = [];
      for (const [part] of PARTS)
        if (k[part].replicaCount < 2)
          out.push({
            path: `keda.${part}.replicaCount`,
            expected: 'at least 2',
            found: String(k[part].replicaCount),
          });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'keda-pdb-fits-replicas',
    description:
      'a PodDisruptionBudget needs more replicas than its minAvailable, and exists where the environment wants PDBs',
    check: (v, ctx) => {
      const k = v.keda;
      const out: RuleViolation[] = [];
      for (const [part, pdbKey] of PARTS) {
        const replicas = k[part].replicaCount;
        const min = k.podDisruptionBudget[pdbKey].minAvailable;
        if (min !== undefined && min >= replicas)
          out.push({
            path: `keda.podDisruptionBudget.${pdbKey}.minAvailable`,
            expected: `below ${part}.replicaCount (${replicas}), or no PDB`,
            found: String(min),
            hint: 'A PDB whose minAvailable equals the replicas blocks every node drain.',
          });
        if (ctx.environment.pdb.enabled && replicas > 1 && min === undefined)
          out.push({
            path: `keda.podDisruptionBudget.${pdbKey}.minAvailable`,
            expected: `set (the ${ctx.environment.name} profile enables PDBs)`,
            found: 'no PDB',
          });
      }
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'keda-redis-auth-needs-redis',
    description: 'the Redis ClusterTriggerAuthentication exists only where the redis-cluster component runs',
    check: (v, ctx) => {
      const c = v.chart;
      return c.redis.enabled && !ctx.enabledComponents.has('redis-cluster')
        ? [
            {
              path: 'chart.redis.enabled',
              expected: 'false (redis-cluster is not enabled on this cluster)',
              found: 'true',
            },
          ]
        : undefined;
    },
  },
];
