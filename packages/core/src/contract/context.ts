import type { Cluster, EnvironmentProfile, FleetSettings, Region } from '../inventory/schema.ts';

/** Everything a component's pure values builder may look at for one cluster. */
export interface ClusterContext {
  cluster: Cluster;
  environment: EnvironmentProfile;
  region: Region;
  fleet: FleetSettings;
  /** Names of the components enabled on this cluster (for cross-component values). */
  enabledComponents: ReadonlySet<string>;
}
