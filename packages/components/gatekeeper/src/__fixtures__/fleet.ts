import { join, resolve } from 'node:path';
import { computeFleet, type Fleet, type Values } from '@platform/core';

export { standIn as stub } from '@platform/core/testing';

import { loadFleetFor, standIn as stub, withClusterOverride } from '@platform/core/testing';
import gatekeeper, { type ChartValues, type GatekeeperValues } from '../index.ts';

/** The repository root (tests read the real fleet in gitops/ and render charts/). */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const CHART_DIR = join(ROOT, 'charts/gatekeeper');
export const CLUSTERS = [
  'agentic-dev-usw2',
  'agentic-stg-usw2',
  'agentic-prod-usw2',
  'agentic-dr-use1',
] as const;

export const COMPONENTS = [gatekeeper, stub('cilium'), stub('platform-baseline')];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
}

/** The fleet with a cluster's gatekeeper values (per target) overridden. */
export function withOverride(fleet: Fleet, cluster: string, values: Record<string, Values>): Fleet {
  return withClusterOverride(fleet, cluster, 'gatekeeper', values);
}

export function compute(fleet: Fleet) {
  const { clusters, issues } = computeFleet(fleet, COMPONENTS);
  const byCluster = Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'gatekeeper')!;
      return [
        cc.context.cluster.name,
        {
          upstream: comp.targets.gatekeeper!.values as GatekeeperValues,
          chart: comp.targets.chart!.values as ChartValues,
          wave: comp.wave,
          context: cc.context,
        },
      ];
    }),
  );
  return { issues, byCluster };
}
