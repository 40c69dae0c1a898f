import { join, resolve } from 'node:path';
import {
  type ComponentDefinition,
  computeFleet,
  type Fleet,
  loadFleet,
  type Values,
  withOverridesOnlyFor,
} from '@platform/core';
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

/** A stand-in for another component: only its name (and enablement) matters here. */
export function stub(name: string): ComponentDefinition {
  return {
    name,
    namespace: name,
    description: 'stand-in',
    upstreamCharts: [],
    dependsOn: [],
    enabledByDefault: () => true,
    values: () => ({}),
    rules: [],
  };
}

export const COMPONENTS = [
  observability,
  stub('prometheus-operator-crds'),
  stub('cilium'),
  stub('platform-baseline'),
  stub('external-secrets'),
];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleet(join(ROOT, 'gitops')).then((f) =>
    withOverridesOnlyFor(f, [...COMPONENTS.map((c) => c.name), 'istio']),
  );
}

/** The fleet with one cluster's observability values (per target) overridden. */
export function withOverride(fleet: Fleet, cluster: string, values: Record<string, Values>): Fleet {
  return {
    ...fleet,
    clusters: fleet.clusters.map((c) =>
      c.name === cluster ? { ...c, components: { ...c.components, observability: { values } } } : c,
    ),
  };
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
