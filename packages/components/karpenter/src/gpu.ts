/**
 * GPU facts the Karpenter pools and the GPU sharing configuration depend on
 * (docs/decisions.md#gpu-pools, #gpu-sharing): which EC2 instance types carry which GPU, and
 * what a MIG-capable GPU can hold.
 * @see https://docs.nvidia.com/datacenter/tesla/mig-user-guide/supported-mig-profiles.html
 * @see https://docs.aws.amazon.com/ec2/latest/instancetypes/ac.html
 */

/** One MIG profile: the compute and memory slices it takes and how many instances fit at most. */
export interface MigProfile {
  compute: number;
  memory: number;
  maxInstances: number;
}

/** A GPU model the fleet may use. */
export interface GpuModel {
  /** EC2 instance types carrying this GPU (p4d has A100 40GB, p4de has A100 80GB, docs/decisions.md#gpu-sharing). */
  instanceTypes: readonly string[];
  /** GPUs per instance of the largest type, for the pool's `nvidia.com/gpu` limit (docs/decisions.md#gpu-pools). */
  gpusPerInstance: number;
  /** MIG geometry, or undefined when the GPU cannot be partitioned (T4, A10G: time-sliced instead). */
  mig?: {
    computeSlices: number;
    memorySlices: number;
    profiles: Readonly<Record<string, MigProfile>>;
    /** The mig-parted `all-balanced` layout of this GPU (the mix production uses, as it fits the GPU). */
    balanced: Readonly<Record<string, number>>;
  };
}

/** A100/H100 80GB: 7 compute slices, 8 memory slices (NVIDIA MIG user guide, A100 table). */
const MIG_80GB = {
  computeSlices: 7,
  memorySlices: 8,
  profiles: {
    '1g.10gb': { compute: 1, memory: 1, maxInstances: 7 },
    '1g.20gb': { compute: 1, memory: 2, maxInstances: 4 },
    '2g.20gb': { compute: 2, memory: 2, maxInstances: 3 },
    '3g.40gb': { compute: 3, memory: 4, maxInstances: 2 },
    '4g.40gb': { compute: 4, memory: 4, maxInstances: 1 },
    '7g.80gb': { compute: 7, memory: 8, maxInstances: 1 },
  },
  balanced: { '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 },
} as const;

/** GPU models by the inventory's `gpu.gpuType`. */
export const GPU_MODELS: Readonly<Record<string, GpuModel>> = {
  'nvidia-tesla-t4': { instanceTypes: ['g4dn.xlarge', 'g4dn.2xlarge', 'g4dn.4xlarge'], gpusPerInstance: 1 },
  'nvidia-a10g': { instanceTypes: ['g5.xlarge', 'g5.2xlarge', 'g5.4xlarge'], gpusPerInstance: 1 },
  'nvidia-a100-40gb': {
    instanceTypes: ['p4d.24xlarge'],
    gpusPerInstance: 8,
    mig: {
      computeSlices: 7,
      memorySlices: 8,
      profiles: {
        '1g.5gb': { compute: 1, memory: 1, maxInstances: 7 },
        '1g.10gb': { compute: 1, memory: 2, maxInstances: 4 },
        '2g.10gb': { compute: 2, memory: 2, maxInstances: 3 },
        '3g.20gb': { compute: 3, memory: 4, maxInstances: 2 },
        '4g.20gb': { compute: 4, memory: 4, maxInstances: 1 },
        '7g.40gb': { compute: 7, memory: 8, maxInstances: 1 },
      },
      balanced: { '1g.5gb': 2, '2g.10gb': 1, '3g.20gb': 1 },
    },
  },
  'nvidia-a100-80gb': { instanceTypes: ['p4de.24xlarge'], gpusPerInstance: 8, mig: MIG_80GB },
  'nvidia-h100-80gb': { instanceTypes: ['p5.48xlarge'], gpusPerInstance: 8, mig: MIG_80GB },
};

/** A reason a MIG layout does not fit its GPU, in words. */
export interface MigProblem {
  profile?: string;
  expected: string;
  found: string;
}

/**
 * Whether a MIG layout (profile -> instances per GPU) fits the GPU: every profile must exist on
 * it, stay within its instance maximum, and together the instances must fit the compute and
 * memory slices. The mix 4x1g.10gb + 2x2g.20gb + 1x3g.40gb, for example, needs 11 of 7 compute slices.
 */
export function migLayoutProblems(gpuType: string, layout: Readonly<Record<string, number>>): MigProblem[] {
  const mig = GPU_MODELS[gpuType]?.mig;
  if (!mig) return [{ expected: 'a MIG-capable GPU (A100, H100)', found: JSON.stringify(gpuType) }];
  const problems: MigProblem[] = [];
  let compute = 0;
  let memory = 0;
  for (const [name, count] of Object.entries(layout)) {
    const p = mig.profiles[name];
    if (!p) {
      problems.push({
        profile: name,
        expected: `one of ${Object.keys(mig.profiles).join(', ')} on ${gpuType}`,
        found: JSON.stringify(name),
      });
      continue;
    }
    if (count > p.maxInstances)
      problems.push({ profile: name, expected: `at most ${p.maxInstances} per GPU`, found: String(count) });
    compute += p.compute * count;
    memory += p.memory * count;
  }
  if (compute > mig.computeSlices)
    problems.push({ expected: `at most ${mig.computeSlices} compute slices`, found: `${compute} slices` });
  if (memory > mig.memorySlices)
    problems.push({ expected: `at most ${mig.memorySlices} memory slices`, found: `${memory} slices` });
  return problems;
}
