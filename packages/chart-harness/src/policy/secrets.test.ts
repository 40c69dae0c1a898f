import { describe, expect, it } from 'vitest';
import { checkSecrets } from './secrets.ts';

const secret = (body: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's' },
  ...body,
});

describe('checkSecrets', () => {
  it('accepts a Secret without data, such as a service account token', () => {
    expect(checkSecrets(secret({ type: 'kubernetes.io/service-account-token' }))).toEqual([]);
    expect(checkSecrets(secret({ data: {} }))).toEqual([]);
  });

  it('reports data and stringData, naming the keys', () => {
    const problems = checkSecrets(secret({ data: { a: 'YQ==' }, stringData: { b: 'x', c: 'y' } }));
    expect(problems.map((p) => p.path)).toEqual(['data', 'stringData']);
    expect(problems[1]?.message).toContain('found keys b, c');
  });
});
