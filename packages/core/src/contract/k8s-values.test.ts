import { describe, expect, it } from 'vitest';
import { durationSeconds, workloadLabels, workloadLabelsFor } from './k8s-values.ts';

describe('durationSeconds', () => {
  it('reads s, m, h and d and gives NaN for anything else', () => {
    expect(['30s', '15m', '1h', '7d'].map(durationSeconds)).toEqual([30, 900, 3600, 604800]);
    expect(['', '30', '1.5h', '1w', 'h'].map(durationSeconds).every(Number.isNaN)).toBe(true);
  });
});

describe('workloadLabelsFor', () => {
  it("takes the cost center from the cluster's labels and the environment's name", () => {
    const ctx = {
      cluster: { labels: { 'cost-center': 'ai-research' } },
      environment: { name: 'staging' },
    } as unknown as Parameters<typeof workloadLabelsFor>[0];
    expect(workloadLabelsFor(ctx, 'l02')).toEqual({
      'cost-center': 'ai-research',
      layer: 'l02',
      environment: 'staging',
    });
    expect(workloadLabels.safeParse(workloadLabelsFor(ctx)).success).toBe(true);
  });
});
