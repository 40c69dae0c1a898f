import { join, resolve } from 'node:path';
import karpenter from '@platform/component-karpenter';
import {
  type ComponentDefinition,
  type ComputedCluster,
  computeFleet,
  type Fleet,
  type Values,
} from '@platform/core';
import { loadFleetFor, standIn, withClusterOverride } from '@platform/core/testing';
import gpu from '../index.ts';

/** The workspace root (tests read the real fleet in gitops/ and render charts/). */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const KARPENTER_CHART_DIR = join(ROOT, 'charts/karpenter');
export const CLUSTERS = [
  'agentic-dev-usw2',
  'agentic-stg-usw2',
  'agentic-prod-usw2',
  'agentic-dr-use1',
] as const;

/** The GPU component next to the real karpenter component, whose GPU pools and ConfigMaps it consumes. */
export const COMPONENTS: readonly ComponentDefinition[] = [
  gpu,
  karpenter,
  standIn('cilium'),
  standIn('prometheus-operator-crds'),
  // Karpenter integrates observability, so the fleet declares it; off, as the GPU values do not need it.
  standIn('observability', () => false),
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

/** One component's values per target on one computed cluster. */
export function targetsOf(cc: ComputedCluster, component: string): Record<string, Values> {
  const c = cc.components.find((x) => x.definition.name === component)!;
  return Object.fromEntries(Object.entries(c.targets).map(([t, v]) => [t, v!.values]));
}

/** The fleet with one cluster's gpu values (per target) overridden. */
export function withOverride(fleet: Fleet, cluster: string, values: Record<string, Values>): Fleet {
  return withClusterOverride(fleet, cluster, 'gpu', values);
}
