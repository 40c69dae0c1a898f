import { type ComponentDefinition, defineComponent } from '@platform/core';
import { gatekeeperRules } from './rules.ts';
import { chartValues, gatekeeperValues } from './schema.ts';
import { gatekeeperLayers, gatekeeperNamespaceMetadata, NAMESPACE } from './values.ts';

/**
 * OPA Gatekeeper: the upstream chart pinned to 3.23.0, whose test matrix
 * covers the fleet's Kubernetes versions (docs/decisions.md#kubernetes-version), and our chart with the K8sRequiredLabels template,
 * the require-cost-labels constraint (deny in production, warn in staging, dryrun in development)
 * and the Config excluding the system namespaces. Installed after the baseline, so every namespace
 * it judges already carries its labels.
 */
export const gatekeeper: ComponentDefinition = defineComponent({
  name: 'gatekeeper',
  namespace: NAMESPACE,
  description: 'OPA Gatekeeper 3.23; require-cost-labels denies in production, audits elsewhere',
  upstreamCharts: [
    {
      id: 'gatekeeper',
      repoURL: 'https://open-policy-agent.github.io/gatekeeper/charts',
      chart: 'gatekeeper',
      version: '3.23.0',
      valuesSchema: gatekeeperValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['cilium', 'platform-baseline'],
  enabledByDefault: () => true,
  values: gatekeeperLayers,
  rules: gatekeeperRules,
  // Seventeen CRDs in crds/: server-side apply avoids the client-side annotation size limit.
  sync: {
    serverSideApply: true,
    managedNamespaceMetadata: gatekeeperNamespaceMetadata,
    // Gatekeeper's certificate rotator writes its CA into the caBundle of its webhook configurations.
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
      { group: 'constraints.gatekeeper.sh', kind: 'K8sRequiredLabels' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      { group: 'templates.gatekeeper.sh', kind: 'ConstraintTemplate' },
    ],
    namespaced: [
      { group: '', kind: 'ResourceQuota' },
      { group: '', kind: 'Secret' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'batch', kind: 'Job' },
      { group: 'config.gatekeeper.sh', kind: 'Config' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
