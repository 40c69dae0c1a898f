import { computeFleet, type EgressAllow, type Fleet } from '@platform/core';
import { formatIssue } from '@platform/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, loadDefaultFleet, valuesByCluster, withOverride } from './__fixtures__/fleet.ts';
import { chartValues, KUBEAUDIT_IMAGE, pushgatewayValues, TRIVY_IMAGE } from './index.ts';

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

describe('trivy and kubeaudit values of the default fleet', () => {
  it('scans with trivy at 07:00 and kubeaudit at 08:30 UTC, after kube-bench, infrastructure and data-layer, pinned images', () => {
    for (const [cluster, v] of byCluster) {
      expect(v.chart.schedule, cluster).toBe('0 6 * * *');
      expect(v.chart.trivy, cluster).toMatchObject({
        schedule: '0 7 * * *',
        image: { repository: 'docker.io/aquasec/trivy', tag: '0.74.0' },
        severities: ['HIGH', 'CRITICAL'],
        jsonReport: true,
        timeoutMinutes: 40,
        activeDeadlineSeconds: 5400,
        dbRepositories: ['mirror.gcr.io/aquasec/trivy-db:2', 'ghcr.io/aquasecurity/trivy-db:2'],
      });
      expect(v.chart.kubeaudit, cluster).toMatchObject({
        schedule: '30 8 * * *',
        image: { repository: 'ghcr.io/shopify/kubeaudit', tag: 'v0.22.1' },
        namespaces: ['infrastructure', 'data-layer'],
        minSeverity: 'info',
      });
    }
    expect([TRIVY_IMAGE.tag, KUBEAUDIT_IMAGE.tag]).toEqual(['0.74.0', 'v0.22.1']);
  });

  it('scans images where egress is open and skips them under the strict policy, which reaches no registry', () => {
    expect(Object.fromEntries([...byCluster].map(([c, v]) => [c, v.chart.trivy.scanImages]))).toEqual({
      'agentic-dev-usw2': true,
      'agentic-stg-usw2': true,
      'agentic-prod-usw2': false,
      'agentic-dr-use1': false,
    });
  });
});

describe('trivy and kubeaudit bad input', () => {
  const issuesOf = (values: Record<string, any>, cluster = 'agentic-prod-usw2', f = fleet) =>
    computeFleet(withOverride(f, cluster, values), COMPONENTS).issues;
  const withEgress = (cluster: string, egress: EgressAllow[]): Fleet => ({
    ...fleet,
    clusters: fleet.clusters.map((c) => (c.name === cluster ? { ...c, egress } : c)),
  });

  it("refuses trivy and kubeaudit at kube-bench's time or each other's, naming cluster, component and path", () => {
    const issues = issuesOf({
      chart: { trivy: { schedule: '0 6 * * *' }, kubeaudit: { schedule: '0 6 * * *' } },
    });
    expect(issues.map((i) => [i.code, i.cluster, i.component, i.path, i.found])).toEqual([
      ['rule:scans-staggered', 'agentic-prod-usw2', 'cis-benchmark', 'chart.trivy.schedule', '0 6 * * *'],
      ['rule:scans-staggered', 'agentic-prod-usw2', 'cis-benchmark', 'chart.kubeaudit.schedule', '0 6 * * *'],
    ]);
    expect(formatIssue(issues[0]!)).toMatch(
      /a time other than kube-bench's \(chart\.schedule 0 6 \* \* \*\)/,
    );
    expect(issuesOf({ chart: { kubeaudit: { schedule: '0 7 * * *' } } }).map((i) => i.path)).toEqual([
      'chart.kubeaudit.schedule',
    ]);
  });

  it('refuses a trivy deadline that its summary and JSON report cannot both fit in', () => {
    const issues = issuesOf({ chart: { trivy: { activeDeadlineSeconds: 4800 } } });
    expect(issues.map((i) => [i.path, i.expected, i.found])).toEqual([
      ['chart.trivy.activeDeadlineSeconds', 'more than 4800 (2 scans of timeoutMinutes 40)', '4800'],
    ]);
    // the summary alone fits
    expect(issuesOf({ chart: { trivy: { activeDeadlineSeconds: 4800, jsonReport: false } } })).toEqual([]);
  });

  it('refuses a namespace kubeaudit would audit twice', () => {
    const issues = issuesOf({
      chart: { kubeaudit: { namespaces: ['infrastructure', 'data-layer', 'infrastructure'] } },
    });
    expect(issues.map((i) => [i.path, i.found])).toEqual([
      ['chart.kubeaudit.namespaces[2]', 'infrastructure (also at [0])'],
    ]);
  });

  it('refuses latest and v-prefixed trivy tags, a kubeaudit tag without v and schedules that are not daily', () => {
    const issues = issuesOf({
      chart: {
        trivy: { image: { tag: 'latest' }, schedule: '0 */6 * * *' },
        kubeaudit: { image: { tag: '0.22.1' }, schedule: '30 8 * * 1' },
      },
    });
    expect(issues.map((i) => i.path).sort()).toEqual([
      'chart.kubeaudit.image.tag',
      'chart.kubeaudit.schedule',
      'chart.trivy.image.tag',
      'chart.trivy.schedule',
    ]);
    expect(issuesOf({ chart: { trivy: { image: { tag: 'v0.74.0' } } } }).map((i) => i.path)).toEqual([
      'chart.trivy.image.tag',
    ]);
  });

  it('refuses a trivy DB mirror the strict egress does not reach, until the inventory declares it', () => {
    const mirror = {
      chart: { trivy: { dbRepositories: ['registry.internal.example.com/mirror/trivy-db:2'] } },
    };
    const issues = issuesOf(mirror);
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['rule:trivy-db-egress', 'chart.trivy.dbRepositories[0]'],
    ]);
    expect(issues[0]!.expected).toBe(
      'an egress allow in cis-benchmark for the trivy pods to registry.internal.example.com:443',
    );
    // development has no strict egress: nothing to declare
    expect(issuesOf(mirror, 'agentic-dev-usw2')).toEqual([]);
    const declared = withEgress('agentic-prod-usw2', [
      {
        name: 'trivy-db-mirror',
        namespace: 'cis-benchmark',
        podLabels: { 'app.kubernetes.io/name': 'trivy' },
        fqdns: ['registry.internal.example.com'],
        ports: [443],
        purpose: 'trivy DB mirror',
      },
    ]);
    expect(issuesOf(mirror, 'agentic-prod-usw2', declared)).toEqual([]);
    // an allow for other pods of the namespace does not count
    const otherPods = withEgress('agentic-prod-usw2', [
      {
        name: 'trivy-db-mirror',
        namespace: 'cis-benchmark',
        podLabels: { 'app.kubernetes.io/name': 'kubeaudit' },
        fqdns: ['registry.internal.example.com'],
        ports: [443],
        purpose: 'trivy DB mirror',
      },
    ]);
    expect(issuesOf(mirror, 'agentic-prod-usw2', otherPods).map((i) => i.path)).toEqual([
      'chart.trivy.dbRepositories[0]',
    ]);
  });

  it('refuses image scanning under the strict policy until the inventory lets trivy reach the registries', () => {
    const scan = { chart: { trivy: { scanImages: true } } };
    const issues = issuesOf(scan, 'agentic-dr-use1');
    expect(issues.map((i) => [i.code, i.cluster, i.path])).toEqual([
      ['rule:trivy-image-egress', 'agentic-dr-use1', 'chart.trivy.scanImages'],
    ]);
    expect(formatIssue(issues[0]!)).toMatch(/inventory egress/);
    const registries = withEgress('agentic-dr-use1', [
      {
        name: 'trivy-registries',
        namespace: 'cis-benchmark',
        podLabels: { 'app.kubernetes.io/name': 'trivy' },
        fqdns: ['quay.io', 'cdn01.quay.io'],
        ports: [443],
        purpose: 'trivy pulling the images it scans',
      },
    ]);
    expect(issuesOf(scan, 'agentic-dr-use1', registries)).toEqual([]);
  });
});
