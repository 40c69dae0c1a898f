import { join, resolve } from 'node:path';
import { checkChart } from '@platform/chart-harness';
import cilium from '@platform/component-cilium';
import { computeFleet, type Fleet, loadFleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import platformBaseline, { type ChartValues, scale } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleet(join(root, 'gitops'));
});

function chartValuesOf(f: Fleet = fleet) {
  const { clusters, issues } = computeFleet(f, [cilium, platformBaseline]);
  return {
    issues,
    values: Object.fromEntries(
      clusters.map((cc) => [
        cc.context.cluster.name,
        cc.components.find((c) => c.definition.name === 'platform-baseline')!.targets.chart!
          .values as ChartValues,
      ]),
    ),
  };
}

describe('platform-baseline values', () => {
  it('computes valid values for every cluster', () => {
    expect(chartValuesOf().issues).toEqual([]);
  });

  it('doubles quotas in development (relaxed, x2) and keeps them standard elsewhere (C13)', () => {
    const v = chartValuesOf().values;
    expect(v['agentic-prod-usw2']!.quotas.application).toMatchObject({
      requestsCpu: '20',
      limitsCpu: '40',
      requestsMemory: '50Gi',
      limitsMemory: '100Gi',
      storage: '200Gi',
      pods: 100,
    });
    expect(v['agentic-dev-usw2']!.quotas.application).toMatchObject({
      requestsCpu: '40',
      limitsCpu: '80',
      requestsMemory: '100Gi',
      pods: 200,
    });
  });

  it('follows the network policy mode of the environment', () => {
    const v = chartValuesOf().values;
    expect(
      ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2'].map((c) => v[c]!.networkPolicy.mode),
    ).toEqual(['permissive', 'baseline', 'strict']);
  });

  it('scales quantities', () => {
    expect([scale('500m', 2), scale('50Gi', 2), scale('1.5', 2), scale('20', 0.5)]).toEqual([
      '1000m',
      '100Gi',
      '3',
      '10',
    ]);
  });

  it('fails when an application namespace would not be restricted', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-prod-usw2'
          ? {
              ...c,
              components: {
                'platform-baseline': {
                  values: {
                    chart: {
                      namespaces: [
                        { name: 'shop', tier: 'application', layer: 'l09', podSecurity: 'baseline' },
                      ],
                    },
                  },
                },
              },
            }
          : c,
      ),
    };
    expect(chartValuesOf(f).issues).toEqual([
      expect.objectContaining({
        code: 'rule:restricted-application-namespaces',
        path: 'chart.namespaces[0].podSecurity',
      }),
    ]);
  });
});

describe('charts/platform-baseline rendered with the real helm', () => {
  it('renders clean objects for every cluster, stricter per environment', async () => {
    const scenarios = Object.entries(chartValuesOf().values).map(([name, values]) => ({ name, values }));
    const result = await checkChart(join(root, 'charts/platform-baseline'), scenarios);
    expect(result.findings).toEqual([]);
    const policies = (cluster: string) =>
      new Set(
        (result.objects.get(cluster) ?? [])
          .filter((o) => o.manifest.kind === 'NetworkPolicy')
          .map((o) => (o.manifest.metadata as { name: string }).name),
      );
    expect([...policies('agentic-dev-usw2')].sort()).toEqual(['allow-dns-egress', 'allow-prometheus-scrape']);
    expect(policies('agentic-stg-usw2').has('default-deny-ingress')).toBe(true);
    expect(policies('agentic-stg-usw2').has('default-deny-egress')).toBe(false);
    expect(policies('agentic-prod-usw2').has('default-deny-egress')).toBe(true);
    const kinds = (result.objects.get('agentic-prod-usw2') ?? []).map((o) => o.manifest.kind);
    expect(kinds.filter((k) => k === 'PriorityClass')).toHaveLength(5);
    expect(kinds.filter((k) => k === 'StorageClass')).toHaveLength(4);
    expect(kinds.filter((k) => k === 'RuntimeClass')).toHaveLength(2);
    const ns = (result.objects.get('agentic-prod-usw2') ?? []).find(
      (o) =>
        o.manifest.kind === 'Namespace' && (o.manifest.metadata as { name: string }).name === 'data-layer',
    )!;
    expect((ns.manifest.metadata as { labels: Record<string, string> }).labels).toMatchObject({
      'cost-center': 'platform-engineering',
      layer: 'l01',
      environment: 'production',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });
});

describe('platform-baseline bad input', () => {
  it('rejects a quota with a malformed quantity, naming the path', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-prod-usw2'
          ? {
              ...c,
              components: {
                'platform-baseline': {
                  values: { chart: { quotas: { application: { requestsMemory: '50 GB' } } } },
                },
              },
            }
          : c,
      ),
    };
    expect(chartValuesOf(f).issues).toEqual([
      expect.objectContaining({
        code: 'invalid-format',
        path: 'chart.quotas.application.requestsMemory',
        found: '"50 GB"',
      }),
    ]);
  });
});
