import { type ComponentDefinition, defineComponent, runsArgoCd } from '@platform/core';
import { argoCdRules } from './rules.ts';
import { argoCdValues, chartValues } from './schema.ts';
import { argoCdLayers, NAMESPACE } from './values.ts';

/**
 * Argo CD managing itself from the same GitOps repository (docs/decisions.md#replicas): the argo-helm
 * chart pinned to 10.1.1 (Argo CD v3.4.4, the newest release whose values.yaml could be checked),
 * and our chart with the ExternalSecrets of the notification credentials and the OIDC client secret,
 * and the server's VirtualService on the Istio ingress gateway (docs/decisions.md#argocd-sso). After
 * External Secrets, whose CRDs and vault-backend store those ExternalSecrets need.
 */
export const argoCd: ComponentDefinition = defineComponent({
  name: 'argo-cd',
  namespace: NAMESPACE,
  description:
    'Argo CD itself: HA per environment, shards per managed cluster, health checks, Slack and PagerDuty notifications, on the Istio gateway with OIDC SSO',
  upstreamCharts: [
    {
      id: 'argo-cd',
      repoURL: 'https://argoproj.github.io/argo-helm',
      chart: 'argo-cd',
      version: '10.1.1',
      valuesSchema: argoCdValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['prometheus-operator-crds', 'cilium', 'external-secrets', 'metrics-server'],
  integrates: ['gatekeeper', 'istio', 'observability'],
  // Only where an Argo CD owns ApplicationSets: every cluster standalone, only the hub of a hub fleet.
  enabledByDefault: (ctx) => runsArgoCd(ctx.fleet, ctx.cluster),
  values: argoCdLayers,
  rules: argoCdRules,
  // Never let Argo CD prune itself. Server-side apply for the whole Application: the
  // ApplicationSet CRD (over 1 MB) does not fit the 256 KiB last-applied annotation of a
  // client-side apply, and the chart's per-CRD sync option is lost if crds.annotations is set.
  sync: { serverSideApply: true, disablePrune: true },
  resources: {
    cluster: [
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Pod' },
      { group: '', kind: 'Secret' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'apps', kind: 'StatefulSet' },
      { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
      { group: 'batch', kind: 'Job' },
      { group: 'external-secrets.io', kind: 'ExternalSecret' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'networking.istio.io', kind: 'VirtualService' },
      { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
