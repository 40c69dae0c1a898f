import { gpuSharingFor, NAMESPACE as KARPENTER_NAMESPACE, NODE_POOLS } from '@platform/component-karpenter';
import type { ClusterContext, TypedLayeredValues } from '@platform/core';
import type {
  DcgmExporterValues,
  DevicePluginValues,
  GpuNodeAffinity,
  Targets,
  Toleration,
} from './schema.ts';

/**
 * The GPU component runs where the karpenter component writes the device plugin ConfigMap
 * (its release namespace, kube-system), so the device plugin reads it without a copy.
 */
export const NAMESPACE = KARPENTER_NAMESPACE;

/** Name of the ConfigMap charts/karpenter renders for its GPU pools. */
export const DEVICE_PLUGIN_CONFIGMAP = 'nvidia-device-plugin-config';

/** The node label Karpenter's GPU NodePools set: the ConfigMap entry of the node. */
export const DEVICE_PLUGIN_CONFIG_LABEL = 'nvidia.com/device-plugin.config';

/**
 * The ConfigMap entry of an environment, named as charts/karpenter names it (`kc.devicePluginConfig`):
 * `time-slicing-x<replicas>` or `mig-<strategy>` (docs/decisions.md#gpu-sharing).
 */
export function devicePluginConfigKey(env: ClusterContext['environment']): string {
  const s = gpuSharingFor(env);
  return s.sharing === 'mig'
    ? `mig-${s.mig?.strategy ?? 'none'}`
    : `time-slicing-x${s.timeSlicing?.replicas ?? 2}`;
}

/** The taints of Karpenter's GPU pools, tolerated exactly. */
export function gpuTolerations(): Toleration[] {
  const seen = new Map<string, Toleration>();
  for (const pool of Object.values(NODE_POOLS))
    if (pool.kind === 'gpu')
      for (const t of pool.taints)
        seen.set(`${t.key}=${t.value ?? ''}:${t.effect}`, {
          key: t.key,
          operator: 'Equal',
          ...(t.value === undefined ? {} : { value: t.value }),
          effect: t.effect,
        });
  return [...seen.values()];
}

/** Only nodes carrying the GPU pools' device plugin label. */
export const GPU_NODE_AFFINITY: GpuNodeAffinity = {
  nodeAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      nodeSelectorTerms: [{ matchExpressions: [{ key: DEVICE_PLUGIN_CONFIG_LABEL, operator: 'Exists' }] }],
    },
  },
};

/**
 * GPU values per layer: both DaemonSets only on GPU nodes, tolerating the GPU taint; the device
 * plugin reads Karpenter's ConfigMap (each node picks its entry through its label, the
 * environment's sharing being the default); DCGM exporter scraped every 30s for the GPU alerts.
 */
export function gpuLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const tolerations = gpuTolerations();
  const devicePlugin: DevicePluginValues = {
    config: { name: DEVICE_PLUGIN_CONFIGMAP, default: 'time-slicing-x2' },
    affinity: GPU_NODE_AFFINITY,
    tolerations,
    resources: { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
  };
  const dcgm: DcgmExporterValues = {
    affinity: GPU_NODE_AFFINITY,
    tolerations,
    // the chart's own defaults: no sizing of our own for the exporter
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '200m', memory: '512Mi' } },
    serviceMonitor: { enabled: true, interval: '30s', honorLabels: false },
  };
  return {
    defaults: { 'nvidia-device-plugin': devicePlugin, 'dcgm-exporter': dcgm },
    environment: { 'nvidia-device-plugin': { config: { default: devicePluginConfigKey(ctx.environment) } } },
  };
}
