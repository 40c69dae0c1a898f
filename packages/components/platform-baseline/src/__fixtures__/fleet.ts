import { join, resolve } from 'node:path';
import {
  type ComponentDefinition,
  type ComputedCluster,
  computeFleet,
  type Fleet,
  type Values,
} from '@platform/core';
import { loadFleetFor } from '@platform/core/testing';
import platformBaseline from '../index.ts';

/** The repository root (tests read the real fleet in gitops/ and render charts/). */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const CHART_DIR = join(ROOT, 'charts/platform-baseline');
export const CLUSTERS = [
  'agentic-dev-usw2',
  'agentic-stg-usw2',
  'agentic-prod-usw2',
  'agentic-dr-use1',
] as const;

/** A stand-in for another component: only its name matters to the baseline. */
export function stub(name: string, namespace = name): ComponentDefinition {
  return {
    name,
    namespace,
    description: 'stand-in',
    upstreamCharts: [],
    dependsOn: [],
    enabledByDefault: () => true,
    values: () => ({}),
    rules: [],
  };
}

/** The baseline with the platform components whose namespaces it creates. */
export const COMPONENTS = [
  platformBaseline,
  stub('argo-cd', 'argocd'),
  stub('cert-manager'),
  stub('external-secrets'),
];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
}

/** The fleet with a cluster's `platform-baseline` chart values overridden. */
export function withOverride(fleet: Fleet, cluster: string, chart: Values): Fleet {
  return {
    ...fleet,
    clusters: fleet.clusters.map((c) =>
      c.name === cluster ? { ...c, components: { 'platform-baseline': { values: { chart } } } } : c,
    ),
  };
}

/** Computes the fleet; returns the issues and the baseline chart values per cluster. */
export function compute(fleet: Fleet, components: readonly ComponentDefinition[] = COMPONENTS) {
  const { clusters, issues } = computeFleet(fleet, components);
  const values = (cc: ComputedCluster) =>
    cc.components.find((c) => c.definition.name === 'platform-baseline')?.targets.chart?.values ?? {};
  return {
    issues,
    clusters,
    byCluster: Object.fromEntries(clusters.map((cc) => [cc.context.cluster.name, values(cc)])),
  };
}
