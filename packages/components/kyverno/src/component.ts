import { type ComponentDefinition, defineComponent } from '@platform/core';
import { kyvernoRules } from './rules.ts';
import { chartValues, kyvernoValues } from './schema.ts';
import { kyvernoLayers, NAMESPACE } from './values.ts';

/** kyverno chart 3.9.0 (2026-08-20), Kyverno v1.19.0. */
export const KYVERNO_CHART_VERSION = '3.9.0';

/**
 * Kyverno (docs/decisions.md#admission): the upstream chart, and our chart with the supply-chain
 * ClusterPolicies: keyless Cosign signatures and SBOM attestations on the organisation's images,
 * and the vulnerability gate, enforced on those images and audited on third-party ones. Both
 * exempt the namespaces Gatekeeper exempts.
 */
export const kyverno: ComponentDefinition = defineComponent({
  name: 'kyverno',
  namespace: NAMESPACE,
  description:
    'Kyverno 1.19: keyless Cosign verification of org images, vulnerability gate (Audit for third-party)',
  upstreamCharts: [
    {
      id: 'kyverno',
      repoURL: 'https://kyverno.github.io/kyverno/',
      chart: 'kyverno',
      version: KYVERNO_CHART_VERSION,
      valuesSchema: kyvernoValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['cilium', 'platform-baseline', 'prometheus-operator-crds'],
  enabledByDefault: () => true,
  values: kyvernoLayers,
  rules: kyvernoRules,
  // many large CRDs (client-side apply would exceed the annotation size limit)
  sync: { serverSideApply: true },
  resources: {
    cluster: [
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      { group: 'kyverno.io', kind: 'ClusterPolicy' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Pod' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'batch', kind: 'Job' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
