import { chartEnvironment, dns1123Label, platformLabels, resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set on the argo-cd chart (argo-helm) and on our chart. Every
 * upstream key was checked against `charts/argo-cd/values.yaml` of the pinned release (10.1.1);
 * `configs.cm`, `configs.params` and the notification maps are free-form there (ConfigMap data).
 * @see https://github.com/argoproj/argo-helm/tree/argo-cd-10.1.1/charts/argo-cd
 */

const labelMap = z.record(z.string().min(1), z.string());
const toleration = z.strictObject({
  key: z.string().min(1),
  operator: z.enum(['Equal', 'Exists']),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});
const pdb = z
  .strictObject({ enabled: z.boolean(), maxUnavailable: z.int().min(1).optional() })
  .meta({ description: 'PodDisruptionBudget (maxUnavailable 1 keeps n-1 pods through a drain)' });
const metrics = z.strictObject({
  enabled: z.boolean(),
  serviceMonitor: z
    .strictObject({ enabled: z.boolean() })
    .meta({ description: 'Needs the prometheus-operator CRDs' }),
});
const component = z.strictObject({
  replicas: z.int().min(1).max(10),
  pdb,
  resources: resourceRequirements,
  metrics,
});
const autoscaling = z.strictObject({
  enabled: z.boolean(),
  minReplicas: z.int().min(1),
  maxReplicas: z.int().min(1),
});

/** A notification service, trigger or template: ConfigMap keys with YAML documents as values. */
const configMapEntries = (prefix: string) =>
  z.record(
    z.string().regex(new RegExp(`^${prefix.replace('.', '\\.')}[a-z0-9][-a-z0-9.]*$`)),
    z.string().min(1),
  );

export const subscription = z.strictObject({
  recipients: z
    .array(z.string().regex(/^[a-z0-9]+:[-\w.#@]+$/, 'service:recipient, e.g. slack:alerts'))
    .min(1),
  triggers: z.array(z.string().min(1)).min(1),
});
export type Subscription = z.infer<typeof subscription>;

/** The values of the upstream `argo-cd` chart that we set. */
export const argoCdValues = z
  .strictObject({
    global: z.strictObject({
      domain: z.string().min(1).meta({ description: 'Argo CD host name (notifications links, ingress)' }),
      additionalLabels: labelMap.meta({ description: 'Labels on every object and pod (cost attribution)' }),
      tolerations: z.array(toleration).meta({ description: 'Argo CD runs on the system pool' }),
    }),
    configs: z.strictObject({
      params: z
        .record(z.string(), z.union([z.string(), z.boolean(), z.number()]))
        .meta({ description: 'argocd-cmd-params-cm entries' }),
      cm: z
        .record(z.string(), z.string())
        .meta({ description: 'argocd-cm entries (merged with the chart defaults)' }),
      rbac: z
        .strictObject({
          'policy.default': z
            .string()
            .meta({ description: 'Role of an authenticated user no group maps (empty: none)' }),
          'policy.csv': z
            .string()
            .meta({ description: 'Casbin policy: `g, <SSO group>, role:admin|role:readonly` lines' }),
          scopes: z.string().meta({ description: 'Token claims the groups are read from' }),
        })
        .optional()
        .meta({ description: 'argocd-rbac-cm: SSO groups mapped to roles (with SSO only)' }),
      repositories: z
        .record(
          z.string().regex(/^[a-z0-9][-a-z0-9]*$/),
          z.strictObject({
            url: z.string().min(1),
            name: z.string().min(1),
            type: z.enum(['helm', 'git']),
            enableOCI: z.enum(['true', 'false']).optional(),
          }),
        )
        .optional()
        .meta({
          description:
            'Repository Secrets without credentials (public registries); an OCI Helm registry needs enableOCI',
        }),
    }),
    dex: z
      .strictObject({ enabled: z.boolean() })
      .meta({ description: 'Dex stays off: Argo CD talks OIDC to the identity provider directly' }),
    controller: component,
    server: component.extend({ autoscaling }),
    repoServer: component,
    applicationSet: component,
    redis: z.strictObject({ enabled: z.boolean(), resources: resourceRequirements }),
    'redis-ha': z
      .strictObject({
        enabled: z.boolean(),
        tolerations: z
          .array(toleration)
          .meta({ description: 'Redis and HAProxy pods (the redis-ha 4.38 subchart reads only this key)' }),
        extraLabels: labelMap.meta({ description: 'Labels on every redis-ha object and pod' }),
        redis: z.strictObject({ resources: resourceRequirements }),
        sentinel: z.strictObject({ resources: resourceRequirements }),
        haproxy: z.strictObject({ resources: resourceRequirements }),
      })
      .meta({ description: 'Redis with Sentinel and HAProxy (three nodes, hard anti-affinity)' }),
    notifications: z.strictObject({
      enabled: z.boolean(),
      argocdUrl: z.url({ protocol: /^https$/ }).meta({ description: 'Link target in notifications' }),
      context: labelMap.meta({ description: 'Template context: cluster and environment name every message' }),
      resources: resourceRequirements,
      metrics,
      secret: z
        .strictObject({ create: z.boolean() })
        .meta({ description: 'false: argocd-notifications-secret comes from our ExternalSecret' }),
      notifiers: configMapEntries('service.').meta({
        description: 'Notification services (tokens as $secret-keys)',
      }),
      triggers: configMapEntries('trigger.'),
      templates: configMapEntries('template.'),
      subscriptions: z.array(subscription),
    }),
  })
  .meta({ title: 'argo-cd upstream chart values (the keys we set)' });
export type ArgoCdValues = z.infer<typeof argoCdValues>;

const refreshInterval = z
  .string()
  .regex(/^\d+[smh]$/, 'a duration such as 1h or 15m')
  .meta({ description: 'How often External Secrets re-reads Vault (>= 1m, E0208)' });

const secretName = dns1123Label;

/** An ExternalSecret of our chart: a Secret written by External Secrets from Vault. */
const externalSecret = (what: string) =>
  z.strictObject({
    name: secretName.meta({ description: `Secret ${what}` }),
    secretStore: z
      .strictObject({ kind: z.enum(['ClusterSecretStore', 'SecretStore']), name: z.string().min(1) })
      .meta({ description: 'The store External Secrets reads from (vault-backend)' }),
    refreshInterval,
    data: z
      .array(
        z.strictObject({
          name: z
            .string()
            .regex(/^[-._a-zA-Z0-9]+$/)
            .meta({ description: 'Key in the Secret (ESO secretKey)' }),
          remoteRef: z.strictObject({
            key: z.string().min(1).meta({ description: 'Vault KV path' }),
            property: z.string().min(1),
          }),
        }),
      )
      .min(1),
  });

/** Values of our chart `charts/argo-cd`: the ExternalSecrets and the server's VirtualService. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment.meta({ description: 'Environment of the cluster' }),
    labels: platformLabels,
    notificationsSecret: externalSecret('the notifications controller reads').meta({
      description:
        'The ExternalSecret writing argocd-notifications-secret (never inline secrets); the notifiers reference its keys as $name',
    }),
    virtualService: z
      .strictObject({
        enabled: z.boolean().meta({ description: 'Publish the server on the Istio ingress gateway' }),
        host: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/)
          .meta({ description: "Host name (global.domain), covered by the Gateway's *.<cluster>.<zone>" }),
        gateway: z
          .string()
          .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/)
          .meta({ description: 'namespace/name of the Istio Gateway' }),
        destination: z.strictObject({
          host: z.string().min(1).meta({ description: 'The argocd-server Service (FQDN)' }),
          port: z.int().min(1).max(65535).meta({ description: 'Its plain HTTP port (server.insecure)' }),
        }),
      })
      .meta({ description: 'VirtualService routing the host to argocd-server; TLS ends at the gateway' }),
    oidcSecret: externalSecret('argocd-cm references as $<name>:clientSecret')
      .extend({ enabled: z.boolean().meta({ description: 'Render it (with SSO only)' }) })
      .meta({
        description:
          'The ExternalSecret writing the OIDC client secret, labelled part-of argocd so argocd-cm may reference it',
      }),
  })
  .meta({ title: 'charts/argo-cd values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `argo-cd` chart and our chart. */
export type Targets = { 'argo-cd': typeof argoCdValues; chart: typeof chartValues };
