import { join, resolve } from 'node:path';
import { type ComponentDefinition, computeFleet, type Fleet, type Values } from '@platform/core';

export { standIn as stub } from '@platform/core/testing';

import { loadFleetFor, standIn as stub, withClusterOverride } from '@platform/core/testing';
import observability from '../index.ts';
import type { UpstreamTargets } from '../upstream/index.ts';

/** The repository root (tests read the real fleet in gitops/). */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const CLUSTERS = [
  'agentic-dev-usw2',
  'agentic-stg-usw2',
  'agentic-prod-usw2',
  'agentic-dr-use1',
] as const;

export const COMPONENTS = [
  observability,
  stub('prometheus-operator-crds'),
  stub('cilium'),
  stub('platform-baseline'),
  stub('external-secrets'),
];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleetFor(join(ROOT, 'gitops'), COMPONENTS, ['istio']);
}

/** The fleet with a cluster's observability values (per target) overridden. */
export function withOverride(fleet: Fleet, cluster: string, values: Record<string, Values>): Fleet {
  return withClusterOverride(fleet, cluster, 'observability', values);
}

/** Computed upstream values of the observability component, per cluster. */
export function compute(fleet: Fleet, components: readonly ComponentDefinition[] = COMPONENTS) {
  const { clusters, issues } = computeFleet(fleet, components);
  const byCluster = Object.fromEntries(
    clusters.flatMap((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'observability');
      if (!comp) return [];
      const targets = Object.fromEntries(Object.entries(comp.targets).map(([id, tv]) => [id, tv.values]));
      return [
        [cc.context.cluster.name, { targets: targets as unknown as UpstreamTargets, context: cc.context }],
      ];
    }),
  );
  return { issues, byCluster, clusters };
}
