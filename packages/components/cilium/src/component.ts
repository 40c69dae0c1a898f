import { type ComponentDefinition, defineComponent } from '@platform/core';
import { ciliumRules } from './rules.ts';
import { chartValues, ciliumValues } from './schema.ts';
import { ciliumLayers } from './values.ts';

/** Cilium: CNI in ENI mode, kube-proxy replacement, Hubble, baseline cluster-wide policies. */
export const cilium: ComponentDefinition = defineComponent({
  name: 'cilium',
  namespace: 'kube-system',
  description: 'CNI (ENI mode), kube-proxy replacement, Hubble, baseline cluster-wide network policies',
  upstreamCharts: [
    {
      id: 'cilium',
      repoURL: 'https://helm.cilium.io',
      chart: 'cilium',
      version: '1.20.0',
      valuesSchema: ciliumValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['prometheus-operator-crds'],
  integrates: ['istio'],
  enabledByDefault: () => true,
  values: ciliumLayers,
  rules: ciliumRules,
  // Pruning a CNI is risky; its CRDs are large.
  sync: { serverSideApply: true, disablePrune: true },
  resources: {
    cluster: [
      { group: '', kind: 'Namespace' },
      { group: 'cilium.io', kind: 'CiliumClusterwideNetworkPolicy' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Secret' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'DaemonSet' },
      { group: 'apps', kind: 'Deployment' },
      // Hubble's certificate generator (hubble.tls.auto.method: cronJob).
      { group: 'batch', kind: 'CronJob' },
      { group: 'batch', kind: 'Job' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
    // The chart's default secrets namespace for TLS interception and Envoy secrets.
    extraNamespaces: () => ['cilium-secrets'],
  },
});
