import { dns1123Label, resourceRequirements, workloadLabels } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schema of the values the Velero component sets on the upstream `velero` chart (only
 * the keys we set; names checked against the chart's values.yaml and values.schema.json at 12.1.0).
 * @see https://github.com/vmware-tanzu/helm-charts/blob/main/charts/velero/values.yaml
 */

const dnsLabel = dns1123Label;
/** S3 bucket naming rules (general purpose buckets): 3-63 lowercase letters, digits, dots and hyphens. */
export const s3BucketName = z
  .string()
  .min(3)
  .max(63)
  .regex(/^[a-z0-9][a-z0-9-]*[a-z0-9]$/, 'an S3 bucket name: lowercase letters, digits and hyphens (no dots)')
  .refine((s) => !s.startsWith('xn--') && !s.endsWith('-s3alias'), 'a name S3 does not reserve');
const awsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-west-2');
/** A Go duration in hours, as Velero prints a TTL (`720h`, `720h0m0s`). */
const ttl = z.string().regex(/^\d+h(\d+m)?(\d+s)?$/, 'a duration in hours such as 720h');
const cron = z
  .string()
  .regex(/^(\S+\s+){4}\S+$/, 'a five-field cron expression such as "0 */6 * * *"')
  .meta({ description: 'Cron schedule (UTC)' });

/** The AWS plugin image, pinned to an exact release (never a floating tag). */
export const awsPluginImage = z
  .string()
  .regex(
    /^velero\/velero-plugin-for-aws:v\d+\.\d+\.\d+$/,
    'velero/velero-plugin-for-aws:v<major>.<minor>.<patch>',
  );

const schedule = z.strictObject({
  disabled: z.boolean(),
  schedule: cron,
  useOwnerReferencesInBackup: z.literal(false).meta({
    description: 'Backups outlive their Schedule (deleting the Application must not delete the backups)',
  }),
  template: z.strictObject({
    ttl: ttl.meta({ description: 'Retention of each backup' }),
    storageLocation: dnsLabel.meta({ description: 'A backupStorageLocation name' }),
    includedNamespaces: z.array(dnsLabel).min(1),
    includedResources: z.array(z.string().regex(/^[a-z0-9.-]+$/)).min(1),
    includeClusterResources: z
      .boolean()
      .meta({ description: 'Include cluster-scoped kinds (ClusterIssuers)' }),
    snapshotVolumes: z.boolean(),
  }),
});

/** Values of the upstream chart `velero` (vmware-tanzu/helm-charts 12.1.0, Velero 1.18.1). */
export const veleroValues = z
  .strictObject({
    labels: workloadLabels.meta({ description: 'Labels of the Deployment: the labels Gatekeeper requires' }),
    podLabels: workloadLabels.meta({
      description: 'Labels of the pods: the cost labels OpenCost attributes cost by',
    }),
    upgradeCRDs: z.literal(false).meta({
      description:
        'No kubectl hook Job: Argo CD applies the chart crds/ on every sync (docs/decisions.md#velero)',
    }),
    initContainers: z
      .array(
        z.strictObject({
          name: z.literal('velero-plugin-for-aws'),
          image: awsPluginImage,
          imagePullPolicy: z.literal('IfNotPresent'),
          volumeMounts: z
            .array(z.strictObject({ mountPath: z.literal('/target'), name: z.literal('plugins') }))
            .length(1),
        }),
      )
      .length(1)
      .meta({ description: 'The AWS object store and EBS snapshot plugin' }),
    resources: resourceRequirements,
    configuration: z.strictObject({
      backupStorageLocation: z
        .array(
          z.strictObject({
            name: dnsLabel,
            provider: z.literal('aws'),
            bucket: s3BucketName,
            prefix: dnsLabel.meta({ description: 'Folder of this cluster in the bucket' }),
            default: z.boolean(),
            accessMode: z.enum(['ReadWrite', 'ReadOnly']),
            config: z.strictObject({ region: awsRegion }),
          }),
        )
        .min(1),
      volumeSnapshotLocation: z
        .array(
          z.strictObject({
            name: dnsLabel,
            provider: z.literal('aws'),
            config: z.strictObject({ region: awsRegion }),
          }),
        )
        .min(1),
    }),
    credentials: z
      .strictObject({ useSecret: z.literal(false) })
      .meta({ description: 'No static credentials: EKS Pod Identity (docs/decisions.md#velero)' }),
    serviceAccount: z.strictObject({
      server: z.strictObject({
        create: z.literal(true),
        name: dnsLabel.meta({ description: 'The ServiceAccount the Pod Identity association names' }),
        annotations: z.record(z.string(), z.string()),
        automountServiceAccountToken: z.literal(true),
      }),
    }),
    deployNodeAgent: z
      .literal(false)
      .meta({ description: 'EBS snapshots, no file-system backup (no privileged DaemonSet)' }),
    snapshotsEnabled: z.boolean(),
    metrics: z.strictObject({
      enabled: z.literal(true),
      serviceMonitor: z.strictObject({ enabled: z.boolean() }),
    }),
    schedules: z.record(dnsLabel, schedule),
  })
  .meta({ title: 'velero upstream chart values (the keys we set)' });
export type VeleroValues = z.infer<typeof veleroValues>;

/** The component's values targets with their schemas: the upstream `velero` chart. */
export type Targets = { velero: typeof veleroValues };
