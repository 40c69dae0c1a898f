import {
  chartEnvironment,
  dns1123Label,
  platformLabels,
  resourceRequirements,
  workloadLabels,
} from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values the KEDA component sets: on the upstream `keda` chart (only the
 * keys we set; names checked against the chart's values.yaml at 2.20.2) and on our chart
 * `charts/keda`, whose `values.schema.json` is generated from `chartValues`.
 * @see https://github.com/kedacore/charts/blob/main/keda/values.yaml
 */

const dnsLabel = dns1123Label;
const replicas = z.int().min(1).max(3);
/** `podDisruptionBudget.<part>`: `{}` (none) or `{ minAvailable }`; the chart renders a PDB when not empty. */
const pdb = z.strictObject({ minAvailable: z.int().min(1).optional() });

/** Values of the upstream chart `keda` (kedacore/charts 2.20.2, KEDA 2.20.2). */
export const kedaValues = z
  .strictObject({
    additionalLabels: workloadLabels.meta({
      description: 'Labels on every object of the chart: the labels Gatekeeper requires on workloads',
    }),
    crds: z.strictObject({ install: z.literal(true) }),
    operator: z.strictObject({
      replicaCount: replicas.meta({ description: 'One leader; more only shorten failover' }),
    }),
    metricsServer: z.strictObject({ replicaCount: replicas }),
    webhooks: z.strictObject({ replicaCount: replicas }),
    podDisruptionBudget: z.strictObject({ operator: pdb, metricServer: pdb, webhooks: pdb }),
    resources: z.strictObject({
      operator: resourceRequirements,
      metricServer: resourceRequirements,
      webhooks: resourceRequirements,
    }),
    permissions: z
      .strictObject({
        operator: z.strictObject({ restrict: z.strictObject({ secret: z.literal(true) }) }),
        metricServer: z.strictObject({ restrict: z.strictObject({ secret: z.literal(true) }) }),
      })
      .meta({
        description:
          'Least privilege: the operator and metrics server read Secrets of the keda namespace only (docs/decisions.md#keda)',
      }),
    prometheus: z.strictObject({
      operator: z.strictObject({
        enabled: z.boolean(),
        serviceMonitor: z.strictObject({ enabled: z.boolean() }),
      }),
    }),
  })
  .meta({ title: 'keda upstream chart values (the keys we set)' });
export type KedaValues = z.infer<typeof kedaValues>;

/** Values of our chart `charts/keda`: the ClusterTriggerAuthentications of the platform's scalers. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment,
    labels: platformLabels,
    redis: z
      .strictObject({
        enabled: z.boolean().meta({ description: 'Only where the redis-cluster component runs' }),
        triggerAuthentication: dnsLabel.meta({
          description: 'Name of the ClusterTriggerAuthentication redis and redis-cluster triggers reference',
        }),
        secretName: dnsLabel.meta({
          description: 'Secret in the keda namespace, written by External Secrets',
        }),
        refreshInterval: z.string().regex(/^\d+(s|m|h)$/),
        secretStore: z.strictObject({
          kind: z.enum(['ClusterSecretStore', 'SecretStore']),
          name: dnsLabel,
        }),
        remoteRef: z.strictObject({ key: z.string().min(1), property: z.string().min(1) }),
        tls: z
          .strictObject({
            enabled: z
              .boolean()
              .meta({ description: 'Where Redis serves TLS only (the vault-pki issuer exists)' }),
            caSecretName: dnsLabel.meta({
              description: 'Secret in the keda namespace with the CA chain (ca.crt) and the tls switch',
            }),
            secretStore: z.strictObject({
              kind: z.enum(['ClusterSecretStore', 'SecretStore']),
              name: dnsLabel,
            }),
            remoteRef: z.strictObject({ key: z.string().min(1), property: z.string().min(1) }),
          })
          .meta({
            description:
              "TLS to Redis: the scalers get tls=enable and the CA chain of Vault's PKI that signs the Redis certificate",
          }),
      })
      .meta({
        description:
          'Redis lists and streams (redis, redis-cluster and their -streams triggers): the password from Vault',
      }),
  })
  .meta({ title: 'charts/keda values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `keda` chart and our chart. */
export type Targets = { keda: typeof kedaValues; chart: typeof chartValues };
