import { didYouMean, didYouMeanHint } from '@platform/errors';
import { cidrsOverlap, formatCidr, hasHostBits, type Ipv4Cidr, parseIpv4Cidr } from '../util/cidr.ts';
import type { ClusterRule, RuleFinding } from './fleet-rule.ts';
import type { Cluster } from './schema.ts';

/** Oldest Kubernetes minor version the platform supports. */
export const MIN_KUBERNETES_MINOR = 28;
/** Name of the node pool that runs the platform components. */
export const SYSTEM_POOL = 'system';

/**
 * The taint of the system node group (an EKS managed node group): it keeps everything but the
 * platform off those nodes. Until Karpenter runs they are the only nodes, so every workload of
 * an earlier install wave must tolerate it.
 */
export const SYSTEM_NODE_TAINT = { key: 'node-role', value: 'system', effect: 'NoSchedule' } as const;

/** The toleration of {@link SYSTEM_NODE_TAINT}, as a pod spec writes it. */
export const SYSTEM_NODE_TOLERATION = { ...SYSTEM_NODE_TAINT, operator: 'Equal' } as const;
/** Smallest system pool per cluster role: 3 nodes, 2 on a scaled-down DR cluster (docs/decisions.md#disaster-recovery). */
export const SYSTEM_POOL_FLOOR: Readonly<Record<Cluster['role'], number>> = { primary: 3, dr: 2 };
/** The network ranges of a cluster, in the order they are checked. */
export const NETWORK_FIELDS = ['vpcCidr', 'podCidr', 'serviceCidr'] as const;
/** Labels every cluster must carry. */
export const REQUIRED_CLUSTER_LABELS = ['cost-center'] as const;

/** The cluster's CIDRs that parse, by field. */
export function clusterCidrs(c: Cluster): { field: (typeof NETWORK_FIELDS)[number]; cidr: Ipv4Cidr }[] {
  return NETWORK_FIELDS.flatMap((field) => {
    const r = parseIpv4Cidr(c.network[field]);
    return r.ok ? [{ field, cidr: r.cidr }] : [];
  });
}

/** Rules that look at one cluster at a time. */
export const CLUSTER_RULES: readonly ClusterRule[] = [
  {
    code: 'kubernetes-version-unsupported',
    description: `Kubernetes version must be 1.${MIN_KUBERNETES_MINOR} or newer`,
    check: (c) => {
      const minor = Number(/^1\.(\d+)$/.exec(c.kubernetesVersion)?.[1] ?? Number.NaN);
      return minor < MIN_KUBERNETES_MINOR
        ? [
            {
              path: 'kubernetesVersion',
              message: 'Kubernetes version is no longer supported',
              expected: `>= 1.${MIN_KUBERNETES_MINOR}`,
              found: JSON.stringify(c.kubernetesVersion),
            },
          ]
        : [];
    },
  },
  {
    code: 'node-pool-min-exceeds-max',
    description: 'every node pool has minSize <= maxSize',
    check: (c) =>
      c.nodePools.flatMap((p, i) =>
        p.minSize > p.maxSize
          ? [
              {
                path: `nodePools[${i}].minSize`,
                message: `node pool ${p.name} has minSize greater than maxSize`,
                expected: `<= maxSize (${p.maxSize})`,
                found: String(p.minSize),
              },
            ]
          : [],
      ),
  },
  {
    code: 'duplicate-node-pool',
    description: 'node pool names are unique within a cluster',
    check: (c) =>
      c.nodePools.flatMap((p, i) => {
        const first = c.nodePools.findIndex((q) => q.name === p.name);
        return first < i
          ? [
              {
                path: `nodePools[${i}].name`,
                message: `node pool ${p.name} is defined twice`,
                expected: 'a unique pool name',
                found: `${JSON.stringify(p.name)}, also at nodePools[${first}]`,
              },
            ]
          : [];
      }),
  },
  {
    code: 'missing-system-pool',
    description: `every cluster has a node pool named ${SYSTEM_POOL}`,
    check: (c) =>
      c.nodePools.some((p) => p.name === SYSTEM_POOL)
        ? []
        : [
            {
              path: 'nodePools',
              message: `no node pool named ${SYSTEM_POOL}`,
              expected: `a pool named ${SYSTEM_POOL}`,
              found: c.nodePools.map((p) => p.name).join(', '),
              ...didYouMeanHint(
                SYSTEM_POOL,
                c.nodePools.map((p) => p.name),
              ),
            },
          ],
  },
  {
    code: 'dr-active-without-dr-role',
    description: 'drActive is set only on a role: dr cluster (it activates a DR standby)',
    check: (c) =>
      c.drActive !== undefined && c.role !== 'dr'
        ? [
            {
              path: 'drActive',
              message: `drActive activates a DR standby, but this cluster has role: ${c.role}`,
              expected: 'role: dr (drActive is only allowed on a DR cluster)',
              found: `role: ${c.role} with drActive: ${c.drActive}`,
              hint: 'Remove drActive from this cluster, or set it on the role: dr cluster of the environment.',
            },
          ]
        : [],
  },
  {
    code: 'system-pool-too-small',
    description: 'the system pool has at least 3 nodes (2 on a dr cluster that is not activated)',
    check: (c) => {
      const active = c.role === 'dr' && c.drActive === true;
      const floor = active ? SYSTEM_POOL_FLOOR.primary : SYSTEM_POOL_FLOOR[c.role];
      return c.nodePools.flatMap((p, i) =>
        p.name === SYSTEM_POOL && p.minSize < floor
          ? [
              {
                path: `nodePools[${i}].minSize`,
                message: active
                  ? `the system node pool of an activated dr cluster (drActive: true) must have the primary floor of ${floor} nodes`
                  : `the system node pool must have at least ${floor} nodes on a ${c.role} cluster`,
                expected: `>= ${floor}`,
                found: String(p.minSize),
                ...(active
                  ? {
                      hint: "Raise the system pool to the primary's sizes in the same change that sets drActive: true.",
                    }
                  : {}),
                ...(c.role === 'primary' && p.minSize >= SYSTEM_POOL_FLOOR.dr
                  ? {
                      hint: `Only a cluster with role: dr may run a ${SYSTEM_POOL_FLOOR.dr}-node system pool.`,
                    }
                  : {}),
              },
            ]
          : [],
      );
    },
  },
  {
    code: 'invalid-cidr',
    description: 'network ranges are valid IPv4 CIDRs (octets 0-255, prefix 0-32)',
    check: (c) =>
      NETWORK_FIELDS.flatMap((field): RuleFinding[] => {
        const r = parseIpv4Cidr(c.network[field]);
        return r.ok
          ? []
          : [
              {
                path: `network.${field}`,
                message: `not a valid IPv4 CIDR: ${r.reason}`,
                expected: 'an IPv4 CIDR such as 10.0.0.0/16',
                found: JSON.stringify(c.network[field]),
              },
            ];
      }),
  },
  {
    code: 'cidr-not-network-address',
    description: 'network ranges are written as their network address (host bits zero)',
    check: (c) =>
      clusterCidrs(c).flatMap(({ field, cidr }) =>
        hasHostBits(cidr)
          ? [
              {
                path: `network.${field}`,
                message: 'the CIDR has host bits set',
                expected: formatCidr(cidr),
                found: JSON.stringify(c.network[field]),
                hint: `Write ${formatCidr(cidr)}.`,
              },
            ]
          : [],
      ),
  },
  {
    code: 'cidr-overlap',
    description: 'the VPC, pod and service ranges of a cluster do not overlap',
    check: (c) => {
      const cidrs = clusterCidrs(c);
      return cidrs.flatMap((b, j) =>
        cidrs.slice(0, j).flatMap((a) =>
          cidrsOverlap(a.cidr, b.cidr)
            ? [
                {
                  path: `network.${b.field}`,
                  message: `network.${b.field} overlaps network.${a.field} of the same cluster`,
                  expected: `a range disjoint from network.${a.field} (${c.network[a.field]})`,
                  found: c.network[b.field],
                },
              ]
            : [],
        ),
      );
    },
  },
  {
    code: 'missing-label',
    description: `clusters carry the labels ${REQUIRED_CLUSTER_LABELS.join(', ')}`,
    check: (c) =>
      REQUIRED_CLUSTER_LABELS.flatMap((label) =>
        c.labels[label]?.trim()
          ? []
          : [
              {
                path: `labels.${label}`,
                message: `required label ${label} is missing or empty`,
                expected: `a non-empty ${label} label`,
                found: label in c.labels ? JSON.stringify(c.labels[label]) : 'nothing',
                ...didYouMeanHint(label, Object.keys(c.labels)),
              },
            ],
      ),
  },
  {
    code: 'label-mismatch',
    description: 'an environment label, when set, equals the cluster environment',
    check: (c) =>
      c.labels.environment !== undefined && c.labels.environment !== c.environment
        ? [
            {
              path: 'labels.environment',
              message: 'the environment label differs from the cluster environment',
              expected: JSON.stringify(c.environment),
              found: JSON.stringify(c.labels.environment),
              hint: 'Remove the label (it is derived from environment) or make it match.',
            },
          ]
        : [],
  },
  {
    code: 'unknown-region',
    description: 'the cluster region is one of the regions in fleet.yaml',
    check: (c, fleet) => {
      const regions = fleet.settings?.regions.map((r) => r.name);
      return regions && !regions.includes(c.region)
        ? [
            {
              path: 'region',
              message: 'region is not declared in the fleet settings',
              expected: `one of ${regions.join(', ')}`,
              found: JSON.stringify(c.region),
              hint: didYouMean(c.region, regions) ?? `Add ${c.region} to regions in fleet.yaml.`,
            },
          ]
        : [];
    },
  },
];
