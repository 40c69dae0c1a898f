import { type ComponentDefinition, defineComponent } from '@platform/core';
import { metricsServerRules } from './rules.ts';
import { metricsServerValues } from './schema.ts';
import { metricsServerLayers, NAMESPACE } from './values.ts';

/** metrics-server chart 3.13.1, metrics-server 0.8.1. */
export const METRICS_SERVER_CHART_VERSION = '3.13.1';

/**
 * metrics-server (docs/decisions.md#metrics-server): the `metrics.k8s.io` API that the
 * HorizontalPodAutoscalers of Istio, Argo CD and our charts read. Two replicas spread over
 * nodes with a PodDisruptionBudget from staging on; one in development.
 */
export const metricsServer: ComponentDefinition = defineComponent({
  name: 'metrics-server',
  namespace: NAMESPACE,
  description: 'metrics-server 0.8: the metrics.k8s.io API for HPAs; HA with a PDB in production',
  upstreamCharts: [
    {
      id: 'metrics-server',
      repoURL: 'https://kubernetes-sigs.github.io/metrics-server/',
      chart: 'metrics-server',
      version: METRICS_SERVER_CHART_VERSION,
      valuesSchema: metricsServerValues,
    },
  ],
  dependsOn: ['prometheus-operator-crds', 'cilium'],
  enabledByDefault: () => true,
  values: metricsServerLayers,
  rules: metricsServerRules,
  resources: {
    cluster: [
      { group: 'apiregistration.k8s.io', kind: 'APIService' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
