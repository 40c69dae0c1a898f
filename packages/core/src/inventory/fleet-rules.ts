import type { Issue } from '@platform/errors';
import { cidrsOverlap } from '../util/cidr.ts';
import { clusterIdOf } from './cluster-id.ts';
import { CLUSTER_RULES, clusterCidrs } from './cluster-rules.ts';
import { DR_RULES } from './dr-rules.ts';
import { ENDPOINT_RULES } from './endpoint-rules.ts';
import { type FleetDraft, fileOf } from './fleet-draft.ts';
import { clusterIssue, type FleetRule, forEachCluster } from './fleet-rule.ts';
import { METADATA_RULES } from './metadata-rules.ts';
import { PROMOTION_RULES } from './promotion-rules.ts';
import type { Cluster, EnvironmentName, EnvironmentProfile } from './schema.ts';
import { TOPOLOGY_RULES } from './topology-rules.ts';

/** Clusters grouped by a key, in fleet order, only groups with more than one member. */
function duplicatesBy(clusters: readonly Cluster[], key: (c: Cluster) => string | undefined): Cluster[][] {
  const groups = new Map<string, Cluster[]>();
  for (const c of clusters) {
    const k = key(c);
    if (k === undefined) continue;
    groups.set(k, [...(groups.get(k) ?? []), c]);
  }
  return [...groups.values()].filter((g) => g.length > 1);
}

function environmentsOf(fleet: FleetDraft): [EnvironmentName, EnvironmentProfile][] {
  return Object.entries(fleet.environments).filter((e): e is [EnvironmentName, EnvironmentProfile] => !!e[1]);
}

/** Rules across clusters, environments and regions (docs/decisions.md#disaster-recovery). */
const CROSS_RULES: readonly FleetRule[] = [
  {
    code: 'duplicate-cluster-name',
    description: 'cluster names are unique',
    check: (fleet) =>
      duplicatesBy(fleet.clusters, (c) => c.name).flatMap(([first, ...rest]) =>
        rest.map((c) =>
          clusterIssue(fleet, c, 'duplicate-cluster-name', {
            path: 'name',
            message: `cluster name ${c.name} is already used`,
            expected: 'a unique cluster name',
            found: `${JSON.stringify(c.name)}, also in ${first ? fileOf(fleet, { cluster: first }) : '?'}`,
          }),
        ),
      ),
  },
  {
    code: 'duplicate-cluster',
    description: 'no two clusters share environment, region and role',
    check: (fleet) =>
      duplicatesBy(fleet.clusters, (c) => `${c.environment}/${c.region}/${c.role}`).flatMap(
        ([first, ...rest]) =>
          rest
            .filter((c) => c.name !== first?.name) // same name: reported as duplicate-cluster-name
            .map((c) =>
              clusterIssue(fleet, c, 'duplicate-cluster', {
                path: 'region',
                message: `duplicate cluster: ${first?.name} already is the ${c.role} ${c.environment} cluster in ${c.region}`,
                expected: 'a unique (environment, region, role)',
                found: `(${c.environment}, ${c.region}, ${c.role})`,
                hint: 'Change environment, region or role, or remove one of the two files.',
              }),
            ),
      ),
  },
  {
    code: 'duplicate-cluster-id',
    description: 'cluster IDs (set or derived from the name) are unique within each ClusterMesh',
    check: (fleet) =>
      duplicatesBy(fleet.clusters, (c) => `${c.clusterMesh ?? ''}/${clusterIdOf(c)}`).flatMap(
        ([first, ...rest]) =>
          rest
            .filter((c) => c.name !== first?.name) // same name: reported as duplicate-cluster-name
            .map((c) => {
              const how = (x: Cluster) => (x.clusterId === undefined ? 'derived from its name' : 'set');
              return clusterIssue(fleet, c, 'duplicate-cluster-id', {
                path: 'clusterId',
                message: `cluster ID ${clusterIdOf(c)} (${how(c)}) is also the ID of cluster ${first?.name} (${first ? how(first) : '?'}) in ${first ? fileOf(fleet, { cluster: first }) : '?'}`,
                expected: c.clusterMesh
                  ? `a cluster ID no other cluster of the ClusterMesh ${JSON.stringify(c.clusterMesh)} has`
                  : 'a cluster ID no other cluster of the fleet has',
                found: String(clusterIdOf(c)),
                hint: 'Set `clusterId` to an unused ID in one of the two files (1-127 with Cilium ENI mode), or put the clusters in different `clusterMesh` groups if they never connect.',
              });
            }),
      ),
  },
  {
    code: 'cidr-overlap',
    description: 'VPC, pod and service ranges are unique across all clusters',
    check: (fleet) => {
      const issues: Issue[] = [];
      const all = fleet.clusters.map((c) => ({ c, cidrs: clusterCidrs(c) }));
      all.forEach(({ c: a, cidrs: ca }, i) => {
        for (const { c: b, cidrs: cb } of all.slice(i + 1)) {
          if (b.name === a.name) continue; // a copied file: reported as duplicate-cluster-name
          for (const x of ca) {
            for (const y of cb) {
              if (!cidrsOverlap(x.cidr, y.cidr)) continue;
              const side = (self: Cluster, mine: typeof x, other: Cluster, theirs: typeof y) =>
                clusterIssue(fleet, self, 'cidr-overlap', {
                  path: `network.${mine.field}`,
                  message: `network.${mine.field} overlaps network.${theirs.field} of cluster ${other.name}`,
                  expected: `a range disjoint from ${other.name} network.${theirs.field} (${other.network[theirs.field]})`,
                  found: self.network[mine.field],
                  hint: 'CIDRs must be unique across the whole fleet; pick an unused range.',
                });
              issues.push(side(a, x, b, y), side(b, y, a, x));
            }
          }
        }
      });
      return issues;
    },
  },
  {
    code: 'duplicate-region',
    description: 'region names and short names are unique',
    check: (fleet) => {
      const regions = fleet.settings?.regions ?? [];
      return regions.flatMap((r, i) =>
        (['name', 'shortName'] as const).flatMap((field): Issue[] => {
          const first = regions.findIndex((q) => q[field] === r[field]);
          return first < i
            ? [
                {
                  code: 'duplicate-region',
                  file: fileOf(fleet, 'fleet'),
                  path: `regions[${i}].${field}`,
                  message: `region ${field} ${r[field]} is already used by regions[${first}]`,
                  expected: `a unique ${field}`,
                  found: JSON.stringify(r[field]),
                },
              ]
            : [];
        }),
      );
    },
  },
  {
    code: 'gpu-sharing-inconsistent',
    description: 'time-slicing sets replicasPerGpu and no MIG; MIG sets a MIG strategy and no replicas',
    check: (fleet) =>
      environmentsOf(fleet).flatMap(([name, env]): Issue[] => {
        const where = { code: 'gpu-sharing-inconsistent', file: fileOf(fleet, { environment: name }) };
        const { gpu } = env;
        const out: Issue[] = [];
        if (gpu.sharing === 'time-slicing' && gpu.replicasPerGpu === undefined) {
          out.push({
            ...where,
            path: 'gpu.replicasPerGpu',
            message: 'time-slicing needs replicasPerGpu',
            expected: 'an integer >= 1',
            found: 'nothing',
          });
        }
        if (gpu.sharing === 'time-slicing' && gpu.migStrategy !== 'none') {
          out.push({
            ...where,
            path: 'gpu.migStrategy',
            message: 'time-slicing does not use MIG',
            expected: '"none"',
            found: JSON.stringify(gpu.migStrategy),
          });
        }
        if (gpu.sharing === 'mig' && gpu.migStrategy === 'none') {
          out.push({
            ...where,
            path: 'gpu.migStrategy',
            message: 'MIG sharing needs a MIG strategy',
            expected: '"single" or "mixed"',
            found: '"none"',
          });
        }
        if (gpu.sharing === 'mig' && gpu.replicasPerGpu !== undefined) {
          out.push({
            ...where,
            path: 'gpu.replicasPerGpu',
            message: 'replicasPerGpu applies to time-slicing only',
            expected: 'nothing',
            found: String(gpu.replicasPerGpu),
          });
        }
        return out;
      }),
  },
  {
    code: 'production-auto-sync',
    description: 'production syncs manually (manual sync after approval)',
    check: (fleet) => {
      const prod = fleet.environments.production;
      return prod?.sync.automated
        ? [
            {
              code: 'production-auto-sync',
              file: fileOf(fleet, { environment: 'production' }),
              path: 'sync.automated',
              message: 'production must not sync automatically',
              expected: 'false',
              found: 'true',
              hint: 'Production changes are synced by hand after approval.',
            },
          ]
        : [];
    },
  },
];

/** Every fleet rule, in the order issues are reported: per-cluster rules first, then cross-checks. */
export const FLEET_RULES: readonly FleetRule[] = [
  ...CLUSTER_RULES.map(forEachCluster),
  ...CROSS_RULES,
  ...ENDPOINT_RULES,
  ...DR_RULES,
  ...METADATA_RULES,
  ...TOPOLOGY_RULES,
  ...PROMOTION_RULES,
];
