import { type ClusterContext, type TypedLayeredValues, workloadLabelsFor } from '@platform/core';
import type { Targets } from './schema.ts';

/** metrics-server runs next to the other cluster add-ons, as on EKS. */
export const NAMESPACE = 'kube-system';

/** The chart's selector labels with the release named after the component. */
const SELECTOR = {
  'app.kubernetes.io/name': 'metrics-server',
  'app.kubernetes.io/instance': 'metrics-server',
};

/** Replicas: 1 in development, 2 from staging on (the upstream HA setup); never more than 2. */
export function metricsServerReplicas(ctx: Pick<ClusterContext, 'environment'>): number {
  return Math.min(ctx.environment.replicas, 2);
}

export function metricsServerLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const replicas = metricsServerReplicas(ctx);
  return {
    defaults: {
      'metrics-server': {
        commonLabels: workloadLabelsFor(ctx),
        replicas: 1,
        podDisruptionBudget: { enabled: false, minAvailable: 1 },
        resources: { requests: { cpu: '100m', memory: '200Mi' }, limits: { cpu: '1', memory: '400Mi' } },
        topologySpreadConstraints: [],
        // The chart's default: metrics-server serves a self-signed certificate it generates at start.
        apiService: { create: true, insecureSkipTLSVerify: true },
        metrics: { enabled: true },
        serviceMonitor: { enabled: true },
      },
    },
    environment: {
      'metrics-server': {
        replicas,
        podDisruptionBudget: { enabled: ctx.environment.pdb.enabled && replicas > 1, minAvailable: 1 },
        topologySpreadConstraints:
          replicas > 1
            ? [
                {
                  maxSkew: 1,
                  topologyKey: 'kubernetes.io/hostname',
                  whenUnsatisfiable: 'DoNotSchedule',
                  labelSelector: { matchLabels: SELECTOR },
                },
              ]
            : [],
      },
    },
  };
}
