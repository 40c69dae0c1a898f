import { type ComponentDefinition, defineComponent } from '@platform/core';
import { cisBenchmarkEgress } from './egress.ts';
import { cisBenchmarkRules } from './rules.ts';
import { type ChartValues, chartValues, pushgatewayValues } from './schema.ts';
import { cisBenchmarkLayers, NAMESPACE } from './values.ts';

/** prometheus-pushgateway chart 3.8.0 (Pushgateway v1.11.3). */
export const PUSHGATEWAY_CHART_VERSION = '3.8.0';

/**
 * CIS benchmark (docs/decisions.md#cis-benchmark): kube-bench against the CIS Amazon EKS
 * benchmark as a daily CronJob on worker nodes (our chart), pushing pass/fail/warn counts per
 * target to a Prometheus Pushgateway (the upstream chart) that Prometheus scrapes for the
 * observability component's CIS alerts. Its namespace enforces privileged Pod Security.
 * Next to it, trivy scans the cluster and kubeaudit the listed namespaces, each a daily CronJob
 * with read-only RBAC that prints its results to the log (docs/decisions.md#security-scans).
 */
export const cisBenchmark: ComponentDefinition = defineComponent({
  name: 'cis-benchmark',
  namespace: NAMESPACE,
  description:
    'kube-bench (EKS CIS benchmark) daily on worker nodes, results via Pushgateway 1.11 to Prometheus; trivy and kubeaudit daily scans',
  upstreamCharts: [
    {
      id: 'prometheus-pushgateway',
      repoURL: 'https://prometheus-community.github.io/helm-charts',
      chart: 'prometheus-pushgateway',
      version: PUSHGATEWAY_CHART_VERSION,
      valuesSchema: pushgatewayValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  // the privileged namespace, and the Prometheus that scrapes the Pushgateway and holds the CIS
  // alerts. Not Karpenter: a CronJob syncs Healthy before any node runs it, and its first run
  // waits for the general pool's nodes by itself.
  dependsOn: ['observability', 'platform-baseline', 'prometheus-operator-crds'],
  enabledByDefault: () => true,
  values: cisBenchmarkLayers,
  rules: cisBenchmarkRules,
  egress: cisBenchmarkEgress,
  resources: {
    cluster: [
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'batch', kind: 'CronJob' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      // kubeaudit's read access, bound in each namespace it audits
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
    // resources get the merged values untyped: the chart's schema has already accepted them
    extraNamespaces: (values) => (values.chart as ChartValues).kubeaudit.namespaces,
  },
});
