import type { Cluster } from '@platform/core';
import { SYSTEM_POOL } from '@platform/core';

/** A node taint. */
export interface Taint {
  key: string;
  value?: string;
  effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

/**
 * The taint of the inventory's system node group (an EKS managed node group): it keeps
 * everything but the platform off those nodes. Until Karpenter runs, they are the only nodes.
 */
export const SYSTEM_NODE_TAINTS: readonly Taint[] = [
  { key: 'node-role', value: 'system', effect: 'NoSchedule' },
];

/** The labels the system node group puts on its nodes. */
export const SYSTEM_NODE_GROUP_LABELS: Readonly<Record<string, string>> = {
  'node-pool': SYSTEM_POOL,
  'eks.amazonaws.com/nodegroup': SYSTEM_POOL,
};

/** What is known of the labels of a node: exact values, or a set of possible values. */
export interface NodeLabels {
  /** Label -> the values it may have on one of these nodes. */
  values: ReadonlyMap<string, ReadonlySet<string>>;
  /** Labels every node has with a value not known in advance (host name, zone). */
  present: ReadonlySet<string>;
}

/**
 * The labels of the cluster's system nodes: the node group's own, the well-known labels the
 * kubelet and EKS set (OS, architecture from the instance types, instance type, region, capacity
 * type), and host name and zone with values unknown in advance.
 */
export function systemNodeLabels(cluster: Cluster): NodeLabels {
  const pool = cluster.nodePools.find((p) => p.name === SYSTEM_POOL) ?? cluster.nodePools[0];
  const instanceTypes = pool?.instanceTypes ?? [];
  const arch = new Set(instanceTypes.map((t) => (/^[a-z]+\d+g[a-z]*\./.test(t) ? 'arm64' : 'amd64')));
  const capacity =
    pool?.capacityType === 'spot'
      ? ['SPOT']
      : pool?.capacityType === 'mixed'
        ? ['ON_DEMAND', 'SPOT']
        : ['ON_DEMAND'];
  const values = new Map<string, Set<string>>([
    ...Object.entries(SYSTEM_NODE_GROUP_LABELS).map(([k, v]) => [k, new Set([v])] as [string, Set<string>]),
    ['kubernetes.io/os', new Set(['linux'])],
    ['beta.kubernetes.io/os', new Set(['linux'])],
    ['kubernetes.io/arch', arch],
    ['beta.kubernetes.io/arch', arch],
    ['node.kubernetes.io/instance-type', new Set(instanceTypes)],
    ['beta.kubernetes.io/instance-type', new Set(instanceTypes)],
    ['topology.kubernetes.io/region', new Set([cluster.region])],
    ['failure-domain.beta.kubernetes.io/region', new Set([cluster.region])],
    ['eks.amazonaws.com/capacityType', new Set(capacity)],
  ]);
  return {
    values,
    present: new Set([
      'kubernetes.io/hostname',
      'topology.kubernetes.io/zone',
      'failure-domain.beta.kubernetes.io/zone',
    ]),
  };
}
