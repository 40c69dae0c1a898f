import { resolve } from 'node:path';
import { type RenderedObject, renderChart } from '@platform/chart-harness';
import { type ComponentDefinition, computeFleet, type Fleet, type Values } from '@platform/core';
import { loadFleetFor, standIn } from '@platform/core/testing';
import redisCluster from '../index.ts';

export { standIn } from '@platform/core/testing';

/** The workspace root. */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const CHART_DIR = resolve(ROOT, 'charts/redis-cluster');
/** The Application's release: the emitter names our chart's release `<component>-config`. */
export const RELEASE = { releaseName: 'redis-cluster-config', namespace: 'infrastructure' } as const;

/** redis-cluster with the components it depends on. */
export const COMPONENTS: readonly ComponentDefinition[] = [
  redisCluster,
  standIn('cilium'),
  standIn('external-secrets'),
  standIn('cert-manager'),
  standIn('prometheus-operator-crds'),
];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleetFor(resolve(ROOT, 'gitops'), COMPONENTS);
}

/** Our chart's values for one cluster of a fleet; throws with every issue when the fleet is invalid. */
export function chartValuesFor(
  fleet: Fleet,
  cluster: string,
  components: readonly ComponentDefinition[] = COMPONENTS,
): Values {
  const { clusters, issues } = computeFleet(fleet, components);
  if (issues.length > 0) throw new Error(JSON.stringify(issues, null, 2));
  const values = clusters
    .find((c) => c.context.cluster.name === cluster)
    ?.components.find((c) => c.definition.name === 'redis-cluster')?.targets.chart?.values;
  if (!values) throw new Error(`redis-cluster is not enabled on ${cluster}`);
  return values;
}

/** Renders the chart with the real helm, as Argo CD does for the cluster. */
export function renderFor(values: Values): Promise<RenderedObject[]> {
  return renderChart(CHART_DIR, { name: 'test', values, ...RELEASE });
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

/** A container of a workload's pod template. */
export function containerOf(workload: Manifest, name: string): Manifest {
  const container = (workload.spec.template.spec.containers as Manifest[]).find((c) => c.name === name);
  if (!container) throw new Error(`no container ${name} in ${workload.kind} ${workload.metadata.name}`);
  return container;
}

/**
 * The environment of a rendered container, for running it on this machine: literal values as
 * rendered, except the names in `overrides`. Every `valueFrom` (downward API, Secret) must be
 * overridden; throws when one is not, or when an override names no variable of the container.
 */
export function envOf(
  container: Manifest,
  overrides: Readonly<Record<string, string>>,
): Record<string, string> {
  const env: Record<string, string> = {};
  const names = new Set<string>();
  for (const e of container.env as Manifest[]) {
    names.add(e.name);
    const override = overrides[e.name];
    if (override !== undefined) env[e.name] = override;
    else if (typeof e.value === 'string') env[e.name] = e.value;
    else
      throw new Error(
        `env ${e.name} comes from ${JSON.stringify(e.valueFrom)}: give the test a value for it`,
      );
  }
  const unknown = Object.keys(overrides).filter((n) => !names.has(n));
  if (unknown.length > 0)
    throw new Error(`overrides of variables the container does not have: ${unknown.join(', ')}`);
  return env;
}
