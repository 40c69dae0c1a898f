import type { Cluster, EnvironmentProfile, FleetSettings, Region } from '../inventory/schema.ts';

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
}
