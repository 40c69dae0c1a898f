import { describe, expect, it } from 'vitest';
import { formatIssue, PlatformError, ValidationError } from './index.ts';

describe('formatIssue', () => {
  it('puts the context first, then expected and found, then the fix', () => {
    expect(
      formatIssue({
        code: 'unknown-key',
        file: 'gitops/clusters/agentic-prod-usw2.yaml',
        cluster: 'agentic-prod-usw2',
        component: 'cilium',
        path: 'hubble.relay.replicaz',
        message: 'unknown key',
        expected: 'one of enabled, replicas',
        found: '"replicaz"',
        hint: 'Did you mean "replicas"?',
      }),
    ).toBe(
      'gitops/clusters/agentic-prod-usw2.yaml: cilium@agentic-prod-usw2: hubble.relay.replicaz: unknown key (expected one of enabled, replicas, found "replicaz") Did you mean "replicas"?',
    );
  });
});

describe('ValidationError', () => {
  it('keeps every issue and lists them all in its message', () => {
    const err = new ValidationError([
      { code: 'a', message: 'first' },
      { code: 'b', message: 'second', path: 'x.y' },
    ]);
    expect(err).toBeInstanceOf(PlatformError);
    expect(err.name).toBe('ValidationError');
    expect(err.issues).toHaveLength(2);
    expect(err.message).toContain('2 problem(s) found');
    expect(err.message).toContain('x.y: second');
  });

  it('keeps the cause', () => {
    const cause = new Error('root');
    expect(new PlatformError('wrapped', { cause }).cause).toBe(cause);
  });
});
