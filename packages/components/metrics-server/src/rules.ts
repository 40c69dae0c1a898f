import type { ParsedTargets, TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

const v = (values: ParsedTargets<Targets>) => values['metrics-server'];

export const metricsServerRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'ha-in-production',
    description: 'production serves the metrics API from two replicas or more behind a PodDisruptionBudget',
    check: (values, ctx) => {
      if (ctx.environment.name !== 'production') return undefined;
      const m = v(values);
      const out = [];
      if (m.replicas < 2)
        out.push({
          path: 'metrics-server.replicas',
          expected: 'at least 2 in production',
          found: String(m.replicas),
        });
      if (!m.podDisruptionBudget.enabled)
        out.push({
          path: 'metrics-server.podDisruptionBudget.enabled',
          expected: 'true in production',
          found: 'false',
        });
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'pdb-leaves-a-pod-to-evict',
    description: 'a PodDisruptionBudget must let a node drain: minAvailable below the replicas',
    check: (values) => {
      const m = v(values);
      const min = m.podDisruptionBudget.minAvailable ?? 1;
      return m.podDisruptionBudget.enabled && min >= m.replicas
        ? [
            {
              path: 'metrics-server.podDisruptionBudget.minAvailable',
              expected: `less than metrics-server.replicas (${m.replicas})`,
              found: String(min),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'servicemonitor-needs-metrics',
    description: 'the ServiceMonitor scrapes the /metrics endpoint, which metrics.enabled exposes',
    check: (values) => {
      const m = v(values);
      return m.serviceMonitor.enabled && !m.metrics.enabled
        ? [
            {
              path: 'metrics-server.metrics.enabled',
              expected: 'true when serviceMonitor.enabled',
              found: 'false',
            },
          ]
        : undefined;
    },
  },
];
