import type { Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet, withOverride } from './__fixtures__/fleet.ts';
import gatekeeper from './index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

describe('the gatekeeper component', () => {
  it('pins the upstream chart exactly and installs into gatekeeper-system after the baseline', () => {
    expect(gatekeeper).toMatchObject({
      name: 'gatekeeper',
      namespace: 'gatekeeper-system',
      dependsOn: ['cilium', 'platform-baseline'],
      sync: { serverSideApply: true },
    });
    expect(gatekeeper.upstreamCharts).toEqual([
      expect.objectContaining({
        id: 'gatekeeper',
        repoURL: 'https://open-policy-agent.github.io/gatekeeper/charts',
        chart: 'gatekeeper',
        version: '3.23.0',
      }),
    ]);
  });
});

describe('gatekeeper bad input', () => {
  it('rejects a production cluster that would only audit', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      chart: { requiredLabels: { enforcementAction: 'warn' } },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-prod-usw2',
        code: 'rule:production-enforces-deny',
        path: 'chart.requiredLabels.enforcementAction',
        expected: '"deny"',
        found: '"warn"',
      }),
    ]);
  });

  it('rejects an unknown enforcement action and a typo in an upstream key, all at once', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', {
      chart: { requiredLabels: { enforcementAction: 'block' } },
      gatekeeper: { auditIntervall: 30 },
    });
    const issues = compute(f).issues;
    expect(issues.map((i) => i.path).sort()).toEqual([
      'chart.requiredLabels.enforcementAction',
      'gatekeeper.auditIntervall',
    ]);
    expect(JSON.stringify(issues)).toContain('auditInterval');
  });

  it('rejects a Kubernetes version the pinned Gatekeeper does not cover', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-dev-usw2' ? { ...c, kubernetesVersion: '1.28' } : c,
      ),
    };
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        code: 'rule:kubernetes-version-covered',
        found: '"1.28"',
        path: 'cluster.kubernetesVersion',
      }),
    ]);
  });

  it('rejects a production primary scaled below the HA minimum', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      gatekeeper: { replicas: 2, pdb: { controllerManager: { minAvailable: 1 } } },
    });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:production-ha-minimum gatekeeper.replicas',
    ]);
  });
});
