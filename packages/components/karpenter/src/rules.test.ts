import type { ClusterContext } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet } from './__fixtures__/fleet.ts';
import { type ChartValues, type KarpenterValues, karpenterRules, zeroBudgetFor } from './index.ts';

type Both = { karpenter: KarpenterValues; chart: ChartValues };
let prod: Both;
let ctx: ClusterContext;
let dr: Both;
let drCtx: ClusterContext;
beforeAll(async () => {
  const r = compute(await loadDefaultFleet());
  const p = r.byCluster['agentic-prod-usw2']!;
  const d = r.byCluster['agentic-dr-use1']!;
  prod = { karpenter: p.upstream, chart: p.chart };
  ctx = p.context;
  dr = { karpenter: d.upstream, chart: d.chart };
  drCtx = d.context;
});

const gpuPool = (v: Both) => v.chart.nodePools['gpu-inference']!;

function run(id: string, mutate: (v: Both) => void, useDr = false) {
  const v = structuredClone(useDr ? dr : prod);
  mutate(v);
  const rule = karpenterRules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return (rule.check(v, useDr ? drCtx : ctx) ?? []).map((x) => x.path).sort();
}

const cases: { id: string; mutate: (v: Both) => void; dr?: boolean; paths: string[] }[] = [
  {
    id: 'settings-from-cluster',
    mutate: (v) => {
      v.karpenter.settings.clusterName = 'agentic-stg-usw2';
      v.karpenter.settings.interruptionQueue = 'karpenter';
    },
    paths: ['karpenter.settings.clusterName', 'karpenter.settings.interruptionQueue'],
  },
  {
    id: 'min-within-max',
    mutate: (v) => {
      v.chart.nodePools.general!.minNodes = 60;
    },
    paths: ['chart.nodePools.general.minNodes'],
  },
  {
    id: 'node-class-exists',
    mutate: (v) => {
      v.chart.nodePools['high-memory']!.nodeClass = 'gpu-default';
    },
    paths: ['chart.nodePools.high-memory.nodeClass'],
  },
  {
    id: 'spot-policy',
    mutate: (v) => {
      v.chart.nodePools.general!.capacityTypes = ['spot', 'on-demand'];
      gpuPool(v).capacityTypes = ['spot'];
    },
    paths: ['chart.nodePools.general.capacityTypes', 'chart.nodePools.gpu-inference.capacityTypes'],
  },
  {
    id: 'empty-nodes-can-go',
    mutate: (v) => {
      gpuPool(v).disruption.budgets = [{ nodes: '0' }];
      v.chart.nodePools['spot-batch']!.disruption.consolidateAfter = 'Never';
    },
    paths: [
      'chart.nodePools.gpu-inference.disruption.budgets',
      'chart.nodePools.spot-batch.disruption.consolidateAfter',
    ],
  },
  {
    id: 'gpu-consolidation-when-empty',
    mutate: (v) => {
      gpuPool(v).disruption.consolidationPolicy = 'WhenEmptyOrUnderutilized';
    },
    paths: ['chart.nodePools.gpu-inference.disruption.consolidationPolicy'],
  },
  {
    id: 'gpu-instances-match-type',
    mutate: (v) => {
      gpuPool(v).instanceTypes = ['p4de.24xlarge', 'g5.xlarge'];
      gpuPool(v).limits['nvidia.com/gpu'] = '4';
    },
    paths: [
      'chart.nodePools.gpu-inference.instanceTypes',
      'chart.nodePools.gpu-inference.limits["nvidia.com/gpu"]',
    ],
  },
  {
    id: 'gpu-sharing-consistent',
    mutate: (v) => {
      v.chart.gpu.timeSlicing = { replicas: 4 };
    },
    paths: ['chart.gpu.timeSlicing'],
  },
  {
    id: 'mig-layout-fits',
    mutate: (v) => {
      v.chart.gpu.mig = { strategy: 'single', config: 'q2', layout: { '1g.10gb': 4, '2g.20gb': 4 } };
    },
    paths: [
      'chart.gpu.mig.layout',
      'chart.gpu.mig.layout',
      'chart.gpu.mig.layout["2g.20gb"]',
      'chart.gpu.mig.strategy',
    ],
  },
  {
    id: 'dr-scaled-down',
    dr: true,
    mutate: (v) => {
      v.chart.nodePools.general!.minNodes = 2;
      gpuPool(v).maxNodes = 5;
    },
    paths: ['chart.nodePools.general.minNodes', 'chart.nodePools.gpu-inference.maxNodes'],
  },
  {
    id: 'service-monitor-needs-observability',
    mutate: (v) => {
      v.karpenter.serviceMonitor.enabled = true;
    },
    paths: ['karpenter.serviceMonitor.enabled'],
  },
];

describe('karpenter rules', () => {
  it('has a test case for every rule', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(karpenterRules.map((r) => r.id).sort());
  });

  it('hold for the computed production and DR values', () => {
    for (const r of karpenterRules) {
      expect(r.check(prod, ctx) ?? [], r.id).toEqual([]);
      expect(r.check(dr, drCtx) ?? [], r.id).toEqual([]);
    }
  });

  it.each(cases)('fails $id, naming the offending paths', ({ id, mutate, dr: useDr, paths }) => {
    expect(run(id, mutate, useDr)).toEqual(paths);
  });

  it('ignores disabled pools and lets a primary scale its GPU pool', () => {
    expect(
      run('min-within-max', (v) => {
        v.chart.nodePools.general!.minNodes = 60;
        v.chart.nodePools.general!.enabled = false;
      }),
    ).toEqual([]);
    expect(
      run('dr-scaled-down', (v) => {
        gpuPool(v).maxNodes = 5;
      }),
    ).toEqual([]);
  });

  it('treats a zero budget scoped to Drifted, or active only in a window, as no block on empty nodes', () => {
    expect(zeroBudgetFor([{ nodes: '0', reasons: ['Drifted'] }, { nodes: '10%' }], 'Empty')).toBeUndefined();
    expect(
      zeroBudgetFor([{ nodes: '0', schedule: '0 9 * * mon-fri', duration: '8h' }], 'Empty'),
    ).toBeUndefined();
    expect(zeroBudgetFor([{ nodes: '0%' }], 'Empty')).toEqual({ nodes: '0%' });
  });
});
