import type { ComponentDefinition } from '@platform/core';
import { redisRules } from './rules.ts';
import { chartValues } from './schema.ts';
import { NAMESPACE, redisLayers } from './values.ts';

/**
 * The Redis-compatible store of the platform (docs/decisions.md#redis-topology): our own chart only, no upstream
 * chart (no Bitnami images). Standalone in development, Redis Cluster elsewhere.
 */
export const redisCluster: ComponentDefinition = {
  name: 'redis-cluster',
  namespace: NAMESPACE,
  description: 'Valkey (BSD) key-value store: standalone in development, Redis Cluster with AOF elsewhere',
  upstreamCharts: [],
  chart: { valuesSchema: chartValues },
  // Cilium carries the pod network and enforces the NetworkPolicies; External Secrets writes
  // the password Secret the pods start with. cert-manager (the Certificate CRD and the vault-pki
  // issuer) comes before External Secrets, which depends on it; it is not listed here so that a
  // cluster without cert-manager still runs Redis, without TLS (docs/decisions.md#redis-tls).
  dependsOn: ['prometheus-operator-crds', 'cilium', 'external-secrets'],
  integrates: ['cert-manager', 'karpenter'],
  enabledByDefault: () => true,
  values: redisLayers,
  rules: redisRules,
  resources: {
    // the zone-aware bootstrap Job reads nodes (their zone label)
    cluster: [
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'StatefulSet' },
      { group: 'batch', kind: 'Job' },
      { group: 'cert-manager.io', kind: 'Certificate' },
      { group: 'cilium.io', kind: 'CiliumNetworkPolicy' },
      { group: 'external-secrets.io', kind: 'ExternalSecret' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
};
