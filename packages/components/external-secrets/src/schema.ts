import {
  chartEnvironment,
  dns1123Label,
  durationSeconds,
  podDisruptionBudgetValues,
  resourceRequirements,
  topologySpreadConstraints,
  workloadLabels,
} from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set on the External Secrets and Reloader charts and on our
 * chart. Secrets themselves never appear in values: they live in Vault.
 * @see https://external-secrets.io/latest/
 */

const resources = resourceRequirements;
const pdb = podDisruptionBudgetValues;
const spreads = topologySpreadConstraints;

/** Values of the upstream `external-secrets` chart (2.x) that we set. */
export const esoValues = z
  .strictObject({
    commonLabels: workloadLabels.meta({
      description: 'Labels on every object: the labels Gatekeeper requires on workloads',
    }),
    installCRDs: z.boolean().meta({ description: 'Install the CRDs with the chart' }),
    replicaCount: z.int().min(1).max(5),
    leaderElect: z.boolean().meta({ description: 'Leader election, needed with more than one replica' }),
    podDisruptionBudget: pdb,
    resources,
    serviceMonitor: z.strictObject({ enabled: z.boolean() }),
    topologySpreadConstraints: spreads,
    webhook: z.strictObject({
      replicaCount: z.int().min(1).max(5),
      podDisruptionBudget: pdb,
      resources,
      topologySpreadConstraints: spreads,
      certManager: z
        .strictObject({
          enabled: z.literal(true).meta({ description: 'The webhook certificate comes from cert-manager' }),
          addInjectorAnnotations: z
            .literal(true)
            .meta({ description: "cert-manager's CA injector writes the CA into the webhook configuration" }),
          cert: z.strictObject({
            create: z.literal(true),
            issuerRef: z.strictObject({
              group: z.literal('cert-manager.io'),
              kind: z.literal('ClusterIssuer'),
              name: z
                .string()
                .min(1)
                .meta({ description: 'A ClusterIssuer the cert-manager component creates' }),
            }),
            duration: z.string().regex(/^\d+h$/, 'hours, such as 2160h'),
            renewBefore: z.string().regex(/^\d+h$/, 'hours, such as 720h'),
          }),
        })
        .meta({
          description: 'The webhook serving certificate through cert-manager, not the cert controller',
        }),
    }),
    certController: z
      .strictObject({
        create: z
          .literal(false)
          .meta({ description: 'No cert controller: cert-manager issues the webhook certificate' }),
      })
      .meta({ description: 'The cert controller is off; cert-manager owns the webhook certificate' }),
  })
  .meta({ title: 'external-secrets upstream chart values (the keys we set)' });
export type EsoValues = z.infer<typeof esoValues>;

/** Values of the upstream Stakater `reloader` chart that we set. */
export const reloaderValues = z
  .strictObject({
    reloader: z.strictObject({
      watchGlobally: z.boolean().meta({ description: 'Watch every namespace' }),
      reloadStrategy: z.enum(['env-vars', 'annotations']).meta({ description: 'How rollouts are triggered' }),
      enableHA: z.boolean().meta({ description: 'Leader election between replicas' }),
      deployment: z.strictObject({
        replicas: z.int().min(1).max(3),
        resources,
        labels: workloadLabels.meta({
          description: "Labels on the Deployment (added to the chart's own): the labels Gatekeeper requires",
        }),
      }),
    }),
  })
  .meta({ title: 'reloader upstream chart values (the keys we set)' });

const refreshInterval = z
  .string()
  .regex(/^\d+[smh]$/, 'a duration such as 1h or 15m')
  .refine((s) => toSeconds(s) >= 60, 'refresh intervals below 1m are not allowed (E0208)')
  .meta({ description: 'How often the secret is refreshed from Vault (>= 1m, E0208)' });

/** Seconds of a `<n>[smh]` duration. */
export const toSeconds = durationSeconds;

export const externalSecret = z.strictObject({
  name: dns1123Label,
  namespace: z.string().min(1),
  refreshInterval,
  target: z.string().min(1).meta({ description: 'Name of the Kubernetes Secret written' }),
  data: z
    .array(
      z.strictObject({
        secretKey: z.string().min(1),
        remoteRef: z.strictObject({ key: z.string().min(1), property: z.string().min(1).optional() }),
      }),
    )
    .min(1),
});

/** Values of our chart `charts/external-secrets`. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment,
    labels: z.strictObject({
      'cost-center': z.string().min(1),
      layer: z.string().regex(/^l(0[0-9]|1[01])$/),
    }),
    vault: z
      .strictObject({
        server: z.url().meta({ description: 'Vault address of the region (primary or replica)' }),
        path: z.string().min(1).meta({ description: 'KV mount' }),
        version: z.enum(['v1', 'v2']),
        auth: z.strictObject({
          mountPath: z.string().min(1),
          role: z.string().min(1),
          serviceAccount: z.strictObject({ name: z.string().min(1), namespace: z.string().min(1) }),
        }),
        caBundle: z.string().min(1).optional().meta({
          description: "PEM of Vault's private CA (the region's vaultCaBundle); the chart base64-encodes it",
        }),
      })
      .meta({ description: 'The vault-backend ClusterSecretStore (Kubernetes auth, no token)' }),
    vaultPki: z
      .strictObject({
        path: z.string().min(1).meta({ description: "Mount of Vault's intermediate PKI engine" }),
      })
      .meta({
        description:
          'The vault-pki ClusterSecretStore: read-only access to the PKI mount (CA chain, issued certificates)',
      }),
    awsSecretsManager: z
      .strictObject({
        region: z
          .string()
          .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-west-2')
          .meta({ description: 'Region of the Secrets Manager endpoint (the cluster region)' }),
      })
      .meta({
        description:
          "The aws-secrets-manager ClusterSecretStore; credentials from the controller's EKS Pod Identity role",
      }),
    externalSecrets: z.array(externalSecret).meta({ description: 'ExternalSecrets our charts need' }),
  })
  .meta({ title: 'charts/external-secrets values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `external-secrets` and `reloader` charts and our chart. */
export type Targets = {
  'external-secrets': typeof esoValues;
  reloader: typeof reloaderValues;
  chart: typeof chartValues;
};
