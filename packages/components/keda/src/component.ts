import { type ComponentDefinition, defineComponent } from '@platform/core';
import { kedaRules } from './rules.ts';
import { chartValues, kedaValues } from './schema.ts';
import { kedaLayers, NAMESPACE } from './values.ts';

/** kedacore/charts 2.20.2, KEDA 2.20.2. */
export const KEDA_CHART_VERSION = '2.20.2';

/**
 * KEDA (docs/decisions.md#keda): the operator, metrics API server and admission webhooks, HA
 * where the environment runs more than one replica; our chart adds the ClusterTriggerAuthentication
 * of the Redis scalers, its password synced from Vault into the keda namespace, the only
 * namespace whose Secrets KEDA may read. Applications own their ScaledObjects.
 */
export const keda: ComponentDefinition = defineComponent({
  name: 'keda',
  namespace: NAMESPACE,
  description:
    'KEDA 2.20 event-driven autoscaling; ClusterTriggerAuthentications for Redis (Secrets read in keda only)',
  upstreamCharts: [
    {
      id: 'keda',
      repoURL: 'https://kedacore.github.io/charts',
      chart: 'keda',
      version: KEDA_CHART_VERSION,
      valuesSchema: kedaValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['prometheus-operator-crds', 'cilium', 'external-secrets'],
  integrates: ['cert-manager', 'redis-cluster'],
  enabledByDefault: () => true,
  values: kedaLayers,
  rules: kedaRules,
  sync: {
    // The CRDs (ScaledJob especially) are too large for a client-side apply's annotation.
    serverSideApply: true,
    // The operator writes its self-signed CA into the webhook and the external metrics APIService.
    ignoreDifferences: [
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
      },
      { group: 'apiregistration.k8s.io', kind: 'APIService', jsonPointers: ['/spec/caBundle'] },
    ],
  },
  resources: {
    cluster: [
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'apiregistration.k8s.io', kind: 'APIService' },
      { group: 'keda.sh', kind: 'ClusterTriggerAuthentication' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'external-secrets.io', kind: 'ExternalSecret' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
    // The metrics server's auth-reader RoleBinding lives in kube-system.
    extraNamespaces: () => ['kube-system'],
  },
});
