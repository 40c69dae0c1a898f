import { join, resolve } from 'node:path';
import { checkChart, type RenderedObject } from '@platform/chart-harness';
import {
  type ClusterContext,
  type ComponentDefinition,
  computeFleet,
  type Fleet,
  type Values,
} from '@platform/core';

export { standIn } from '@platform/core/testing';

import { loadFleetFor, standIn } from '@platform/core/testing';
import type { ChartValues } from '../chart/index.ts';
import { NAMESPACE } from '../constants.ts';
import observability from '../index.ts';

/** The repository root (tests read the real fleet in gitops/ and render charts/observability). */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const CHART_DIR = resolve(ROOT, 'charts/observability');
/** The Application's release: the emitter names our chart's release `<component>-config`. */
export const RELEASE = { releaseName: 'observability-config', namespace: NAMESPACE } as const;
export const CLUSTERS = [
  'agentic-dev-usw2',
  'agentic-stg-usw2',
  'agentic-prod-usw2',
  'agentic-dr-use1',
] as const;

/** observability with the components it depends on or monitors (Istio is off in development, as the real one). */
export const COMPONENTS: readonly ComponentDefinition[] = [
  observability,
  standIn('prometheus-operator-crds'),
  standIn('cilium'),
  standIn('platform-baseline'),
  standIn('external-secrets'),
  standIn('karpenter'),
  standIn('gatekeeper'),
  standIn('argo-cd'),
  standIn('istio', (ctx) => ctx.environment.name !== 'development'),
];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
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

export interface ComputedObservability {
  context: ClusterContext;
  chart: ChartValues;
  targets: Record<string, Values>;
}

/** The computed values of the observability component per cluster, and every issue. */
export function compute(fleet: Fleet, components: readonly ComponentDefinition[] = COMPONENTS) {
  const { clusters, issues } = computeFleet(fleet, components);
  const byCluster = new Map<string, ComputedObservability>();
  for (const cc of clusters) {
    const comp = cc.components.find((c) => c.definition.name === 'observability');
    if (!comp) continue;
    const targets = Object.fromEntries(Object.entries(comp.targets).map(([id, tv]) => [id, tv!.values]));
    byCluster.set(cc.context.cluster.name, {
      context: cc.context,
      chart: targets.chart as unknown as ChartValues,
      targets,
    });
  }
  return { issues, byCluster };
}

/** Renders the chart with the real helm for every cluster and runs the harness checks. */
export async function renderFleet(fleet: Fleet) {
  const { issues, byCluster } = compute(fleet);
  if (issues.length > 0) throw new Error(JSON.stringify(issues, null, 2));
  const scenarios = [...byCluster].map(([name, c]) => ({
    name,
    values: c.chart as unknown as Record<string, unknown>,
    kubeVersion: `${c.context.cluster.kubernetesVersion}.0`,
    ...RELEASE,
  }));
  const result = await checkChart(CHART_DIR, scenarios);
  return { ...result, byCluster };
}

type Manifest = Record<string, any>;

/** The rendered object of a kind and name; throws when it is missing. */
export function objectOf(objects: readonly RenderedObject[], kind: string, name: string): Manifest {
  const found = objects.find(
    (o) => o.manifest.kind === kind && (o.manifest.metadata as Manifest)?.name === name,
  );
  if (!found) throw new Error(`no ${kind} ${name} rendered`);
  return found.manifest;
}
