import type { EnvironmentProfile } from '@platform/core';
import type { NodeClass, NodePool } from './schema.ts';

/**
 * The Karpenter pools as data (docs/decisions.md#node-pools, #gpu-pools): names, labels and taints
 * the workloads select, production sizes and instance lists. The system pool stays an
 * EKS managed node group and is not here.
 */

/**
 * Pinned AMI aliases (EC2NodeClass requires amiSelectorTerms; never `@latest`, so an AMI
 * change is a reviewed commit that Karpenter rolls out as drift).
 * - Bottlerocket v1.55.0 (bottlerocket.dev release notes) for CPU nodes: Bottlerocket is
 *   the primary node OS (minimal, immutable, fast to boot).
 * - EKS AL2023 AMI release v20260818 (awslabs/amazon-eks-ami, Kubernetes 1.33-1.35 builds) for
 *   GPU nodes: Karpenter picks its NVIDIA variant (drivers and container toolkit preinstalled)
 *   for GPU instance types. Not Bottlerocket there: Bottlerocket's built-in MIG support applies
 *   one homogeneous profile per GPU, so the mixed `all-balanced` layout needs the GPU
 *   Operator's MIG manager, which supports preinstalled drivers on AL2023.
 */
export const AMI_ALIASES = {
  bottlerocket: 'bottlerocket@v1.55.0',
  al2023: 'al2023@v20260818',
} as const;

/** Two EC2NodeClasses, `default` for CPU pools and `gpu` for the GPU pool. */
export const NODE_CLASSES: Readonly<Record<string, NodeClass>> = {
  // Bottlerocket: a small OS volume and a data volume for images and ephemeral storage.
  default: {
    amiAlias: AMI_ALIASES.bottlerocket,
    blockDevices: [
      { deviceName: '/dev/xvda', volumeSizeGi: 4 },
      { deviceName: '/dev/xvdb', volumeSizeGi: 50 },
    ],
  },
  // Model images and weights are large: one 200Gi root volume.
  gpu: {
    amiAlias: AMI_ALIASES.al2023,
    blockDevices: [{ deviceName: '/dev/xvda', volumeSizeGi: 200, rootVolume: true }],
  },
};

const poolLabels = (name: string) => ({ 'node-pool': name, layer: 'l00' });

/** The four Karpenter pools at their production (tfvars) sizes, on-demand unless spot by kind. */
export const NODE_POOLS: Readonly<Record<string, NodePool>> = {
  general: {
    enabled: true,
    kind: 'general',
    nodeClass: 'default',
    capacityTypes: ['on-demand'],
    instanceTypes: ['m5.xlarge', 'm5.2xlarge', 'm5.4xlarge', 'm6i.xlarge', 'm6i.2xlarge'],
    architectures: ['amd64'],
    labels: poolLabels('general'),
    taints: [],
    minNodes: 0,
    maxNodes: 50,
    limits: { cpu: '1000', memory: '2000Gi' },
    // Empty or underused nodes go after 30 s, consolidation on, budgets respected.
    disruption: {
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: '30s',
      budgets: [{ nodes: '10%' }],
    },
    expireAfter: '168h',
  },
  'gpu-inference': {
    enabled: true,
    kind: 'gpu',
    nodeClass: 'gpu',
    capacityTypes: ['on-demand'],
    instanceTypes: ['g5.xlarge', 'g5.2xlarge', 'g5.4xlarge'],
    architectures: ['amd64'],
    labels: poolLabels('gpu-inference'),
    taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }],
    minNodes: 0,
    maxNodes: 20,
    limits: { cpu: '1000', memory: '8000Gi', 'nvidia.com/gpu': '20' },
    // Remove empty GPU nodes after 5m, but never disrupt an occupied one (drift or
    // underutilization). A blanket `nodes: "0"` budget would keep empty GPU nodes forever.
    disruption: {
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: '5m',
      budgets: [{ nodes: '0', reasons: ['Drifted', 'Underutilized'] }, { nodes: '20%' }],
    },
    expireAfter: '720h',
  },
  'high-memory': {
    enabled: true,
    kind: 'high-memory',
    nodeClass: 'default',
    capacityTypes: ['on-demand'],
    instanceTypes: ['r5.2xlarge', 'r5.4xlarge', 'r6i.2xlarge'],
    architectures: ['amd64'],
    labels: poolLabels('high-memory'),
    taints: [{ key: 'memory', value: 'high', effect: 'NoSchedule' }],
    minNodes: 0,
    maxNodes: 10,
    limits: { cpu: '160', memory: '1280Gi' },
    disruption: {
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: '5m',
      budgets: [{ nodes: '10%' }],
    },
    expireAfter: '168h',
  },
  'spot-batch': {
    enabled: true,
    kind: 'batch',
    nodeClass: 'default',
    capacityTypes: ['spot'],
    instanceTypes: ['m5.xlarge', 'm5.2xlarge', 'c5.xlarge', 'c5.2xlarge', 'r5.xlarge'],
    architectures: ['amd64'],
    labels: poolLabels('spot-batch'),
    taints: [{ key: 'lifecycle', value: 'spot', effect: 'NoSchedule' }],
    minNodes: 0,
    maxNodes: 100,
    limits: { cpu: '800', memory: '3200Gi' },
    disruption: {
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfter: '30s',
      budgets: [{ nodes: '20%' }],
    },
    expireAfter: '168h',
  },
};

/**
 * Whether a pool of this kind may use spot capacity under the environment's policy
 * (docs/decisions.md#node-pools): development everywhere, staging general and batch, production batch only.
 */
export function spotAllowed(kind: NodePool['kind'], policy: EnvironmentProfile['spot']): boolean {
  if (kind === 'batch') return true;
  if (kind === 'general') return policy !== 'batch-only';
  return policy === 'all';
}

/**
 * Capacity types of a pool: the batch pool is spot only; others prefer spot (Karpenter launches
 * the cheapest offering, so spot first) with on-demand as fallback where the policy allows spot.
 */
export function capacityTypes(
  kind: NodePool['kind'],
  policy: EnvironmentProfile['spot'],
): NodePool['capacityTypes'] {
  if (kind === 'batch') return ['spot'];
  return spotAllowed(kind, policy) ? ['spot', 'on-demand'] : ['on-demand'];
}
