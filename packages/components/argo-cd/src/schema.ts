import { platformLabels } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set on the argo-cd chart (argo-helm) and on our chart.
 * @see https://github.com/argoproj/argo-helm/tree/main/charts/argo-cd
 */
const pdb = z.strictObject({ enabled: z.boolean() });
const scaled = z.strictObject({ replicas: z.int().min(1).max(10), pdb });

export const argoCdValues = z
  .strictObject({
    global: z.strictObject({ domain: z.string().min(1) }),
    configs: z.strictObject({
      params: z
        .record(z.string(), z.union([z.string(), z.boolean(), z.number()]))
        .meta({ description: 'argocd-cmd-params-cm entries' }),
      cm: z.record(z.string(), z.string()).meta({ description: 'argocd-cm entries' }),
    }),
    controller: scaled,
    server: scaled,
    repoServer: scaled,
    applicationSet: scaled,
    redis: z.strictObject({ enabled: z.boolean() }),
    'redis-ha': z.strictObject({ enabled: z.boolean() }),
    notifications: z.strictObject({
      enabled: z.boolean(),
      argocdUrl: z.url(),
      secret: z
        .strictObject({ create: z.boolean() })
        .meta({ description: 'false: the Secret comes from an ExternalSecret' }),
      notifiers: z.record(z.string().regex(/^service\./), z.string()),
      triggers: z.record(z.string().regex(/^trigger\./), z.string()),
      templates: z.record(z.string().regex(/^template\./), z.string()),
      subscriptions: z.array(
        z.strictObject({ recipients: z.array(z.string()), triggers: z.array(z.string()) }),
      ),
    }),
  })
  .meta({ title: 'argo-cd upstream chart values (the keys we set)' });
export type ArgoCdValues = z.infer<typeof argoCdValues>;

/** Values of our chart `charts/argo-cd`: the ExternalSecret of the notification credentials. */
export const chartValues = z
  .strictObject({
    environment: z.enum(['development', 'staging', 'production']),
    labels: platformLabels,
    notificationsSecret: z.strictObject({
      vaultKey: z
        .string()
        .min(1)
        .meta({ description: 'Vault KV path holding slack-token and pagerduty-key' }),
      refreshInterval: z.string().regex(/^\d+[mh]$/),
    }),
  })
  .meta({ title: 'charts/argo-cd values' });
export type ChartValues = z.infer<typeof chartValues>;
