import { type ComponentDefinition, defineComponent } from '@platform/core';
import { gpuRules } from './rules.ts';
import { dcgmExporterValues, devicePluginValues } from './schema.ts';
import { gpuLayers, NAMESPACE } from './values.ts';

/** nvidia-device-plugin chart 0.20.0 (device plugin v0.20.0). */
export const DEVICE_PLUGIN_CHART_VERSION = '0.20.0';
/** dcgm-exporter chart 4.8.2 (DCGM 4.5.3, exporter 4.8.2). */
export const DCGM_EXPORTER_CHART_VERSION = '4.8.2';

/**
 * GPU nodes (docs/decisions.md#gpu-sharing): the NVIDIA device plugin, configured per node from
 * the ConfigMap and node labels of Karpenter's GPU NodePools (time-slicing in development and
 * staging, MIG in production), and the DCGM exporter whose metrics the observability GPU alerts
 * and dashboard read. Both only on GPU nodes, tolerating the GPU taint.
 */
export const gpu: ComponentDefinition = defineComponent({
  name: 'gpu',
  namespace: NAMESPACE,
  description:
    'NVIDIA device plugin 0.20 (time-slicing/MIG per environment) and DCGM exporter 4.8 on GPU nodes',
  upstreamCharts: [
    {
      id: 'nvidia-device-plugin',
      repoURL: 'https://nvidia.github.io/k8s-device-plugin',
      chart: 'nvidia-device-plugin',
      version: DEVICE_PLUGIN_CHART_VERSION,
      valuesSchema: devicePluginValues,
    },
    {
      id: 'dcgm-exporter',
      repoURL: 'https://nvidia.github.io/dcgm-exporter/helm-charts',
      chart: 'dcgm-exporter',
      version: DCGM_EXPORTER_CHART_VERSION,
      valuesSchema: dcgmExporterValues,
    },
  ],
  dependsOn: ['karpenter', 'prometheus-operator-crds'],
  enabledByDefault: () => true,
  values: gpuLayers,
  rules: gpuRules,
  resources: {
    cluster: [
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
      { group: 'rbac.authorization.k8s.io', kind: 'ClusterRoleBinding' },
    ],
    namespaced: [
      { group: '', kind: 'ConfigMap' },
      { group: '', kind: 'Service' },
      { group: '', kind: 'ServiceAccount' },
      { group: 'apps', kind: 'DaemonSet' },
      { group: 'monitoring.coreos.com', kind: 'ServiceMonitor' },
      { group: 'rbac.authorization.k8s.io', kind: 'Role' },
      { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding' },
    ],
  },
});
