import type { Issue } from '@platform/errors';
import { type FleetDraft, fileOf } from './fleet-draft.ts';
import { clusterIssue, type FleetRule } from './fleet-rule.ts';
import { type ArgocdTopology, type Cluster, type FleetSettings, IN_CLUSTER_SERVER } from './schema.ts';

/** The fleet's Argo CD topology; `standalone` when fleet.yaml does not say. */
export function topologyOf(fleet: Pick<FleetSettings, 'argocd'> | undefined): ArgocdTopology {
  return fleet?.argocd.topology ?? 'standalone';
}

/** The management cluster of a hub fleet (the one cluster with `hub: true`). */
export function hubCluster<C extends Pick<Cluster, 'hub'>>(clusters: readonly C[]): C | undefined {
  return clusters.find((c) => c.hub === true);
}

/** Whether a cluster runs the Argo CD that owns its Argo CD objects (itself, or the hub). */
export function runsArgoCd(
  fleet: Pick<FleetSettings, 'argocd'> | undefined,
  cluster: Pick<Cluster, 'hub'>,
): boolean {
  return topologyOf(fleet) === 'standalone' || cluster.hub === true;
}

function sameHost(a: string, b: string): boolean {
  try {
    return new URL(a).host === new URL(b).host;
  } catch {
    return a === b;
  }
}

/**
 * The topology the inventory asks for must be one Argo CD can serve: in `standalone` every
 * cluster's own Argo CD deploys to itself (in-cluster); in `hub` exactly one cluster is the hub,
 * it deploys to itself in-cluster, and every other cluster is a registered remote destination.
 */
export const TOPOLOGY_RULES: readonly FleetRule[] = [
  {
    code: 'argocd-topology',
    description: 'the clusters fit the Argo CD topology of fleet.yaml',
    check: (fleet: FleetDraft): Issue[] => {
      if (!fleet.settings) return [];
      const topology = topologyOf(fleet.settings);
      const issue = (c: Cluster, f: Omit<Issue, 'code' | 'file' | 'cluster'>) =>
        clusterIssue(fleet, c, 'argocd-topology', f);
      if (topology === 'standalone') {
        return fleet.clusters.flatMap((c) => [
          ...(c.hub
            ? [
                issue(c, {
                  path: 'hub',
                  message:
                    'hub: true needs the hub topology; in standalone every cluster runs its own Argo CD',
                  expected: `no hub field, or argocd.topology: hub in ${fileOf(fleet, 'fleet')}`,
                  found: 'true',
                }),
              ]
            : []),
          ...(c.destination.server !== IN_CLUSTER_SERVER
            ? [
                issue(c, {
                  path: 'destination.server',
                  message:
                    "in the standalone topology the cluster's own Argo CD deploys to the cluster it runs in, not to a remote API server",
                  expected: JSON.stringify(IN_CLUSTER_SERVER),
                  found: JSON.stringify(c.destination.server),
                  hint: `Set destination.server to ${IN_CLUSTER_SERVER}, or set argocd.topology: hub in ${fileOf(fleet, 'fleet')} and mark the management cluster with hub: true.`,
                }),
              ]
            : []),
        ]);
      }
      const hubs = fleet.clusters.filter((c) => c.hub === true);
      if (hubs.length === 0) {
        if (fleet.clustersIncomplete) return [];
        return [
          {
            code: 'argocd-topology',
            file: fileOf(fleet, 'fleet'),
            path: 'argocd.topology',
            message: 'the hub topology needs one management cluster, and no cluster is marked hub: true',
            expected: 'exactly one cluster file with hub: true',
            found: 'none',
            hint: 'Add hub: true to the management cluster, or use argocd.topology: standalone.',
          },
        ];
      }
      const [hub, ...others] = hubs as [Cluster, ...Cluster[]];
      const out: Issue[] = others.map((c) =>
        issue(c, {
          path: 'hub',
          message: `a second hub: ${hub.name} (${fileOf(fleet, { cluster: hub })}) is already the hub`,
          expected: 'exactly one cluster with hub: true',
          found: 'true',
          hint: `Remove hub: true here or from ${hub.name}.`,
        }),
      );
      if (hub.destination.server !== IN_CLUSTER_SERVER) {
        out.push(
          issue(hub, {
            path: 'destination.server',
            message: 'the hub deploys to itself through the in-cluster address of its own Argo CD',
            expected: JSON.stringify(IN_CLUSTER_SERVER),
            found: JSON.stringify(hub.destination.server),
          }),
        );
      }
      for (const c of fleet.clusters) {
        if (c.hub) continue;
        const server = c.destination.server;
        const isHub = server === IN_CLUSTER_SERVER || sameHost(server, hub.apiServerEndpoint);
        if (isHub) {
          out.push(
            issue(c, {
              path: 'destination.server',
              message: `the destination is the hub ${hub.name} itself: this cluster's components would be installed on the hub`,
              expected: `the API server of ${c.name} (registered on the hub as a cluster Secret)`,
              found: JSON.stringify(server),
              hint: `Set destination.server to ${c.name}'s own API server, e.g. its apiServerEndpoint ${c.apiServerEndpoint}.`,
            }),
          );
        }
      }
      return out;
    },
  },
];
