import { type ComponentDefinition, defineComponent } from '@platform/core';
import { karpenterRules } from './rules.ts';
import { chartValues, karpenterValues } from './schema.ts';
import { karpenterLayers, NAMESPACE } from './values.ts';

/**
 * Karpenter (docs/decisions.md#node-pools, #gpu-pools, #gpu-sharing, #disaster-recovery): the upstream chart 1.14.1 with settings from the cluster,
 * and our chart with the `default` and `gpu` EC2NodeClasses and the general, gpu-inference,
 * high-memory and spot-batch NodePools (the system pool stays an EKS managed node group), spot
 * use and floors per environment, GPU sharing per environment, and a scaled-down DR standby.
 */
export const karpenter: ComponentDefinition = defineComponent({
  name: 'karpenter',
  namespace: NAMESPACE,
  description:
    'Karpenter 1.14 node autoscaling: NodePools and EC2NodeClasses, spot and GPU sharing per environment',
  upstreamCharts: [
    {
      id: 'karpenter',
      repoURL: 'oci://public.ecr.aws/karpenter',
      chart: 'karpenter',
      version: '1.14.1',
      valuesSchema: karpenterValues,
    },
  ],
  chart: { valuesSchema: chartValues },
  dependsOn: ['prometheus-operator-crds', 'cilium'],
  integrates: ['observability'],
  enabledByDefault: () => true,
  values: karpenterLayers,
  rules: karpenterRules,
  // The chart ships five CRDs in crds/ (NodePool, NodeClaim, EC2NodeClass, NodeOverlay, CapacityBuffer).
  sync: { serverSideApply: true },
  resources: {
    cluster: [
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass' },
      { group: 'karpenter.sh', kind: 'NodePool' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
      { group: 'scheduling.k8s.io', kind: 'PriorityClass' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'policy', kind: 'PodDisruptionBudget' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
