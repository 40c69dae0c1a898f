export { karpenter, karpenter as default } from './component.ts';
export { GPU_MODELS, type GpuModel, type MigProblem, type MigProfile, migLayoutProblems } from './gpu.ts';
export { AMI_ALIASES, capacityTypes, NODE_CLASSES, NODE_POOLS, spotAllowed } from './pools.ts';
export { karpenterRules, zeroBudgetFor } from './rules.ts';
export {
  type ChartValues,
  chartValues,
  type DisruptionBudget,
  type GpuSharing,
  gpuSharing,
  type KarpenterValues,
  karpenterValues,
  type NodeClass,
  type NodePool,
  nodeClass,
  nodePool,
} from './schema.ts';
export {
  controllerReplicas,
  FLOOR_IMAGE,
  gpuSharingFor,
  interruptionQueue,
  karpenterLayers,
  NAMESPACE,
  nodeRole,
} from './values.ts';
