import { computeFleet, type Fleet } from '@platform/core';
import { formatIssue } from '@platform/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, loadDefaultFleet, valuesByCluster, withOverride } from './__fixtures__/fleet.ts';
import { chartValues, pushgatewayValues } from './index.ts';

let fleet: Fleet;
let byCluster: Map<string, Record<string, any>>;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
  byCluster = valuesByCluster(fleet);
});

describe('cis-benchmark values of the default fleet', () => {
  it('computes valid values for every cluster', () => {
    expect(byCluster.size).toBe(4);
    for (const [, v] of byCluster) {
      expect(() => chartValues.parse(v.chart)).not.toThrow();
      expect(() => pushgatewayValues.parse(v['prometheus-pushgateway'])).not.toThrow();
    }
  });

  it('scans the EKS benchmark daily at 06:00 on the general worker pool and pushes to its Pushgateway', () => {
    expect(byCluster.get('agentic-prod-usw2')!.chart).toMatchObject({
      schedule: '0 6 * * *',
      image: { repository: 'docker.io/aquasec/kube-bench', tag: 'v0.15.5' },
      benchmark: 'eks-1.5.0',
      targets: ['node', 'policies', 'managedservices', 'controlplane'],
      pushgateway: { url: 'http://prometheus-pushgateway.cis-benchmark.svc:9091', job: 'kube-bench' },
      nodeSelector: { 'node-pool': 'general' },
    });
    expect(byCluster.get('agentic-stg-usw2')!['prometheus-pushgateway'].podLabels).toEqual({
      'cost-center': 'platform-engineering',
      layer: 'l00',
      environment: 'staging',
    });
  });
});

describe('cis-benchmark bad input', () => {
  const issuesOf = (values: Record<string, any>, cluster = 'agentic-prod-usw2') =>
    computeFleet(withOverride(fleet, cluster, values), COMPONENTS).issues;

  it('refuses control-plane nodes (managed EKS has none), naming cluster, component and path', () => {
    const issues = issuesOf({ chart: { nodeSelector: { 'node-role.kubernetes.io/control-plane': '' } } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      cluster: 'agentic-prod-usw2',
      component: 'cis-benchmark',
      path: 'chart.nodeSelector.node-role.kubernetes.io/control-plane',
    });
    expect(formatIssue(issues[0]!)).toMatch(/worker node label/);
  });

  it('refuses a push URL that is not the Pushgateway this component installs', () => {
    const issues = issuesOf({
      chart: { pushgateway: { url: 'http://prometheus-pushgateway.infrastructure.svc:9091' } },
    });
    expect(issues.map((i) => [i.path, i.expected])).toEqual([
      [
        'chart.pushgateway.url',
        'http://prometheus-pushgateway.cis-benchmark.svc:9091 (prometheus-pushgateway.fullnameOverride)',
      ],
    ]);
  });

  it('refuses the latest kube-bench image', () => {
    expect(issuesOf({ chart: { image: { tag: 'latest' } } }).map((i) => i.path)).toEqual(['chart.image.tag']);
  });

  it('refuses the generic CIS benchmark and a master target', () => {
    const issues = issuesOf({ chart: { benchmark: 'cis-1.10', targets: ['master'] } });
    expect(issues.map((i) => i.path).sort()).toEqual(['chart.benchmark', 'chart.targets[0]']);
  });
});
