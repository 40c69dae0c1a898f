import { PROMETHEUS_URL } from '@platform/component-observability';
import { type ClusterContext, type TypedLayeredValues, workloadLabelsFor } from '@platform/core';
import { type ArgoRolloutsValues, type ChartValues, PROVIDERS, type Targets } from './schema.ts';

export const NAMESPACE = 'argo-rollouts';
/** Gateway API traffic-router plugin release (exact tag; docs/decisions.md#argo-rollouts). */
export const GATEWAY_API_PLUGIN_VERSION = 'v0.8.0';
export const GATEWAY_API_PLUGIN_URL = `https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/download/${GATEWAY_API_PLUGIN_VERSION}/gatewayapi-plugin-linux-amd64`;

/**
 * Values of the Argo Rollouts component per layer (docs/decisions.md#argo-rollouts): the
 * controller with the Gateway API plugin, RBAC for the Gateway API (and Istio where it runs)
 * only, two replicas and a PDB where the environment wants them; our chart's success-rate
 * analysis reads the mesh's request metrics.
 */
export function argoRolloutsLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const istio = ctx.enabledComponents.has('istio');
  const replicas = env.replicas > 1 ? 2 : 1;
  const upstream: ArgoRolloutsValues = {
    installCRDs: true,
    keepCRDs: true,
    podLabels: workloadLabelsFor(ctx),
    global: { deploymentLabels: workloadLabelsFor(ctx) },
    controller: {
      replicas: 1,
      pdb: { enabled: false, minAvailable: 1 },
      resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
      trafficRouterPlugins: [{ name: 'argoproj-labs/gatewayAPI', location: GATEWAY_API_PLUGIN_URL }],
      metrics: { enabled: true, serviceMonitor: { enabled: true } },
    },
    providerRBAC: {
      enabled: true,
      // One key per PROVIDERS entry: Object.fromEntries types its keys as string, hence the cast.
      providers: Object.fromEntries(
        PROVIDERS.map((p) => [p, p === 'gatewayAPI' || (p === 'istio' && istio)]),
      ) as ArgoRolloutsValues['providerRBAC']['providers'],
    },
    dashboard: { enabled: false },
  };
  const chart: ChartValues = {
    environment: env.name,
    labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
    prometheus: { address: PROMETHEUS_URL },
    successRate: {
      source: istio ? 'istio' : 'hubble',
      interval: '1m',
      window: '5m',
      threshold: 0.99,
      failureLimit: 3,
    },
  };
  return {
    defaults: { 'argo-rollouts': upstream, chart },
    environment: {
      'argo-rollouts': {
        controller: { replicas, pdb: { enabled: env.pdb.enabled && replicas > 1, minAvailable: 1 } },
      },
    },
  };
}
