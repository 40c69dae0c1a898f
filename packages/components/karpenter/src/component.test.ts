import type { Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet, withOverride } from './__fixtures__/fleet.ts';
import karpenter from './index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

describe('the karpenter component', () => {
  it('pins the upstream OCI chart exactly and installs into kube-system after Cilium', () => {
    expect(karpenter).toMatchObject({
      name: 'karpenter',
      namespace: 'kube-system',
      dependsOn: ['prometheus-operator-crds', 'cilium'],
      sync: { serverSideApply: true },
    });
    expect(karpenter.upstreamCharts).toEqual([
      expect.objectContaining({
        id: 'karpenter',
        repoURL: 'oci://public.ecr.aws/karpenter',
        chart: 'karpenter',
        version: '1.14.1',
      }),
    ]);
    expect(
      karpenter.enabledByDefault({
        environment: fleet.environments.development,
        cluster: fleet.clusters[0]!,
        fleet: fleet.settings,
      }),
    ).toBe(true);
  });
});

describe('karpenter bad input', () => {
  it('rejects a NodePool whose floor is above its maximum', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', { chart: { nodePools: { general: { maxNodes: 1 } } } });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-stg-usw2',
        component: 'karpenter',
        code: 'rule:min-within-max',
        path: 'chart.nodePools.general.minNodes',
        expected: '<= maxNodes (1)',
        found: '2',
      }),
    ]);
  });

  it('rejects a MIG layout that does not fit an A100 80GB (4x1g.10gb + 2x2g.20gb + 1x3g.40gb)', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      chart: { gpu: { mig: { layout: { '1g.10gb': 4, '2g.20gb': 2, '3g.40gb': 1 } } } },
    });
    const issues = compute(f).issues;
    expect(issues.map((i) => `${i.code} ${i.path} ${i.found}`)).toEqual([
      'rule:mig-layout-fits chart.gpu.mig.layout 11 slices',
      'rule:mig-layout-fits chart.gpu.mig.layout 12 slices',
    ]);
    expect(issues[0]?.hint).toContain('all-balanced');
  });

  it('rejects spot capacity for the general pool in production', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      chart: { nodePools: { general: { capacityTypes: ['spot'] } } },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({ code: 'rule:spot-policy', path: 'chart.nodePools.general.capacityTypes' }),
    ]);
  });

  it('rejects a blanket zero budget on the GPU pool, an unpinned AMI and a typo, all at once', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', {
      chart: {
        nodePools: { 'gpu-inference': { disruption: { budgets: [{ nodes: '0' }] } } },
        nodeClasses: { default: { amiAlias: 'bottlerocket@latest' } },
      },
      karpenter: { setings: { clusterName: 'x' } },
    });
    const issues = compute(f).issues;
    expect(issues.map((i) => i.path).sort()).toEqual([
      'chart.nodeClasses.default.amiAlias',
      'karpenter.setings',
    ]);
    expect(JSON.stringify(issues)).toContain('settings');
    // the zero budget is a cross-field rule: it is reported once the shapes are valid
    const fixed = withOverride(fleet, 'agentic-stg-usw2', {
      chart: { nodePools: { 'gpu-inference': { disruption: { budgets: [{ nodes: '0' }] } } } },
    });
    expect(compute(fixed).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:empty-nodes-can-go chart.nodePools.gpu-inference.disruption.budgets',
    ]);
  });

  it('rejects a DR standby that would keep GPU capacity', () => {
    const f = withOverride(fleet, 'agentic-dr-use1', {
      chart: { nodePools: { 'gpu-inference': { maxNodes: 4, limits: { 'nvidia.com/gpu': '32' } } } },
    });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:dr-scaled-down chart.nodePools.gpu-inference.maxNodes',
    ]);
  });

  it('rejects a Karpenter v1beta1 field name (WhenUnderutilized) with the allowed values', () => {
    const f = withOverride(fleet, 'agentic-dev-usw2', {
      chart: { nodePools: { general: { disruption: { consolidationPolicy: 'WhenUnderutilized' } } } },
    });
    const issues = compute(f).issues;
    expect(issues).toEqual([
      expect.objectContaining({ path: 'chart.nodePools.general.disruption.consolidationPolicy' }),
    ]);
    expect(JSON.stringify(issues[0])).toContain('WhenEmptyOrUnderutilized');
  });
});
