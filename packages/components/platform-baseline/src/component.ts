import { type ComponentDefinition, defineComponent } from '@platform/core';
import { baselineRules } from './rules.ts';
import { type ChartValues, chartValues } from './schema.ts';
import { baselineLayers } from './values.ts';

/**
 * The platform baseline: labelled namespaces with Pod Security levels (kube-system's labels
 * included), quotas and limit ranges per tier scaled by the environment, baseline NetworkPolicies
 * per the environment's mode, the layer roles bound per namespace with a `<namespace>-service`
 * ServiceAccount per workload namespace, and the priority, storage and runtime classes. No upstream chart: only
 * ours. It depends on nothing, so it is in the first install wave with Cilium (namespaces
 * and classes come first, everything else lands in them); its objects need no CNI to be created.
 */
export const platformBaseline: ComponentDefinition = defineComponent({
  name: 'platform-baseline',
  namespace: 'kube-system',
  description:
    'Namespaces with PSS labels, tier quotas and limit ranges, baseline NetworkPolicies, priority/storage/runtime classes',
  upstreamCharts: [],
  chart: { valuesSchema: chartValues },
  dependsOn: [],
  integrates: 'any',
  enabledByDefault: () => true,
  values: baselineLayers,
  rules: baselineRules,
  // Every other component lives in these namespaces: never prune them automatically.
  sync: { disablePrune: true },
  resources: {
    cluster: [
      { group: '', kind: 'Namespace' },
      { group: 'node.k8s.io', kind: 'RuntimeClass' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
      { group: 'storage.k8s.io', kind: 'StorageClass' },
    ],
    namespaced: [
      { group: '', kind: 'LimitRange' },
      { group: '', kind: 'ResourceQuota' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'networking.k8s.io', kind: 'NetworkPolicy' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
    // Every namespace the baseline creates gets its quota, limit range and NetworkPolicies.
    // defineComponent types values and rules only: resources still see Record<string, Values>.
    extraNamespaces: (values) => Object.keys((values.chart as ChartValues).namespaces),
  },
});
