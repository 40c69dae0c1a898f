import { type ComponentDefinition, defineComponent } from '@platform/core';
import { veleroEgress } from './egress.ts';
import { veleroRules } from './rules.ts';
import { veleroValues } from './schema.ts';
import { NAMESPACE, veleroLayers } from './values.ts';

/** vmware-tanzu/helm-charts velero 12.1.0, Velero 1.18.1. */
export const VELERO_CHART_VERSION = '12.1.0';

/**
 * Velero (docs/decisions.md#velero): backups of the platform's configuration objects every six
 * hours, kept 30 days, in the cluster's own S3 bucket in its region; EBS snapshots through the
 * AWS plugin; AWS access through EKS Pod Identity, never a credentials Secret.
 */
export const velero: ComponentDefinition = defineComponent({
  name: 'velero',
  namespace: NAMESPACE,
  description:
    'Velero 1.18 + AWS plugin; S3 bucket per cluster and region, EKS Pod Identity, 6-hourly backups kept 30 days',
  upstreamCharts: [
    {
      id: 'velero',
      repoURL: 'https://vmware-tanzu.github.io/helm-charts',
      chart: 'velero',
      version: VELERO_CHART_VERSION,
      valuesSchema: veleroValues,
    },
  ],
  dependsOn: ['prometheus-operator-crds', 'cilium'],
  enabledByDefault: () => true,
  values: veleroLayers,
  rules: veleroRules,
  egress: veleroEgress,
  sync: { serverSideApply: true },
  resources: {
    cluster: [
      { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'Deployment' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
      { group: 'velero.io', kind: 'BackupStorageLocation' },
      { group: 'velero.io', kind: 'Schedule' },
      { group: 'velero.io', kind: 'VolumeSnapshotLocation' },
    ],
  },
});
