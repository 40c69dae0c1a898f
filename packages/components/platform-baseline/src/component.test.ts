import type { Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet, withOverride } from './__fixtures__/fleet.ts';
import platformBaseline from './index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

describe('the platform-baseline component', () => {
  it('has only our chart, no dependency, and never prunes', () => {
    expect(platformBaseline).toMatchObject({
      name: 'platform-baseline',
      namespace: 'kube-system',
      upstreamCharts: [],
      dependsOn: [],
      sync: { disablePrune: true },
    });
    expect(platformBaseline.chart?.valuesSchema).toBeDefined();
  });

  it('installs in the first wave', () => {
    const { clusters } = compute(fleet);
    for (const cc of clusters)
      expect(cc.components.find((c) => c.definition.name === 'platform-baseline')?.wave).toBe(0);
  });
});

describe('platform-baseline bad input', () => {
  it('rejects a quota with a malformed quantity, naming the path and the expected form', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      quotas: { application: { requests: { memory: '50 GB' } } },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-prod-usw2',
        component: 'platform-baseline',
        code: 'invalid-format',
        path: 'chart.quotas.application.requests.memory',
        found: '"50 GB"',
      }),
    ]);
  });

  it('rejects a typo in a namespace entry with a suggestion', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', {
      namespaces: { 'data-layer': { podSecurty: 'restricted' } },
    });
    const [issue] = compute(f).issues;
    expect(issue).toMatchObject({ path: expect.stringContaining('chart.namespaces.data-layer') });
    expect(JSON.stringify(issue)).toContain('podSecurty');
  });

  it('rejects a production cluster whose network policy mode is weaker than strict', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', { networkPolicy: { mode: 'permissive' } });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        code: 'rule:network-policy-not-weaker-than-profile',
        path: 'chart.networkPolicy.mode',
        found: '"permissive"',
      }),
    ]);
  });

  it('rejects an application namespace that is not restricted and an invalid egress CIDR, all at once', () => {
    const f = withOverride(fleet, 'agentic-dev-usw2', {
      namespaces: {
        shop: {
          tier: 'application',
          layer: 'l09',
          podSecurity: 'restricted',
          networkPolicy: { allowedEgressCidrs: ['10.0.0.0/33'] },
        },
      },
    });
    expect(compute(f).issues.map((i) => i.path)).toEqual([
      'chart.namespaces.shop.networkPolicy.allowedEgressCidrs[0]',
    ]);
    const g = withOverride(fleet, 'agentic-dev-usw2', {
      namespaces: { shop: { tier: 'application', layer: 'l09', podSecurity: 'baseline' } },
    });
    expect(compute(g).issues.map((i) => i.code)).toEqual(['rule:restricted-workload-namespaces']);
  });

  it('rejects a wildcard verb, a system group prefix and a cluster-admin binding, naming each path', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      rbac: {
        groupPrefix: 'system',
        clusterRoles: {
          'layer-reader': { rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['*'] }] },
        },
      },
    });
    expect(compute(f).issues.map((i) => [i.cluster, i.component, i.path])).toEqual([
      ['agentic-prod-usw2', 'platform-baseline', 'chart.rbac.groupPrefix'],
      ['agentic-prod-usw2', 'platform-baseline', 'chart.rbac.clusterRoles.layer-reader.rules[0].verbs[0]'],
    ]);
    const g = withOverride(fleet, 'agentic-prod-usw2', {
      rbac: { namespaceRoles: { infrastructure: ['cluster-admin'] } },
    });
    expect(compute(g).issues).toEqual([
      expect.objectContaining({
        code: 'rule:rbac-roles-defined',
        path: 'chart.rbac.namespaceRoles.infrastructure[0]',
        found: '"cluster-admin"',
      }),
    ]);
  });

  it('lets a cluster add a namespace and remove a default one through deep merge', () => {
    const f = withOverride(fleet, 'agentic-dev-usw2', {
      namespaces: {
        'agent-pool-batch': {
          tier: 'agent',
          layer: 'l02',
          podSecurity: 'restricted',
          labels: { team: 'agents' },
        },
        'ui-layer': { enabled: false },
      },
    });
    const { issues, byCluster } = compute(f);
    expect(issues).toEqual([]);
    const ns = (byCluster['agentic-dev-usw2'] as { namespaces: Record<string, { enabled?: boolean }> })
      .namespaces;
    expect(ns['agent-pool-batch']).toBeDefined();
    expect(ns['ui-layer']?.enabled).toBe(false);
  });
});
