import { z } from 'zod';
import { environmentName } from '../inventory/schema.ts';
import type { ClusterContext } from './context.ts';

/**
 * Small schemas that every component's values use, declared once.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

/** A Kubernetes quantity such as `100m` or `512Mi`. */
export const quantity = z
  .string()
  .regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/, 'a Kubernetes quantity such as 100m or 512Mi');

/** Requests and limits, both CPU and memory (the harness requires all four on our workloads). */
export const resourceRequirements = z.strictObject({
  requests: z.strictObject({ cpu: quantity, memory: quantity }),
  limits: z.strictObject({ cpu: quantity, memory: quantity }),
});

/** The `podDisruptionBudget` block most charts accept. */
export const podDisruptionBudgetValues = z.strictObject({
  enabled: z.boolean(),
  minAvailable: z.int().min(0).optional(),
});

/** One pod `topologySpreadConstraints` entry, with the explicit selector of the pods it counts. */
export const topologySpreadConstraint = z.strictObject({
  maxSkew: z.int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: z.strictObject({ matchLabels: z.record(z.string(), z.string()) }),
});
export type TopologySpreadConstraint = z.infer<typeof topologySpreadConstraint>;

/** A chart's `topologySpreadConstraints` value, as {@link zoneAndHostSpread} writes it. */
export const topologySpreadConstraints = z
  .array(topologySpreadConstraint)
  .meta({ description: 'Zone and node spread of the replicas (none for one replica)' });

/**
 * Spread of an HA controller: across zones, then across nodes, both soft (ScheduleAnyway), so a
 * zone or node short of capacity delays nothing; none for a single replica. The selector must
 * be the workload's own pod labels (the fleet check `spread` proves it on the rendered objects).
 */
export function zoneAndHostSpread(
  replicas: number,
  podLabels: Readonly<Record<string, string>>,
): TopologySpreadConstraint[] {
  if (replicas < 2) return [];
  return ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'].map((topologyKey) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway' as const,
    labelSelector: { matchLabels: { ...podLabels } },
  }));
}

/**
 * The `environment` value of a chart: one of the inventory's environment names, so a chart
 * schema never keeps its own copy of the list.
 */
export const chartEnvironment = environmentName.meta({ description: 'Environment of the cluster' });

/** A DNS-1123 label (RFC 1123): most Kubernetes object names and every namespace. */
export const DNS1123_LABEL_PATTERN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The name of a Secret, ConfigMap, namespace or Service our charts write: a DNS-1123 label. */
export const dns1123Label = z.string().regex(DNS1123_LABEL_PATTERN, 'a DNS-1123 label').max(63);

/** Labels every object of our charts carries besides `environment`. */
export const platformLabels = z
  .strictObject({ 'cost-center': z.string().min(1), layer: z.string().regex(/^l(0[0-9]|1[01])$/) })
  .meta({ description: 'Labels on every object (cost-center, layer)' });

/**
 * The labels the fleet's Gatekeeper constraint requires on Namespaces, Deployments, StatefulSets
 * and DaemonSets (denied in production without them): the platform labels plus `environment`.
 * Upstream charts get them through their own label values.
 */
export const workloadLabels = platformLabels
  .extend({ environment: environmentName })
  .meta({ description: 'Labels Gatekeeper requires on workloads (cost-center, layer, environment)' });
export type WorkloadLabels = z.infer<typeof workloadLabels>;

/** The required workload labels of a cluster; the cost center comes from the cluster's labels. */
export function workloadLabelsFor(
  ctx: Pick<ClusterContext, 'cluster' | 'environment'>,
  layer = 'l00',
): WorkloadLabels {
  return {
    'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering',
    layer,
    environment: ctx.environment.name,
  };
}

/** Seconds of a `<n>s|m|h|d` duration (`30s`, `15m`, `1h`, `7d`); NaN for anything else. */
export function durationSeconds(d: string): number {
  const m = /^(\d+)(s|m|h|d)$/.exec(d);
  if (!m?.[1] || !m[2]) return Number.NaN;
  return Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
}
