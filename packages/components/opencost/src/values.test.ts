import { computeFleet, type Fleet } from '@platform/core';
import { formatIssue } from '@platform/errors';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, loadDefaultFleet, opencostValuesByCluster, withOverride } from './__fixtures__/fleet.ts';
import opencost, { chartValues, opencostValues, prometheusInternal } from './index.ts';

let fleet: Fleet;
let byCluster: Map<string, Record<string, any>>;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
  byCluster = opencostValuesByCluster(fleet);
});

const chart = (cluster: string) => byCluster.get(cluster)!.chart;
const upstream = (cluster: string) => byCluster.get(cluster)!.opencost;

describe('opencost values on the real fleet', () => {
  it('is enabled on every cluster and its values pass both strict schemas', () => {
    expect([...byCluster.keys()].sort()).toEqual([
      'agentic-dev-usw2',
      'agentic-dr-use1',
      'agentic-prod-usw2',
      'agentic-stg-usw2',
    ]);
    for (const [, v] of byCluster) {
      expect(() => chartValues.parse(v.chart)).not.toThrow();
      expect(() => opencostValues.parse(v.opencost)).not.toThrow();
    }
  });

  it('reads the in-cluster Prometheus of the observability component and names the cluster', () => {
    expect(upstream('agentic-prod-usw2').opencost.prometheus.internal).toEqual({
      enabled: true,
      serviceName: 'kube-prometheus-stack-prometheus',
      namespaceName: 'monitoring',
      port: 9090,
    });
    expect(upstream('agentic-stg-usw2').opencost.exporter.defaultClusterId).toBe('agentic-stg-usw2');
    expect(upstream('agentic-stg-usw2').opencost.exporter.resources).toEqual({
      requests: { cpu: '100m', memory: '256Mi' },
      limits: { cpu: '500m', memory: '1Gi' },
    });
  });

  it('takes the budgets from the inventory: fleet-wide, overridden by the development profile', () => {
    expect(chart('agentic-prod-usw2').budgets).toEqual({ 'data-layer': 5000 });
    expect(chart('agentic-stg-usw2').budgets).toEqual({ 'data-layer': 5000 });
    expect(chart('agentic-dr-use1').budgets).toEqual({ 'data-layer': 5000 });
    expect(chart('agentic-dev-usw2').budgets).toEqual({ 'data-layer': 1000 });
  });

  it('alerts at 80% and 100% with routed severities (warning is medium)', () => {
    for (const cluster of byCluster.keys())
      expect(chart(cluster).alerts).toMatchObject({
        approaching: { threshold: 0.8, severity: 'medium', for: '1h' },
        exceeded: { threshold: 1, severity: 'high', for: '1h' },
      });
  });

  it('checks the spot share only where general workloads run on spot (not production)', () => {
    expect(chart('agentic-dev-usw2').alerts.spotShareLow.enabled).toBe(true);
    expect(chart('agentic-stg-usw2').alerts.spotShareLow.enabled).toBe(true);
    expect(chart('agentic-prod-usw2').alerts.spotShareLow.enabled).toBe(false);
    expect(chart('agentic-dr-use1').alerts.spotShareLow.enabled).toBe(false);
  });

  it('a cluster adds a budget of its own on top of the fleet-wide one', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', { chart: { budgets: { 'model-gateway': 12000 } } });
    expect(opencostValuesByCluster(f).get('agentic-stg-usw2')?.chart?.budgets).toEqual({
      'data-layer': 5000,
      'model-gateway': 12000,
    });
  });
});

describe('opencost bad input', () => {
  const issuesOf = (values: Record<string, any>, cluster = 'agentic-prod-usw2') =>
    computeFleet(withOverride(fleet, cluster, values), COMPONENTS).issues;

  it('rejects a negative budget naming cluster, component and dotted path', () => {
    const issues = issuesOf({ chart: { budgets: { 'data-layer': -5 } } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      cluster: 'agentic-prod-usw2',
      component: 'opencost',
      path: 'chart.budgets.data-layer',
    });
    expect(formatIssue(issues[0]!)).toMatch(/agentic-prod-usw2.*opencost.*chart\.budgets\.data-layer/);
  });

  it('rejects a budget for a name that cannot be a namespace', () => {
    const issues = issuesOf({ chart: { budgets: { Data_Layer: 100 } } });
    expect(issues.map((i) => i.path)).toEqual(['chart.budgets.Data_Layer']);
  });

  it('rejects the severity `warning`, which has no route', () => {
    const issues = issuesOf({ chart: { alerts: { approaching: { severity: 'warning' } } } });
    expect(issues.map((i) => i.path)).toEqual(['chart.alerts.approaching.severity']);
    expect(formatIssue(issues[0]!)).toContain('critical');
  });

  it('rejects an unknown key in the upstream values (a typo)', () => {
    const issues = issuesOf({ opencost: { opencost: { exporter: { replica: 1 } } } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ component: 'opencost', path: 'opencost.opencost.exporter.replica' });
  });

  it('rejects an approaching threshold at or above the exceeded one', () => {
    const issues = issuesOf({ chart: { alerts: { approaching: { threshold: 1.2 } } } });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      cluster: 'agentic-prod-usw2',
      component: 'opencost',
      path: 'chart.alerts.approaching.threshold',
      found: '1.2',
    });
  });

  it('rejects an exceeded alert less severe than the approaching one', () => {
    const issues = issuesOf({ chart: { alerts: { exceeded: { severity: 'low' } } } });
    expect(issues.map((i) => [i.path, i.found])).toEqual([['chart.alerts.exceeded.severity', 'low']]);
  });

  it('rejects a recording interval beyond the 5m lookback', () => {
    const issues = issuesOf({ chart: { recordingInterval: '1h' } });
    expect(issues.map((i) => [i.path, i.found])).toEqual([['chart.recordingInterval', '1h']]);
  });

  it('cannot run without the observability component (its Prometheus)', () => {
    const f = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-stg-usw2' ? { ...c, components: { observability: { enabled: false } } } : c,
      ),
    };
    const issues = computeFleet(f, COMPONENTS).issues;
    expect(issues.map((i) => [i.cluster, i.path])).toEqual([
      ['agentic-stg-usw2', 'components.observability.enabled'],
    ]);
  });

  it('reads actual costs from the fleet cost report through Athena, and without one stays on list prices', () => {
    const report = fleet.settings.costAndUsageReport!;
    expect(chart('agentic-prod-usw2').cloudCosts).toEqual({
      enabled: true,
      configMapName: 'opencost-cloud-integration',
      athena: report,
    });
    expect(upstream('agentic-prod-usw2').opencost.cloudCost).toEqual({ enabled: true });
    const ctx = computeFleet(fleet, COMPONENTS).clusters.find(
      (c) => c.context.cluster.name === 'agentic-prod-usw2',
    )!;
    expect(opencost.egress!(ctx.context).find((e) => e.name === 'opencost-cloud-costs')).toMatchObject({
      fqdns: [`athena.${report.region}.amazonaws.com`],
      ports: [443],
    });

    const { costAndUsageReport: _, ...settings } = fleet.settings;
    const without = { ...fleet, settings };
    const v = opencostValuesByCluster(without).get('agentic-prod-usw2') as Record<string, any>;
    expect(v.chart.cloudCosts).toEqual({ enabled: false, configMapName: 'opencost-cloud-integration' });
    expect(v.opencost.opencost.cloudCost).toBeUndefined();
    expect(v.opencost.extraVolumes).toBeUndefined();
    expect(computeFleet(without, COMPONENTS).issues).toEqual([]);
  });

  it('rejects cloud costs the upstream chart would not ingest, or switched on without a report', () => {
    expect(
      issuesOf({ opencost: { opencost: { cloudCost: { enabled: false } } } }).map((i) => i.path),
    ).toEqual(['opencost.opencost.cloudCost.enabled']);
    const { costAndUsageReport: _, ...settings } = fleet.settings;
    const issues = computeFleet(
      withOverride({ ...fleet, settings }, 'agentic-prod-usw2', { chart: { cloudCosts: { enabled: true } } }),
      COMPONENTS,
    ).issues;
    expect(issues.map((i) => [i.cluster, i.code, i.path])).toEqual([
      ['agentic-prod-usw2', 'rule:cloud-costs-need-report', 'chart.cloudCosts.athena'],
      ['agentic-prod-usw2', 'rule:cloud-costs-need-report', 'opencost.opencost.cloudCost.enabled'],
      ['agentic-prod-usw2', 'rule:cloud-costs-need-report', 'opencost.opencost.exporter.extraVolumeMounts'],
    ]);
  });

  it('parses the Prometheus URL into the chart settings and rejects one without a port', () => {
    expect(prometheusInternal('http://prom.mon.svc.cluster.local:9091')).toMatchObject({
      serviceName: 'prom',
      namespaceName: 'mon',
      port: 9091,
    });
    expect(() => prometheusInternal('http://prometheus')).toThrow(/expected a Prometheus URL/);
  });
});
