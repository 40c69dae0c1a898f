import { describe, expect, it } from 'vitest';
import { durationSeconds } from './k8s-values.ts';

describe('durationSeconds', () => {
  it('reads s, m, h and d and gives NaN for anything else', () => {
    expect(['30s', '15m', '1h', '7d'].map(durationSeconds)).toEqual([30, 900, 3600, 604800]);
    expect(['', '30', '1.5h', '1w', 'h'].map(durationSeconds).every(Number.isNaN)).toBe(true);
  });
});
