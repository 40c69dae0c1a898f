import { type ComponentDefinition, defineComponent } from '@platform/core';
import { externalSecretsEgress } from './egress.ts';
import { externalSecretsRules } from './rules.ts';
import { chartValues, esoValues, reloaderValues } from './schema.ts';
import { externalSecretsLayers, NAMESPACE } from './values.ts';

/**
 * External Secrets Operator with Reloader as a second upstream chart of the same component (they
 * are installed and upgraded together: Reloader rolls workloads when ESO refreshes a Secret),
 * plus our chart with the vault-backend, vault-pki and aws-secrets-manager ClusterSecretStores and the ExternalSecrets our charts need.
 */
export const externalSecrets: ComponentDefinition = defineComponent({
  name: 'external-secrets',
  namespace: NAMESPACE,
  description: 'External Secrets Operator (v1 API) + Reloader, vault-backend ClusterSecretStore per region',
  upstreamCharts: [
    {
      id: 'external-secrets',
      repoURL: 'https://charts.external-secrets.io',
      chart: 'external-secrets',
      version: '2.9.0',
      valuesSchema: esoValues,
    },
    {
      id: 'reloader',
      repoURL: 'https://stakater.github.io/stakater-charts',
      chart: 'reloader',
      version: '2.2.16',
      valuesSchema: reloaderValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  // cert-manager issues the webhook certificate (the Certificate CRD and the vault-pki issuer)
  dependsOn: ['prometheus-operator-crds', 'cilium', 'cert-manager'],
  enabledByDefault: () => true,
  values: externalSecretsLayers,
  rules: externalSecretsRules,
  egress: externalSecretsEgress,
  sync: { serverSideApply: true },
  resources: {
    cluster: [
      { group: 'admissionregistration.k8s.io', kind: 'ValidatingWebhookConfiguration' },
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'external-secrets.io', kind: 'ClusterSecretStore' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'Secret' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'cert-manager.io', kind: 'Certificate' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
