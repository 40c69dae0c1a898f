import { describe, expect, it } from 'vitest';
import {
  globMatch,
  isDestinationPermitted,
  isKindPermitted,
  isSourcePermitted,
} from './argo-project-rules.ts';

describe("Argo CD's project rules", () => {
  it('matches repositories with / as separator: * stays in one segment, ** crosses them', () => {
    const p = (sourceRepos: string[]) => ({ sourceRepos });
    expect(isSourcePermitted(p(['*']), 'https://github.com/a/b.git')).toBe(true);
    expect(isSourcePermitted(p(['https://github.com/a/*']), 'https://github.com/a/b')).toBe(true);
    expect(isSourcePermitted(p(['https://github.com/*']), 'https://github.com/a/b')).toBe(false);
    expect(isSourcePermitted(p(['https://github.com/**']), 'https://github.com/a/b')).toBe(true);
    expect(isSourcePermitted(p(['https://GitHub.com/a/b']), 'https://github.com/a/b.git')).toBe(true);
    expect(isSourcePermitted(p(['*', '!https://github.com/a/b']), 'https://github.com/a/b')).toBe(false);
    expect(isSourcePermitted(p([]), 'https://github.com/a/b')).toBe(false);
  });

  it('matches destinations by server or name and namespace, with deny entries', () => {
    const project = {
      destinations: [
        { server: 'https://a', namespace: 'team-*' },
        { server: '*', namespace: '!kube-system' },
      ],
    };
    expect(isDestinationPermitted(project, { server: 'https://a', namespace: 'team-x' })).toBe(true);
    expect(isDestinationPermitted(project, { server: 'https://b', namespace: 'kube-system' })).toBe(false);
    expect(
      isDestinationPermitted(
        { destinations: [{ name: 'in-cluster', namespace: 'x' }] },
        { name: 'in-cluster', namespace: 'x' },
      ),
    ).toBe(true);
    expect(isDestinationPermitted({ destinations: [] }, { server: 'https://a', namespace: 'x' })).toBe(false);
  });

  it('permits namespaced kinds when no whitelist is set, cluster-scoped kinds only when listed', () => {
    expect(isKindPermitted({}, 'apps', 'Deployment', true)).toBe(true);
    expect(isKindPermitted({ namespaceResourceWhitelist: [] }, 'apps', 'Deployment', true)).toBe(false);
    expect(isKindPermitted({}, '', 'Namespace', false)).toBe(false);
    expect(
      isKindPermitted({ clusterResourceWhitelist: [{ group: '*', kind: '*' }] }, '', 'Namespace', false),
    ).toBe(true);
    expect(
      isKindPermitted(
        {
          clusterResourceWhitelist: [
            { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'demo-*' },
          ],
        },
        'rbac.authorization.k8s.io',
        'ClusterRole',
        false,
        'other',
      ),
    ).toBe(false);
  });

  it('supports character classes and alternatives', () => {
    expect(globMatch('{a,b}-[0-9]', 'b-7')).toBe(true);
    expect(globMatch('{a,b}-[!0-9]', 'b-7')).toBe(false);
  });
});
