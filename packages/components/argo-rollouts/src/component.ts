import { type ComponentDefinition, defineComponent } from '@platform/core';
import { argoRolloutsRules } from './rules.ts';
import { argoRolloutsValues, chartValues } from './schema.ts';
import { argoRolloutsLayers, NAMESPACE } from './values.ts';

/** argo-helm argo-rollouts 2.41.0, Argo Rollouts v1.9.0. */
export const ARGO_ROLLOUTS_CHART_VERSION = '2.41.0';

/**
 * Argo Rollouts (docs/decisions.md#argo-rollouts): progressive delivery through the Gateway API
 * traffic-router plugin (ingress-nginx is retired), and our chart with the ClusterAnalysisTemplate
 * `success-rate` against the in-cluster Prometheus.
 */
export const argoRollouts: ComponentDefinition = defineComponent({
  name: 'argo-rollouts',
  namespace: NAMESPACE,
  description:
    'Argo Rollouts 1.9 with the Gateway API traffic-router plugin; success-rate ClusterAnalysisTemplate',
  upstreamCharts: [
    {
      id: 'argo-rollouts',
      repoURL: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-rollouts',
      version: ARGO_ROLLOUTS_CHART_VERSION,
      valuesSchema: argoRolloutsValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['prometheus-operator-crds', 'cilium', 'observability'],
  integrates: ['istio'],
  enabledByDefault: () => true,
  values: argoRolloutsLayers,
  rules: argoRolloutsRules,
  sync: { serverSideApply: true },
  resources: {
    cluster: [
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'argoproj.io', kind: 'ClusterAnalysisTemplate' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
