import { type ComponentDefinition, defineComponent } from '@platform/core';
import { opencostEgress } from './egress.ts';
import { opencostRules } from './rules.ts';
import { chartValues, opencostValues } from './schema.ts';
import { NAMESPACE, opencostLayers } from './values.ts';

/** opencost-helm-chart 2.5.17 (2026-04-28), OpenCost 1.120.1. */
export const OPENCOST_CHART_VERSION = '2.5.17';

/**
 * OpenCost (docs/decisions.md#severities, #cost-budgets): the upstream chart reading the in-cluster Prometheus of the
 * observability component, and our chart with the cost recording rules, one
 * `namespace_cost_budget_usd` recording rule per budgeted namespace (budgets come from the
 * inventory), and the alerts at 80% and 100% of each budget.
 */
export const opencost: ComponentDefinition = defineComponent({
  name: 'opencost',
  namespace: NAMESPACE,
  description: 'OpenCost 1.120 on the in-cluster Prometheus; namespace budget alerts at 80% and 100%',
  upstreamCharts: [
    {
      id: 'opencost',
      repoURL: 'https://opencost.github.io/opencost-helm-chart',
      chart: 'opencost',
      version: OPENCOST_CHART_VERSION,
      valuesSchema: opencostValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['prometheus-operator-crds', 'observability'],
  enabledByDefault: () => true,
  values: opencostLayers,
  rules: opencostRules,
  egress: opencostEgress,
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
      { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
    ],
  },
});
