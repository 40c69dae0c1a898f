import { platformLabels, quantity } from '@platform/core';
import { z } from 'zod';

/** The namespace tiers of catalog 1.14.1. */
export const TIERS = ['system', 'platform', 'application', 'agent'] as const;
const tier = z.enum(TIERS);

export const namespaceSpec = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]{1,62}$/),
  tier,
  layer: z.string().regex(/^l(0[0-9]|1[01])$/),
  podSecurity: z.enum(['privileged', 'baseline', 'restricted']),
  team: z.string().min(1).optional(),
});

const tierQuota = z.strictObject({
  requestsCpu: quantity,
  requestsMemory: quantity,
  limitsCpu: quantity,
  limitsMemory: quantity,
  gpu: z.int().min(0),
  pvcs: z.int().min(0),
  storage: quantity,
  pods: z.int().min(1),
});

/** Values of our chart `charts/platform-baseline` (no upstream chart). */
export const chartValues = z
  .strictObject({
    environment: z.enum(['development', 'staging', 'production']),
    labels: platformLabels,
    namespaces: z
      .array(namespaceSpec)
      .meta({ description: 'Namespaces to create (kube-system is never created)' }),
    quotas: z
      .strictObject({ platform: tierQuota, application: tierQuota, agent: tierQuota })
      .meta({ description: 'ResourceQuota per tier, already scaled by the environment multiplier' }),
    limitRange: z
      .strictObject({
        defaultCpu: quantity,
        defaultMemory: quantity,
        defaultRequestCpu: quantity,
        defaultRequestMemory: quantity,
        maxCpu: quantity,
        maxMemory: quantity,
        minCpu: quantity,
        minMemory: quantity,
      })
      .meta({ description: 'Container LimitRange of application and agent namespaces (catalog C13)' }),
    networkPolicy: z
      .strictObject({
        mode: z.enum(['permissive', 'baseline', 'strict']),
        monitoringNamespace: z.string().min(1),
      })
      .meta({
        description:
          'baseline: default-deny ingress; strict: also default-deny egress (DNS and API server allowed)',
      }),
  })
  .meta({ title: 'charts/platform-baseline values' });
export type ChartValues = z.infer<typeof chartValues>;
export type NamespaceSpec = z.infer<typeof namespaceSpec>;
