import { describe, expect, it } from 'vitest';
import { GPU_MODELS, migLayoutProblems } from './index.ts';

describe('MIG layouts against what the GPU can hold', () => {
  it('accepts the all-balanced layout of every MIG-capable GPU', () => {
    for (const [type, model] of Object.entries(GPU_MODELS)) {
      if (!model.mig) continue;
      expect(migLayoutProblems(type, model.mig.balanced), type).toEqual([]);
    }
  });

  it('accepts full-GPU and two-half layouts on an A100 80GB', () => {
    expect(migLayoutProblems('nvidia-a100-80gb', { '7g.80gb': 1 })).toEqual([]);
    expect(migLayoutProblems('nvidia-a100-80gb', { '3g.40gb': 2 })).toEqual([]);
    expect(migLayoutProblems('nvidia-a100-80gb', { '1g.10gb': 7 })).toEqual([]);
    expect(migLayoutProblems('nvidia-a100-80gb', { '4g.40gb': 1, '3g.40gb': 1 })).toEqual([]);
  });

  it('fails the oversized mix 4x1g.10gb + 2x2g.20gb + 1x3g.40gb: 11 of 7 compute and 12 of 8 memory slices', () => {
    expect(migLayoutProblems('nvidia-a100-80gb', { '1g.10gb': 4, '2g.20gb': 2, '3g.40gb': 1 })).toEqual([
      { expected: 'at most 7 compute slices', found: '11 slices' },
      { expected: 'at most 8 memory slices', found: '12 slices' },
    ]);
  });

  it('fails 4x2g.20gb: the A100 80GB holds at most 3', () => {
    expect(migLayoutProblems('nvidia-a100-80gb', { '2g.20gb': 4 })).toEqual([
      { profile: '2g.20gb', expected: 'at most 3 per GPU', found: '4' },
      { expected: 'at most 7 compute slices', found: '8 slices' },
    ]);
  });

  it('fails memory overcommit even when compute fits (2x3g.40gb + 1g.10gb)', () => {
    expect(migLayoutProblems('nvidia-a100-80gb', { '3g.40gb': 2, '1g.10gb': 1 })).toEqual([
      { expected: 'at most 8 memory slices', found: '9 slices' },
    ]);
  });

  it('fails profiles of another GPU size and GPUs without MIG (A10G, T4)', () => {
    expect(migLayoutProblems('nvidia-a100-80gb', { '1g.5gb': 1 })).toEqual([
      expect.objectContaining({ profile: '1g.5gb', found: '"1g.5gb"' }),
    ]);
    expect(migLayoutProblems('nvidia-a10g', { '1g.6gb': 4 })).toEqual([
      { expected: 'a MIG-capable GPU (A100, H100)', found: '"nvidia-a10g"' },
    ]);
  });

  it('maps each GPU to the instance types that carry it (p4d is A100 40GB, p4de A100 80GB)', () => {
    expect(GPU_MODELS['nvidia-a100-40gb']?.instanceTypes).toEqual(['p4d.24xlarge']);
    expect(GPU_MODELS['nvidia-a100-80gb']?.instanceTypes).toEqual(['p4de.24xlarge']);
    expect(GPU_MODELS['nvidia-a10g']?.mig).toBeUndefined();
    expect(GPU_MODELS['nvidia-tesla-t4']?.instanceTypes[0]).toMatch(/^g4dn\./);
  });
});
