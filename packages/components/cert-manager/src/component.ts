import { type ComponentDefinition, defineComponent } from '@platform/core';
import { certManagerEgress } from './egress.ts';
import { certManagerRules } from './rules.ts';
import { certManagerValues, chartValues } from './schema.ts';
import { certManagerLayers, NAMESPACE } from './values.ts';

/** cert-manager with the ClusterIssuers of the environment. */
export const certManager: ComponentDefinition = defineComponent({
  name: 'cert-manager',
  namespace: NAMESPACE,
  description: "cert-manager; ClusterIssuers: self-signed, Let's Encrypt (DNS-01 Route53), Vault PKI",
  upstreamCharts: [
    {
      id: 'cert-manager',
      repoURL: 'https://charts.jetstack.io',
      chart: 'cert-manager',
      version: 'v1.21.1',
      valuesSchema: certManagerValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['prometheus-operator-crds', 'cilium'],
  enabledByDefault: () => true,
  values: certManagerLayers,
  rules: certManagerRules,
  egress: certManagerEgress,
  sync: {
    serverSideApply: true,
    // cert-manager's cainjector writes the webhook's CA into the caBundle of its webhook configurations.
    ignoreDifferences: [
      {
        group: 'admissionregistration.k8s.io',
        kind: 'ValidatingWebhookConfiguration',
        jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'],
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
      { group: 'cert-manager.io', kind: 'ClusterIssuer' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'batch', kind: 'Job' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
    // The chart's leader-election Role and RoleBinding live in kube-system.
    extraNamespaces: () => ['kube-system'],
  },
});
