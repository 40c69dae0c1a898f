import { join, resolve } from 'node:path';
import { type ComponentDefinition, computeFleet, type Fleet, type Values } from '@platform/core';

export { standIn as stub } from '@platform/core/testing';

import { loadFleetFor, standIn as stub, withClusterOverride } from '@platform/core/testing';
import karpenter, { type ChartValues, type KarpenterValues } from '../index.ts';

/** The repository root (tests read the real fleet in gitops/ and render charts/). */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const CHART_DIR = join(ROOT, 'charts/karpenter');
export const CLUSTERS = [
  'agentic-dev-usw2',
  'agentic-stg-usw2',
  'agentic-prod-usw2',
  'agentic-dr-use1',
] as const;

export const COMPONENTS = [
  karpenter,
  stub('cilium'),
  stub('prometheus-operator-crds'),
  // Karpenter integrates observability: declared, and off unless a test turns it on.
  stub('observability', () => false),
];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
}

/** The fleet with a cluster's karpenter values (per target) overridden. */
export function withOverride(fleet: Fleet, cluster: string, values: Record<string, Values>): Fleet {
  return withClusterOverride(fleet, cluster, 'karpenter', values);
}

export function compute(fleet: Fleet, components: readonly ComponentDefinition[] = COMPONENTS) {
  const { clusters, issues } = computeFleet(fleet, components);
  const byCluster = Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'karpenter')!;
      return [
        cc.context.cluster.name,
        {
          upstream: comp.targets.karpenter!.values as KarpenterValues,
          chart: comp.targets.chart!.values as ChartValues,
          wave: comp.wave,
          context: cc.context,
        },
      ];
    }),
  );
  return { issues, byCluster };
}
