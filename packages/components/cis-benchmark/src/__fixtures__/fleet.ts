import { join, resolve } from 'node:path';
import { type RenderedObject, renderChart } from '@platform/chart-harness';
import {
  type ComponentDefinition,
  type ComputedCluster,
  computeFleet,
  type Fleet,
  type Values,
} from '@platform/core';
import { loadFleetFor, standIn, withClusterOverride } from '@platform/core/testing';
import cisBenchmark from '../index.ts';

/** The workspace root (tests read the real fleet in gitops/ and render charts/). */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const CHART_DIR = join(ROOT, 'charts/cis-benchmark');
/** The Application's release: the emitter names our chart's release `<component>-config`. */
export const RELEASE = { releaseName: 'cis-benchmark-config', namespace: 'cis-benchmark' } as const;
export const CLUSTERS = [
  'agentic-dev-usw2',
  'agentic-stg-usw2',
  'agentic-prod-usw2',
  'agentic-dr-use1',
] as const;

export const COMPONENTS: readonly ComponentDefinition[] = [
  cisBenchmark,
  standIn('karpenter'),
  standIn('observability'),
  standIn('platform-baseline'),
  standIn('prometheus-operator-crds'),
];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
}

/** The computed clusters; throws with the issues when invalid. */
export function computed(fleet: Fleet): ComputedCluster[] {
  const { clusters, issues } = computeFleet(fleet, COMPONENTS);
  if (issues.length > 0) throw new Error(JSON.stringify(issues, null, 2));
  return clusters;
}

/** Every target's values of the component per cluster. */
export function valuesByCluster(fleet: Fleet): Map<string, Record<string, Values>> {
  return new Map(
    computed(fleet).map((cc) => {
      const c = cc.components.find((x) => x.definition.name === 'cis-benchmark')!;
      return [
        cc.context.cluster.name,
        Object.fromEntries(Object.entries(c.targets).map(([t, v]) => [t, v!.values])),
      ];
    }),
  );
}

/** The fleet with one cluster's cis-benchmark values (per target) overridden. */
export function withOverride(fleet: Fleet, cluster: string, values: Record<string, Values>): Fleet {
  return withClusterOverride(fleet, cluster, 'cis-benchmark', values);
}

/** Renders our chart with the real helm, as Argo CD does for the cluster. */
export function renderFor(values: Values): Promise<RenderedObject[]> {
  return renderChart(CHART_DIR, { name: 'test', values, ...RELEASE });
}
