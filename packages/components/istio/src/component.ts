import { type ComponentDefinition, defineComponent } from '@platform/core';
import { istioRules } from './rules.ts';
import { baseValues, chartValues, gatewayValues, istiodValues } from './schema.ts';
import { GATEWAY_RELEASE, istioByDefault, istioLayers, NAMESPACE } from './values.ts';

const ISTIO_REPO = 'https://istio-release.storage.googleapis.com/charts';
/** Istio 1.30.3 (base, istiod and gateway are released together; 1.30.4 has no published tag to pin). */
export const ISTIO_VERSION = '1.30.3';

/**
 * Istio (docs/decisions.md#service-mesh, #tracing, #legacy-values, #mesh-traffic): an optional mesh in sidecar mode next to Cilium, on by
 * default in staging and production and off in development (a per-cluster toggle). Upstream
 * `base`, `istiod` and `gateway` in that order, and our chart with the mesh-wide
 * PeerAuthentication, Telemetry, default DestinationRule and Sidecar, the ingress Gateway, its edge rate
 * limit (an EnvoyFilter, docs/decisions.md#edge-rate-limits) and its JWT policies
 * (docs/decisions.md#mesh-authorization). Enabling it
 * changes Cilium's values (socket LB in the host namespace only, non-exclusive CNI); the Cilium
 * component reads that from the enabled components.
 */
export const istio: ComponentDefinition = defineComponent({
  name: 'istio',
  namespace: NAMESPACE,
  description:
    'Istio 1.30 sidecar mesh: STRICT mTLS in production, tracing at the environment rate, ingress gateway',
  upstreamCharts: [
    { id: 'base', repoURL: ISTIO_REPO, chart: 'base', version: ISTIO_VERSION, valuesSchema: baseValues },
    {
      id: 'istiod',
      repoURL: ISTIO_REPO,
      chart: 'istiod',
      version: ISTIO_VERSION,
      valuesSchema: istiodValues,
    },
    {
      id: 'gateway',
      repoURL: ISTIO_REPO,
      chart: 'gateway',
      version: ISTIO_VERSION,
      releaseName: GATEWAY_RELEASE,
      valuesSchema: gatewayValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['cilium', 'metrics-server', 'aws-load-balancer-controller'],
  integrates: ['cert-manager'],
  enabledByDefault: istioByDefault,
  values: istioLayers,
  rules: istioRules,
  // base ships the Istio CRDs as templates (large); SSA avoids the last-applied annotation limit.
  sync: {
    serverSideApply: true,
    // Istiod writes its CA into the webhooks' caBundle and flips the validating webhook's failurePolicy to Fail once it is ready.
    ignoreDifferences: [
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle', '.webhooks[]?.failurePolicy'],
      },
      {
        group: 'admissionregistration.k8s.io',
        kind: 'MutatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      },
    ],
  },
  resources: {
    cluster: [
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration' },
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'autoscaling', kind: 'HorizontalPodAutoscaler' },
      { group: 'networking.istio.io', kind: 'DestinationRule' },
      { group: 'networking.istio.io', kind: 'EnvoyFilter' },
      { group: 'networking.istio.io', kind: 'Gateway' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'networking.istio.io', kind: 'Sidecar' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
      { group: 'security.istio.io', kind: 'AuthorizationPolicy' },
      { group: 'security.istio.io', kind: 'PeerAuthentication' },
      { group: 'security.istio.io', kind: 'RequestAuthentication' },
      { group: 'telemetry.istio.io', kind: 'Telemetry' },
    ],
  },
});
