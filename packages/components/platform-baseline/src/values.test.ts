import type { Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, compute, loadDefaultFleet, stub } from './__fixtures__/fleet.ts';
import platformBaseline, {
  type ChartValues,
  chartValues,
  limitRangeFor,
  quotas,
  tierQuota,
} from './index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});
const valuesOf = (cluster: string, components = COMPONENTS) =>
  compute(fleet, components).byCluster[cluster] as ChartValues;

describe('platform-baseline values', () => {
  it('computes valid values for every cluster of the default fleet', () => {
    const { issues, clusters } = compute(fleet);
    expect(issues).toEqual([]);
    expect(clusters).toHaveLength(4);
  });

  it('resolves the quotas: the tier table, limits = 2x requests, fixed counts for workload tiers only', () => {
    expect(tierQuota('application', 1)).toEqual({
      requests: { cpu: '20', memory: '50Gi' },
      limits: { cpu: '40', memory: '100Gi' },
      gpu: 4,
      persistentVolumeClaims: 30,
      storage: '200Gi',
      pods: 100,
      services: 20,
      secrets: 50,
      configMaps: 50,
    });
    expect(tierQuota('system', 1)).toEqual({
      gpu: 0,
      persistentVolumeClaims: 20,
      storage: '50Gi',
      pods: 100,
    });
    expect(tierQuota('platform', 1)).not.toHaveProperty('services');
  });

  it('doubles every quota value in development (relaxed, x2) and keeps the table elsewhere', () => {
    expect(valuesOf('agentic-dev-usw2').quotas).toEqual(quotas(2));
    expect(valuesOf('agentic-dev-usw2').quotas.agent).toMatchObject({
      requests: { cpu: '20', memory: '40Gi' },
      limits: { cpu: '40', memory: '80Gi' },
      pods: 100,
      services: 40,
    });
    for (const c of ['agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'])
      expect(valuesOf(c).quotas).toEqual(quotas(1));
  });

  it('raises only the LimitRange ceilings with the multiplier', () => {
    const dev = valuesOf('agentic-dev-usw2').limitRange;
    expect(dev).toEqual(limitRangeFor(2));
    expect(dev.container.max).toEqual({ cpu: '8', memory: '16Gi' });
    expect(dev.container.default).toEqual({ cpu: '500m', memory: '512Mi' });
    expect(valuesOf('agentic-prod-usw2').limitRange.container.max).toEqual({ cpu: '4', memory: '8Gi' });
  });

  it('follows the network policy mode of the environment, with the cluster VPC as API server range', () => {
    const modes = ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'].map(
      (c) => valuesOf(c).networkPolicy.mode,
    );
    expect(modes).toEqual(['permissive', 'baseline', 'strict', 'strict']);
    expect(valuesOf('agentic-dr-use1').networkPolicy.apiServerCidrs).toEqual(['10.48.0.0/16']);
  });

  it('creates the base namespaces plus those of the enabled platform components', () => {
    const all = Object.keys(valuesOf('agentic-prod-usw2').namespaces);
    expect(all).toEqual(
      expect.arrayContaining(['infrastructure', 'data-layer', 'agent-pool-default', 'ui-layer', 'argocd']),
    );
    expect(all).toEqual(expect.arrayContaining(['cert-manager', 'external-secrets']));
    expect(all.some((n) => n.startsWith('kube-'))).toBe(false);
    const alone = Object.keys(valuesOf('agentic-prod-usw2', [platformBaseline]).namespaces);
    expect(alone).not.toContain('argocd');
    const withMonitoring = valuesOf('agentic-prod-usw2', [platformBaseline, stub('observability')]);
    expect(withMonitoring.namespaces.monitoring).toMatchObject({
      tier: 'platform',
      podSecurity: 'privileged',
    });
  });

  it('names no PriorityClass with the reserved system- prefix (the API server refuses it)', () => {
    for (const cluster of fleet.clusters) {
      const names = Object.keys(valuesOf(cluster.name).priorityClasses);
      expect(names).toContain('platform-critical');
      expect(names.filter((n) => n.startsWith('system-'))).toEqual([]);
    }
  });

  it('rejects a PriorityClass named with the system- prefix', () => {
    const v = structuredClone(valuesOf('agentic-prod-usw2'));
    v.priorityClasses['system-critical'] = { value: 1000, globalDefault: false, description: 'x' };
    const res = chartValues.safeParse(v);
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]).toMatchObject({
      path: ['priorityClasses', 'system-critical'],
    });
    expect(JSON.stringify(res.error?.issues)).toContain('reserved \\"system-\\" prefix');
  });

  it('takes the cost-center label from the cluster', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) => ({ ...c, labels: { ...c.labels, 'cost-center': 'ml-research' } })),
    };
    expect((compute(f).byCluster['agentic-stg-usw2'] as ChartValues).labels['cost-center']).toBe(
      'ml-research',
    );
  });
});
