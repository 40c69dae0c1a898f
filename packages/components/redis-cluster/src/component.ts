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
  // the password Secret the pods start with.
  dependsOn: ['prometheus-operator-crds', 'cilium', 'external-secrets'],
  integrates: ['karpenter'],
  enabledByDefault: () => true,
  values: redisLayers,
  rules: redisRules,
  resources: {
    cluster: [],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'StatefulSet' },
      { group: 'batch', kind: 'Job' },
      { group: 'external-secrets.io', kind: 'ExternalSecret' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
    ],
  },
};
