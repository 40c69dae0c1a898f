import { podDisruptionBudgetValues, resourceRequirements, workloadLabels } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schema of the values we set on the upstream `metrics-server` chart (3.13.1, its
 * values.yaml). The APIService TLS stays as the chart ships it (docs/decisions.md#metrics-server).
 */

const labelSelector = z.strictObject({ matchLabels: z.record(z.string(), z.string()) });

export const metricsServerValues = z
  .strictObject({
    commonLabels: workloadLabels.meta({
      description: 'Labels on every object: the labels Gatekeeper requires on workloads',
    }),
    replicas: z.int().min(1).max(5).meta({ description: 'metrics-server replicas (2 for HA)' }),
    podDisruptionBudget: podDisruptionBudgetValues,
    resources: resourceRequirements,
    topologySpreadConstraints: z
      .array(
        z.strictObject({
          maxSkew: z.int().min(1),
          topologyKey: z.enum(['kubernetes.io/hostname', 'topology.kubernetes.io/zone']),
          whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
          labelSelector,
        }),
      )
      .meta({ description: 'Spread the replicas over nodes (empty with one replica)' }),
    apiService: z.strictObject({
      create: z.literal(true).meta({ description: 'Register v1beta1.metrics.k8s.io (what HPAs read)' }),
      insecureSkipTLSVerify: z.boolean().meta({
        description: "Skip verifying metrics-server's self-signed serving certificate (the chart's default)",
      }),
    }),
    metrics: z.strictObject({ enabled: z.boolean().meta({ description: 'Expose /metrics' }) }),
    serviceMonitor: z.strictObject({ enabled: z.boolean() }),
  })
  .meta({ title: 'metrics-server upstream chart values (the keys we set)' });
export type MetricsServerValues = z.infer<typeof metricsServerValues>;

/** The component's values targets with their schemas: the upstream `metrics-server` chart. */
export type Targets = { 'metrics-server': typeof metricsServerValues };
