import { type ClusterContext, type TypedLayeredValues, workloadLabelsFor } from '@platform/core';
import type { Targets, VeleroValues } from './schema.ts';

export const NAMESPACE = 'velero';
/** The ServiceAccount of the Velero server: the EKS Pod Identity association names it. */
export const SERVICE_ACCOUNT = 'velero';
/** velero-plugin-for-aws v1.14.x is the line for Velero 1.18.x. */
export const AWS_PLUGIN_IMAGE = 'velero/velero-plugin-for-aws:v1.14.4';

/** The backup bucket of a cluster: one per cluster, in the cluster's region (docs/decisions.md#velero). */
export function backupBucket(ctx: Pick<ClusterContext, 'cluster' | 'region'>): string {
  return `velero-${ctx.cluster.name}-${ctx.region.name}`;
}

/**
 * Values of the Velero component per layer (docs/decisions.md#velero): the AWS plugin, the
 * cluster's bucket and EBS snapshots in its region, no credentials Secret (EKS Pod Identity), and
 * the infrastructure backup every six hours kept 30 days. Velero runs one replica (Recreate), so
 * no PDB; the environment sizes its resources.
 */
export function veleroLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const region = ctx.region.name;
  const upstream: VeleroValues = {
    labels: workloadLabelsFor(ctx),
    podLabels: workloadLabelsFor(ctx),
    upgradeCRDs: false,
    initContainers: [
      {
        name: 'velero-plugin-for-aws',
        image: AWS_PLUGIN_IMAGE,
        imagePullPolicy: 'IfNotPresent',
        volumeMounts: [{ mountPath: '/target', name: 'plugins' }],
      },
    ],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    configuration: {
      backupStorageLocation: [
        {
          name: 'default',
          provider: 'aws',
          bucket: backupBucket(ctx),
          prefix: ctx.cluster.name,
          default: true,
          accessMode: 'ReadWrite',
          config: { region },
        },
      ],
      volumeSnapshotLocation: [{ name: 'default', provider: 'aws', config: { region } }],
    },
    credentials: { useSecret: false },
    serviceAccount: {
      server: { create: true, name: SERVICE_ACCOUNT, annotations: {}, automountServiceAccountToken: true },
    },
    deployNodeAgent: false,
    snapshotsEnabled: true,
    metrics: { enabled: true, serviceMonitor: { enabled: true } },
    schedules: {
      'infrastructure-backup': {
        disabled: false,
        schedule: '0 */6 * * *',
        useOwnerReferencesInBackup: false,
        template: {
          ttl: '720h',
          storageLocation: 'default',
          // Argo CD's Applications live in its namespace, so it is backed up with them
          includedNamespaces: [
            'infrastructure',
            'cert-manager',
            'external-secrets',
            ctx.fleet.argocd.namespace,
          ],
          includedResources: [
            'certificates.cert-manager.io',
            'clusterissuers.cert-manager.io',
            'externalsecrets.external-secrets.io',
            'secretstores.external-secrets.io',
            'applications.argoproj.io',
            'applicationsets.argoproj.io',
          ],
          includeClusterResources: true,
          snapshotVolumes: false,
        },
      },
    },
  };
  const big = { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } };
  return {
    defaults: { velero: upstream },
    environment: env.name === 'production' ? { velero: { resources: big } } : {},
  };
}
