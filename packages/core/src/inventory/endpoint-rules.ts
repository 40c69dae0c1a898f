import type { Issue } from '@platform/errors';
import { type FleetDraft, fileOf } from './fleet-draft.ts';
import { clusterIssue, type FleetRule } from './fleet-rule.ts';
import { type Cluster, IN_CLUSTER_SERVER } from './schema.ts';

/** An AWS region name inside a host name, e.g. `us-west-2` in `x.gr7.us-west-2.eks.amazonaws.com`. */
const REGION_IN_HOST = /(?:^|[.-])([a-z]{2}(?:-gov)?-[a-z]+-\d)(?=[.-]|$)/;

/** The AWS region a URL's host names, if any. */
export function regionOfUrl(url: string): string | undefined {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    return undefined;
  }
  return REGION_IN_HOST.exec(host)?.[1];
}

/** The fields that identify a cluster's API server; each must be unique across the fleet. */
const ENDPOINT_FIELDS = [
  {
    code: 'duplicate-endpoint',
    path: 'apiServerEndpoint',
    get: (c: Cluster) => c.apiServerEndpoint,
    what: 'API server endpoint',
  },
  {
    code: 'duplicate-destination',
    path: 'destination.server',
    // Every standalone cluster (and a hub) names itself in-cluster: not a duplicate.
    get: (c: Cluster) => (c.destination.server === IN_CLUSTER_SERVER ? undefined : c.destination.server),
    what: 'Argo CD destination server',
  },
  {
    code: 'duplicate-destination',
    path: 'destination.name',
    get: (c: Cluster) => (c.destination.server === IN_CLUSTER_SERVER ? undefined : c.destination.name),
    what: 'Argo CD destination name',
  },
] as const;

/** Whether `value` names the cluster (its name as a whole host label or name). */
function namesCluster(value: string, c: Cluster): boolean {
  return new RegExp(`(^|[^a-z0-9-])${c.name}($|[^a-z0-9-])`).test(value);
}

/**
 * Which clusters of a group sharing one value introduced the duplicate. A copied file usually
 * keeps the other cluster's name in the value: the cluster the value names owns it and every
 * other one is blamed. When that does not tell (no cluster or several named), the first file in
 * file order is taken as the original and the later ones are blamed.
 */
function splitOwner(group: readonly Cluster[], value: string): { owner: Cluster; blamed: Cluster[] } {
  const named = group.filter((c) => namesCluster(value, c));
  const owner = named.length === 1 ? named[0]! : group[0]!;
  return { owner, blamed: group.filter((c) => c !== owner) };
}

export const ENDPOINT_RULES: readonly FleetRule[] = [
  {
    code: 'duplicate-endpoint',
    description: 'API server endpoints and Argo CD destinations are unique per cluster',
    check: (fleet: FleetDraft) =>
      ENDPOINT_FIELDS.flatMap((field) => {
        const groups = new Map<string, Cluster[]>();
        for (const c of fleet.clusters) {
          const v = field.get(c);
          if (v !== undefined) groups.set(v, [...(groups.get(v) ?? []), c]);
        }
        return [...groups].flatMap(([value, group]): Issue[] => {
          // Two files with the same cluster name: reported once, as duplicate-cluster-name.
          if (new Set(group.map((c) => c.name)).size < 2) return [];
          const { owner, blamed } = splitOwner(group, value);
          return blamed
            .filter((c) => c.name !== owner.name)
            .map((c) =>
              clusterIssue(fleet, c, field.code, {
                path: field.path,
                message: `the ${field.what} of cluster ${owner.name} (${fileOf(fleet, { cluster: owner })}) is used again here`,
                expected: `the ${field.what} of ${c.name} itself`,
                found: JSON.stringify(value),
                hint: `Each cluster has its own ${field.path}; a copied file keeps the original's. Set ${c.name}'s own value.`,
              }),
            );
        });
      }),
  },
  {
    code: 'endpoint-region-mismatch',
    description: "an endpoint that names an AWS region names the cluster's region",
    check: (fleet: FleetDraft) =>
      fleet.clusters
        // A region missing from fleet.yaml is reported as unknown-region, once.
        .filter((c) => fleet.settings?.regions.some((r) => r.name === c.region) ?? true)
        .flatMap((c) =>
          (['apiServerEndpoint', 'destination.server'] as const).flatMap((path) => {
            const url = path === 'apiServerEndpoint' ? c.apiServerEndpoint : c.destination.server;
            const r = regionOfUrl(url);
            return r !== undefined && r !== c.region
              ? [
                  clusterIssue(fleet, c, 'endpoint-region-mismatch', {
                    path,
                    message: `${path} is in region ${r}, the cluster in ${c.region}`,
                    expected: `an endpoint in ${c.region}`,
                    found: JSON.stringify(url),
                    hint: 'A copied cluster file keeps the endpoints of the original; set this cluster’s own.',
                  }),
                ]
              : [];
          }),
        ),
  },
];
