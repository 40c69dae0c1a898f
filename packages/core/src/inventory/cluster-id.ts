import type { Cluster } from './schema.ts';

/**
 * Highest cluster ID Cilium accepts in AWS ENI mode: IDs 128-255 trip a datapath bug that
 * drops policy-matched traffic there, and the Cilium chart refuses to render them
 * (https://github.com/cilium/cilium/issues/21330).
 */
export const MAX_ENI_CLUSTER_ID = 127;

/** Highest cluster ID Cilium accepts at all (with the default `maxConnectedClusters` 255). */
export const MAX_CLUSTER_ID = 255;

/**
 * The cluster's ID in a cluster mesh: the inventory's `clusterId` when set, else one derived
 * from the name (FNV-1a) in 1..127, so it is valid in every Cilium mode and never changes when
 * other clusters are added or removed. The derivation keeps the IDs 1..127 of its earlier form
 * (`hash % 255 + 1`) and folds the rest into 1..127. The fleet rule `duplicate-cluster-id`
 * reports two clusters with the same ID; set `clusterId` on one of them.
 */
export function clusterIdOf(cluster: Pick<Cluster, 'name' | 'clusterId'>): number {
  if (cluster.clusterId !== undefined) return cluster.clusterId;
  let h = 0x811c9dc5;
  for (const ch of cluster.name) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return ((h % MAX_CLUSTER_ID) % MAX_ENI_CLUSTER_ID) + 1;
}
