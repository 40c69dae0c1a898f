import { platformLabels, resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set on the Gatekeeper chart and on our policies chart.
 * @see https://open-policy-agent.github.io/gatekeeper/website/docs/install
 */
export const gatekeeperValues = z
  .strictObject({
    replicas: z.int().min(1).max(5).meta({ description: 'Admission webhook (controller manager) replicas' }),
    auditInterval: z.int().min(10).meta({ description: 'Seconds between audits' }),
    constraintViolationsLimit: z.int().min(1),
    emitAdmissionEvents: z.boolean(),
    emitAuditEvents: z.boolean(),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']),
    controllerManager: z.strictObject({ resources: resourceRequirements }),
    audit: z.strictObject({ resources: resourceRequirements }),
    pdb: z.strictObject({ controllerManager: z.strictObject({ minAvailable: z.int().min(0) }) }),
  })
  .meta({ title: 'gatekeeper upstream chart values (the keys we set)' });
export type GatekeeperValues = z.infer<typeof gatekeeperValues>;

/** Values of our chart `charts/gatekeeper`. */
export const chartValues = z
  .strictObject({
    environment: z.enum(['development', 'staging', 'production']),
    labels: platformLabels,
    requiredLabels: z
      .strictObject({
        enforcementAction: z
          .enum(['deny', 'dryrun', 'warn'])
          .meta({ description: 'deny in production, audit elsewhere' }),
        labels: z.array(z.string().min(1)).min(1),
        excludedNamespaces: z.array(z.string().min(1)),
      })
      .meta({ description: 'The require-cost-labels constraint (catalog 4.2)' }),
  })
  .meta({ title: 'charts/gatekeeper values' });
export type ChartValues = z.infer<typeof chartValues>;
