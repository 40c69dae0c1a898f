import { describe, expect, it } from 'vitest';
import { installWaves } from './dag.ts';

describe('installWaves', () => {
  it('puts a component one wave after its latest dependency', () => {
    const { waves, issues } = installWaves([
      { name: 'cilium', dependsOn: [] },
      { name: 'cert-manager', dependsOn: ['cilium'] },
      { name: 'external-secrets', dependsOn: ['cilium'] },
      { name: 'observability', dependsOn: ['cert-manager', 'external-secrets'] },
    ]);
    expect(issues).toEqual([]);
    expect(Object.fromEntries(waves)).toEqual({
      cilium: 0,
      'cert-manager': 1,
      'external-secrets': 1,
      observability: 2,
    });
  });

  it('reports a cycle once, naming its path', () => {
    const { issues } = installWaves([
      { name: 'a', dependsOn: ['b'] },
      { name: 'b', dependsOn: ['c'] },
      { name: 'c', dependsOn: ['a'] },
    ]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'dependency-cycle', path: 'dependsOn' });
    expect(issues[0]?.message).toBe('dependency cycle: a -> b -> c -> a');
  });

  it('reports an unknown dependency with the known names', () => {
    const { issues } = installWaves([{ name: 'a', dependsOn: ['nope'] }]);
    expect(issues[0]).toMatchObject({ code: 'unknown-dependency', component: 'a', found: '"nope"' });
  });
});
