import type { ClusterContext, ComponentDefinition, LayeredValues } from '@platform/core';
import { chartLayers, chartRules, chartValues } from './chart/index.ts';
import { NAMESPACE } from './constants.ts';
import { observabilityEgress } from './egress.ts';
import { UPSTREAM_CHARTS, upstreamLayers, upstreamRules } from './upstream/index.ts';

/** Both builders write disjoint targets (upstream chart ids vs `chart`): merge per layer. */
function observabilityLayers(ctx: ClusterContext): LayeredValues {
  const upstream = upstreamLayers(ctx);
  const own = chartLayers(ctx);
  const out: LayeredValues = {};
  for (const layer of ['defaults', 'environment', 'region', 'role'] as const) {
    const merged = { ...upstream[layer], ...own[layer] };
    if (Object.keys(merged).length > 0) out[layer] = merged;
  }
  return out;
}

/**
 * Observability (docs/decisions.md#tracing, #observability-upgrades, #severities): kube-prometheus-stack (Prometheus, Alertmanager,
 * Grafana, kube-state-metrics, node-exporter), Loki, Tempo and the OpenTelemetry collector, plus
 * our chart with the platform's PrometheusRules, dashboards, ServiceMonitors and the Alertmanager
 * receivers' secret.
 */
export const observability: ComponentDefinition = {
  name: 'observability',
  namespace: NAMESPACE,
  description:
    'kube-prometheus-stack, Loki, Tempo and OpenTelemetry: retention and sampling per environment, platform alerts routed by severity',
  upstreamCharts: UPSTREAM_CHARTS,
  chart: { valuesSchema: chartValues },
  dependsOn: ['prometheus-operator-crds', 'cilium', 'platform-baseline', 'external-secrets'],
  integrates: ['argo-cd', 'gatekeeper', 'istio', 'karpenter'],
  enabledByDefault: () => true,
  values: observabilityLayers,
  rules: [...upstreamRules, ...chartRules],
  egress: observabilityEgress,
  // kube-prometheus-stack ships large CRDs: Server-Side Apply (upstream-versions, docs/decisions.md#observability-upgrades).
  sync: {
    serverSideApply: true,
    // kube-prometheus-stack's admission patch job writes the caBundle and failurePolicy of the operator's webhooks after the install.
    ignoreDifferences: [
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'],
      },
      {
        group: 'admissionregistration.k8s.io',
        kind: 'MutatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'],
      },
    ],
  },
  resources: {
    cluster: [
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Pod' },
      { group: '', kind: 'Secret' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'DaemonSet' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'apps', kind: 'StatefulSet' },
      { group: 'batch', kind: 'Job' },
      { group: 'external-secrets.io', kind: 'ExternalSecret' },
      { group: 'monitoring.coreos.com', kind: 'Alertmanager' },
      { group: 'monitoring.coreos.com', kind: 'PodMonitor' },
      { group: 'monitoring.coreos.com', kind: 'Prometheus' },
      { group: 'monitoring.coreos.com', kind: 'PrometheusRule' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
    // kube-prometheus-stack's Services for the control plane's metrics live in kube-system.
    extraNamespaces: () => ['kube-system'],
  },
};
