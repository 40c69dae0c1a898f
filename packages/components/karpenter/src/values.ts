import type { ClusterContext, DeepPartial, TypedLayeredValues } from '@platform/core';
import { isScaledDownStandby } from '@platform/core';
import { GPU_MODELS } from './gpu.ts';
import { capacityTypes, NODE_CLASSES, NODE_POOLS } from './pools.ts';
import type { ChartValues, GpuSharing, KarpenterValues, NodePool, Targets } from './schema.ts';

/** Upstream getting-started namespace; the controller tolerates the system pool taint (docs/decisions.md#names). */
export const NAMESPACE = 'kube-system';

/** The interruption queue (SQS, spot and maintenance events) Terraform creates for each cluster. */
export const interruptionQueue = (cluster: string) => `${cluster}-karpenter-interruption`;

/** The node IAM role Terraform creates (named `<cluster>-<purpose>`, docs/decisions.md#names). */
export const nodeRole = (cluster: string) => `${cluster}-karpenter-node`;

/** Placeholder pods that hold a pool's floor (see `minNodes`). */
export const FLOOR_IMAGE = 'registry.k8s.io/pause:3.10';

/** Karpenter controller replicas: 2 for a leader-elected standby; one where the profile has one (and on DR). */
export function controllerReplicas(ctx: ClusterContext): number {
  return isScaledDownStandby(ctx.cluster) ? 1 : Math.min(2, ctx.environment.replicas);
}

/**
 * GPU sharing from the environment profile (docs/decisions.md#gpu-sharing): time-slicing x2 on T4 in development and x4 on
 * A10G in staging; MIG in production with the GPU's `all-balanced` layout.
 */
export function gpuSharingFor(env: ClusterContext['environment']): GpuSharing {
  const g = env.gpu;
  if (g.sharing === 'time-slicing')
    return { sharing: g.sharing, gpuType: g.gpuType, timeSlicing: { replicas: g.replicasPerGpu ?? 2 } };
  return {
    sharing: g.sharing,
    gpuType: g.gpuType,
    mig: {
      strategy: g.migStrategy,
      config: 'all-balanced',
      layout: { ...(GPU_MODELS[g.gpuType]?.mig?.balanced ?? {}) },
    },
  };
}

/** The GPU pool's instance types and GPU limit follow the environment's GPU model (docs/decisions.md#gpu-pools, #gpu-sharing). */
function gpuPool(gpuType: string): DeepPartial<NodePool> {
  const model = GPU_MODELS[gpuType];
  if (!model) return {};
  return {
    instanceTypes: [...model.instanceTypes],
    limits: { 'nvidia.com/gpu': model.gpusPerInstance > 1 ? '40' : '20' },
  };
}

const DR_ZERO = { maxNodes: 0, limits: { cpu: '0', memory: '0' } };

/**
 * Cilium's startup taint: the agent removes it once it can give pods an address, so no pod lands
 * on a new node before its CNI is ready (Cilium's documented Karpenter setup).
 */
export const CILIUM_STARTUP_TAINT = {
  key: 'node.cilium.io/agent-not-ready',
  value: 'true',
  effect: 'NoExecute',
} as const;

/**
 * Karpenter values per layer: defaults are the node pools at production size; the environment
 * sets spot use, the general pool's floor (min sizes 1/2/3), GPU model and sharing; a DR standby
 * keeps a small general pool with no floor and stops every other pool (limits 0, docs/decisions.md#disaster-recovery).
 */
export function karpenterLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const { cluster, environment: env } = ctx;
  const costCenter = cluster.labels['cost-center'] ?? 'platform-engineering';
  const costLabels = { 'cost-center': costCenter, layer: 'l00', environment: env.name };
  const upstream: KarpenterValues = {
    settings: {
      clusterName: cluster.name,
      clusterEndpoint: cluster.apiServerEndpoint,
      interruptionQueue: interruptionQueue(cluster.name),
      featureGates: { spotToSpotConsolidation: true },
    },
    replicas: 2,
    podDisruptionBudget: { name: 'karpenter', maxUnavailable: 1 },
    serviceMonitor: { enabled: ctx.enabledComponents.has('observability') },
    controller: {
      resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '1Gi' } },
    },
    logLevel: 'info',
    additionalLabels: costLabels,
    podLabels: costLabels,
    nodeSelector: { 'kubernetes.io/os': 'linux', 'node-pool': 'system' },
    tolerations: [
      { key: 'CriticalAddonsOnly', operator: 'Exists' },
      { key: 'node-role', operator: 'Equal', value: 'system', effect: 'NoSchedule' },
    ],
    priorityClassName: 'system-cluster-critical',
  };
  const chart: Omit<ChartValues, 'gpu'> = {
    environment: env.name,
    cluster: cluster.name,
    // The chart's DR checks hold a scaled-down standby only; an activated DR cluster renders as a primary.
    role: isScaledDownStandby(cluster) ? 'dr' : 'primary',
    labels: { 'cost-center': costCenter, layer: 'l00' },
    discoveryTag: cluster.name,
    nodeRole: nodeRole(cluster.name),
    nodeClasses: structuredClone(NODE_CLASSES),
    nodePools: Object.fromEntries<NodePool>(
      Object.entries(structuredClone(NODE_POOLS)).map(([name, pool]) => [
        name,
        ctx.enabledComponents.has('cilium')
          ? { ...pool, startupTaints: [{ ...CILIUM_STARTUP_TAINT }] }
          : pool,
      ]),
    ),
    floor: {
      image: FLOOR_IMAGE,
      priority: -10,
      resources: { requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '50m', memory: '32Mi' } },
    },
  };
  const envPools: Record<string, DeepPartial<NodePool>> = {};
  for (const [name, pool] of Object.entries(NODE_POOLS)) {
    envPools[name] = {
      capacityTypes: capacityTypes(pool.kind, env.spot),
      ...(pool.kind === 'general' ? { minNodes: env.nodePools.minSize } : {}),
      ...(pool.kind === 'gpu' ? gpuPool(env.gpu.gpuType) : {}),
    };
  }
  const layers: TypedLayeredValues<Targets> = {
    defaults: { karpenter: upstream, chart },
    environment: {
      karpenter: {
        replicas: controllerReplicas(ctx),
        logLevel: env.name === 'development' ? 'debug' : 'info',
      },
      chart: { nodePools: envPools, gpu: gpuSharingFor(env) },
    },
  };
  if (isScaledDownStandby(cluster)) {
    const drPools: Record<string, DeepPartial<NodePool>> = {};
    for (const [name, pool] of Object.entries(NODE_POOLS)) {
      drPools[name] =
        pool.kind === 'general'
          ? { minNodes: 0, maxNodes: 10, limits: { cpu: '200', memory: '400Gi' } }
          : {
              ...DR_ZERO,
              limits: { ...DR_ZERO.limits, ...(pool.kind === 'gpu' ? { 'nvidia.com/gpu': '0' } : {}) },
            };
    }
    layers.role = { karpenter: { replicas: controllerReplicas(ctx) }, chart: { nodePools: drPools } };
  }
  return layers;
}
