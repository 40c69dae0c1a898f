import { beforeAll, describe, expect, it } from 'vitest';
import { CLUSTERS, COMPONENTS, compute, loadDefaultFleet, stub } from './__fixtures__/fleet.ts';

let by: ReturnType<typeof compute>['byCluster'];
beforeAll(async () => {
  const r = compute(await loadDefaultFleet());
  expect(r.issues).toEqual([]);
  by = r.byCluster;
});
const each = <T>(f: (c: (typeof by)[string]) => T) => CLUSTERS.map((c) => f(by[c]!));
const pool = (c: (typeof by)[string], name: string) => c.chart.nodePools[name]!;

describe('karpenter values per environment (dev, staging, prod, DR)', () => {
  it('takes clusterName, endpoint and the interruption queue from the cluster', () => {
    expect(by['agentic-prod-usw2']!.upstream.settings).toEqual({
      clusterName: 'agentic-prod-usw2',
      clusterEndpoint: 'https://agentic-prod-usw2.gr7.us-west-2.eks.amazonaws.com',
      interruptionQueue: 'agentic-prod-usw2-karpenter-interruption',
      featureGates: { spotToSpotConsolidation: true },
    });
    expect(each((c) => c.chart.discoveryTag)).toEqual([...CLUSTERS]);
    expect(each((c) => c.chart.nodeRole)).toEqual(CLUSTERS.map((c) => `${c}-karpenter-node`));
  });

  it('uses spot everywhere in development, for general and batch in staging, for batch only in production', () => {
    const types = (name: string) => each((c) => pool(c, name).capacityTypes.join('+'));
    expect(types('general')).toEqual(['spot+on-demand', 'spot+on-demand', 'on-demand', 'on-demand']);
    expect(types('gpu-inference')).toEqual(['spot+on-demand', 'on-demand', 'on-demand', 'on-demand']);
    expect(types('high-memory')).toEqual(['spot+on-demand', 'on-demand', 'on-demand', 'on-demand']);
    expect(types('spot-batch')).toEqual(['spot', 'spot', 'spot', 'spot']);
  });

  it('keeps the general pool at the environment min size 1/2/3 and no floor on the DR standby', () => {
    expect(each((c) => pool(c, 'general').minNodes)).toEqual([1, 2, 3, 0]);
    for (const name of ['gpu-inference', 'high-memory', 'spot-batch'])
      expect(each((c) => pool(c, name).minNodes)).toEqual([0, 0, 0, 0]);
  });

  it('scales the DR standby down: a small general pool and zero limits elsewhere', () => {
    const dr = by['agentic-dr-use1']!.chart;
    expect(pool(by['agentic-dr-use1']!, 'general')).toMatchObject({
      maxNodes: 10,
      limits: { cpu: '200', memory: '400Gi' },
    });
    expect(dr.nodePools['gpu-inference']).toMatchObject({
      maxNodes: 0,
      limits: { cpu: '0', memory: '0', 'nvidia.com/gpu': '0' },
    });
    expect(dr.nodePools['high-memory']).toMatchObject({ maxNodes: 0, limits: { cpu: '0', memory: '0' } });
    expect(dr.nodePools['spot-batch']).toMatchObject({ maxNodes: 0, limits: { cpu: '0', memory: '0' } });
    expect(each((c) => c.upstream.replicas)).toEqual([1, 2, 2, 1]);
  });

  it('gives an activated DR cluster (drActive) the pools, limits and replicas of its production primary', async () => {
    const { activateDr } = await import('@platform/core/testing');
    const active = compute(activateDr(await loadDefaultFleet(), 'agentic-dr-use1'));
    expect(active.issues).toEqual([]);
    const dr = active.byCluster['agentic-dr-use1']!;
    const prod = by['agentic-prod-usw2']!;
    expect(dr.chart.nodePools).toEqual(prod.chart.nodePools);
    expect(pool(dr, 'gpu-inference').maxNodes).toBeGreaterThan(0);
    expect([dr.upstream.replicas, dr.chart.role]).toEqual([prod.upstream.replicas, 'primary']);
    // the standby itself stays scaled down
    expect(by['agentic-dr-use1']!.chart.role).toBe('dr');
  });

  it('shares GPUs per model: T4 x2, A10G x4 time-slicing, MIG all-balanced on A100 80GB', () => {
    expect(each((c) => c.chart.gpu)).toEqual([
      { sharing: 'time-slicing', gpuType: 'nvidia-tesla-t4', timeSlicing: { replicas: 2 } },
      { sharing: 'time-slicing', gpuType: 'nvidia-a10g', timeSlicing: { replicas: 4 } },
      ...['agentic-prod-usw2', 'agentic-dr-use1'].map(() => ({
        sharing: 'mig',
        gpuType: 'nvidia-a100-80gb',
        mig: {
          strategy: 'mixed',
          config: 'all-balanced',
          layout: { '1g.10gb': 2, '2g.20gb': 1, '3g.40gb': 1 },
        },
      })),
    ]);
    expect(each((c) => pool(c, 'gpu-inference').instanceTypes[0])).toEqual([
      'g4dn.xlarge',
      'g5.xlarge',
      'p4de.24xlarge',
      'p4de.24xlarge',
    ]);
    expect(each((c) => pool(c, 'gpu-inference').limits['nvidia.com/gpu'])).toEqual(['20', '20', '40', '0']);
  });

  it('lets empty GPU nodes go after 5m while protecting occupied ones from drift', () => {
    expect(pool(by['agentic-prod-usw2']!, 'gpu-inference').disruption).toEqual({
      consolidationPolicy: 'WhenEmpty',
      consolidateAfter: '5m',
      budgets: [{ nodes: '0', reasons: ['Drifted', 'Underutilized'] }, { nodes: '20%' }],
    });
    expect(pool(by['agentic-prod-usw2']!, 'general').disruption.consolidateAfter).toBe('30s');
  });

  it('runs the controller on the system node group with the cost labels and its resource requests and limits', () => {
    const u = by['agentic-stg-usw2']!.upstream;
    expect(u.nodeSelector).toEqual({ 'kubernetes.io/os': 'linux', 'node-pool': 'system' });
    expect(u.tolerations).toContainEqual({
      key: 'node-role',
      operator: 'Equal',
      value: 'system',
      effect: 'NoSchedule',
    });
    expect(u.podLabels).toEqual({
      'cost-center': 'platform-engineering',
      layer: 'l00',
      environment: 'staging',
    });
    expect(u.controller.resources.limits).toEqual({ cpu: '1', memory: '1Gi' });
    expect(each((c) => c.upstream.logLevel)).toEqual(['debug', 'info', 'info', 'info']);
  });

  it('creates a ServiceMonitor only where the observability component is enabled', async () => {
    expect(each((c) => c.upstream.serviceMonitor.enabled)).toEqual([false, false, false, false]);
    const others = COMPONENTS.filter((c) => c.name !== 'observability');
    const r = compute(await loadDefaultFleet(), [...others, stub('observability')]);
    expect(r.issues).toEqual([]);
    expect(Object.values(r.byCluster).map((c) => c.upstream.serviceMonitor.enabled)).toEqual([
      true,
      true,
      true,
      true,
    ]);
  });

  it('installs after Cilium', () => {
    expect(each((c) => c.wave)).toEqual([1, 1, 1, 1]);
  });
});
