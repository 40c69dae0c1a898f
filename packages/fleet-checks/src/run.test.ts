import { describe, expect, it } from 'vitest';
import { renderedFleet } from './__fixtures__/fleet.ts';
import { deployment } from './__fixtures__/objects.ts';
import { FLEET_CHECKS, runFleetChecks } from './index.ts';

describe('runFleetChecks', () => {
  it('runs every check and sorts the issues by cluster, component, object and path', () => {
    const pdb = {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'a-operator' },
      spec: { minAvailable: 1, maxUnavailable: 1 },
    };
    const typo = deployment('b-operator', undefined, {});
    (typo.spec as Record<string, unknown>).replica = 2;
    const fleet = renderedFleet([
      {
        name: 'zeta-prod-usw2',
        components: [{ name: 'cilium', wave: 1, namespace: 'kube-system' }],
        sources: [{ component: 'cilium', objects: [typo, pdb] }],
      },
      {
        name: 'alpha-dev-usw2',
        components: [{ name: 'cilium', wave: 1, namespace: 'kube-system' }],
        sources: [{ component: 'cilium', objects: [pdb] }],
      },
    ]);
    expect(FLEET_CHECKS).toHaveLength(10);
    expect(runFleetChecks(fleet).map((i) => [i.cluster, i.object, i.code])).toEqual([
      ['alpha-dev-usw2', 'policy/v1 PodDisruptionBudget kube-system/a-operator', 'pdb-both-fields'],
      ['zeta-prod-usw2', 'apps/v1 Deployment kube-system/b-operator', 'unknown-field'],
      ['zeta-prod-usw2', 'policy/v1 PodDisruptionBudget kube-system/a-operator', 'pdb-both-fields'],
    ]);
  });
});
