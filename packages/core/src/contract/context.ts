import type { Cluster, EnvironmentProfile, FleetSettings, Region } from '../inventory/schema.ts';
import type { ClusterEgress } from './egress.ts';

/** Another cluster of the same environment, as a values builder may see it. */
export type EnvironmentPeer = Pick<Cluster, 'name' | 'region' | 'role'>;

/** Everything a component's pure values builder may look at for one cluster. */
export interface ClusterContext {
  cluster: Cluster;
  environment: EnvironmentProfile;
  region: Region;
  fleet: FleetSettings;
  /** Names of the components enabled on this cluster (for cross-component values). */
  enabledComponents: ReadonlySet<string>;
  /**
   * How many clusters the Argo CD running on this cluster manages: 1 in the standalone topology
   * (itself), every cluster of the fleet on the hub, 0 on a spoke of a hub (it runs no Argo CD).
   */
  managedClusters?: number;
  /**
   * The other clusters of this cluster's environment in the whole inventory (sorted by name), so a
   * component can read what they publish (the primary's Thanos reads every other region's bucket,
   * docs/decisions.md#thanos-global-view). Never narrowed by `--cluster` or `--env`: a cluster's
   * values do not depend on what a run selects.
   */
  environmentPeers?: readonly EnvironmentPeer[];
  /**
   * What may leave the cluster in strict mode: every enabled component's declared endpoints and the
   * inventory's own (`clusterEgress`). Set by the values pipeline before any values builder runs
   * except a component's own `egress` (which contributes to it).
   */
  egress?: readonly ClusterEgress[];
}
