import { join, resolve } from 'node:path';
import { type ComponentDefinition, computeFleet, type Fleet, type Values } from '@platform/core';

export { standIn as stub } from '@platform/core/testing';

import { loadFleetFor, standIn as stub, withClusterOverride } from '@platform/core/testing';
import istio, { type BaseValues, type ChartValues, type GatewayValues, type IstiodValues } from '../index.ts';

/** The repository root (tests read the real fleet in gitops/ and render charts/). */
export const ROOT = resolve(import.meta.dirname, '../../../../..');
export const CHART_DIR = join(ROOT, 'charts/istio');
export const CLUSTERS = [
  'agentic-dev-usw2',
  'agentic-stg-usw2',
  'agentic-prod-usw2',
  'agentic-dr-use1',
] as const;

export const COMPONENTS = [
  istio,
  stub('cilium'),
  stub('metrics-server'),
  stub('aws-load-balancer-controller'),
  stub('cert-manager'),
];

export function loadDefaultFleet(): Promise<Fleet> {
  return loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
}

/** The fleet with a cluster's istio toggle and values (per target) overridden. */
export function withOverride(
  fleet: Fleet,
  cluster: string,
  values: Record<string, Values>,
  enabled?: boolean,
): Fleet {
  return withClusterOverride(fleet, cluster, 'istio', values, enabled);
}

export interface IstioTargets {
  base: BaseValues;
  istiod: IstiodValues;
  gateway: GatewayValues;
  chart: ChartValues;
}

/** Computed Istio values of the clusters where it is enabled. */
export function compute(fleet: Fleet, components: readonly ComponentDefinition[] = COMPONENTS) {
  const { clusters, issues } = computeFleet(fleet, components);
  const byCluster = Object.fromEntries(
    clusters.flatMap((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'istio');
      if (!comp) return [];
      const t = (id: string) => comp.targets[id]!.values;
      return [
        [
          cc.context.cluster.name,
          {
            targets: {
              base: t('base'),
              istiod: t('istiod'),
              gateway: t('gateway'),
              chart: t('chart'),
            } as unknown as IstioTargets,
            wave: comp.wave,
            context: cc.context,
          },
        ],
      ];
    }),
  );
  return { issues, byCluster, clusters };
}
