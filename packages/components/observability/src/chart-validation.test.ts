import { HelmRenderError, renderChart } from '@platform/chart-harness';
import type { Fleet, Values } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHART_DIR, compute, loadDefaultFleet, RELEASE, withOverride } from './__fixtures__/chart-fleet.ts';
import { ALERTMANAGER_SECRET } from './constants.ts';
import { alertmanagerConfig, type ChartValues, chartRules, chartValues } from './index.ts';

/** Bad values: the zod schema, the cross-field rules, Helm's JSON schema and templates/validate.yaml. */

let fleet: Fleet;
let devChart: ChartValues;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
  devChart = compute(fleet).byCluster.get('agentic-dev-usw2')!.chart;
});

const CLUSTER = 'agentic-dev-usw2';
const alertOverride = (
  group: string,
  alert: string,
  value: Record<string, unknown>,
): Record<string, Values> => ({
  chart: {
    prometheusRules: { 'infrastructure-alerts': { groups: { [group]: { alerts: { [alert]: value } } } } },
  },
});
type Issue = ReturnType<typeof compute>['issues'][number];
const issuesFor = (override: Record<string, Values>): Issue[] =>
  compute(withOverride(fleet, CLUSTER, override)).issues.filter((i) => i.cluster === CLUSTER);

describe('the generator rejects bad alert values with the dotted path, what was expected and found', () => {
  it('accepts a per-cluster threshold override (the alert definitions are values)', () => {
    const { issues, byCluster } = compute(
      withOverride(
        fleet,
        CLUSTER,
        alertOverride('infrastructure.medium', 'NodeMemoryPressure', {
          for: '30m',
          expr: '(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > 0.9',
        }),
      ),
    );
    expect(issues).toEqual([]);
    expect(
      byCluster.get(CLUSTER)!.chart.prometheusRules['infrastructure-alerts']!.groups['infrastructure.medium']!
        .alerts.NodeMemoryPressure,
    ).toMatchObject({ for: '30m', severity: 'medium', errorCode: 'E0004' });
  });

  it('rejects an unknown severity, and says `warning` maps to medium', () => {
    const issues = issuesFor(
      alertOverride('infrastructure.medium', 'NodeMemoryPressure', { severity: 'warning' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      component: 'observability',
      path: 'chart.prometheusRules.infrastructure-alerts.groups["infrastructure.medium"].alerts.NodeMemoryPressure.severity',
    });
    expect(issues[0]).toMatchObject({
      expected: 'one of "critical", "high", "medium", "low"',
      found: '"warning"',
    });
    // used directly, the schema's own message explains the mapping
    const bad = structuredClone(devChart) as unknown as Record<string, any>;
    bad.prometheusRules['infrastructure-alerts'].groups[
      'infrastructure.medium'
    ].alerts.NodeMemoryPressure.severity = 'warning';
    expect(chartValues.safeParse(bad).error!.issues[0]!.message).toBe(
      'a severity of the taxonomy (critical, high, medium, low), found "warning"; `warning` is not in the taxonomy: use medium',
    );
  });

  it('rejects a `for` that is not a Prometheus duration', () => {
    const issues = issuesFor(
      alertOverride('infrastructure.critical', 'ClusterNodeNotReady', { for: 'five minutes' }),
    );
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe(
      'chart.prometheusRules.infrastructure-alerts.groups["infrastructure.critical"].alerts.ClusterNodeNotReady.for',
    );
    expect(JSON.stringify(issues[0])).toMatch(/a Prometheus duration such as 30s, 5m, 1h or 1h30m/);
  });

  it('rejects an alert whose severity has no Alertmanager route', () => {
    // a cluster override that drops the medium/low route: GPUUtilizationLow is low in development
    const base = alertmanagerConfig(compute(fleet).byCluster.get(CLUSTER)!.context) as {
      route: { routes: { matchers: string[] }[] };
    };
    const routes = base.route.routes.filter((r) => !r.matchers[0]!.includes('medium|low'));
    const issues = issuesFor({
      'kube-prometheus-stack': { alertmanager: { config: { ...base, route: { ...base.route, routes } } } },
    });
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(['rule:alert-severity-routed']));
    const alerts = 'chart.prometheusRules';
    expect(issues.map((i) => i.path).sort()).toEqual(
      [
        `${alerts}.argocd-alerts.groups.argocd.alerts.ArgoCDApplicationOutOfSync.severity`,
        `${alerts}.cis-compliance-alerts.groups["cis.compliance"].alerts.CISComplianceDrift.severity`,
        `${alerts}.infrastructure-alerts.groups["infrastructure.high"].alerts.GPUUtilizationLow.severity`,
        `${alerts}.infrastructure-alerts.groups["infrastructure.medium"].alerts.GatekeeperViolations.severity`,
        `${alerts}.infrastructure-alerts.groups["infrastructure.medium"].alerts.NodeMemoryPressure.severity`,
        `${alerts}.karpenter-alerts.groups.karpenter.alerts.KarpenterClusterStateUnsynced.severity`,
        `${alerts}.karpenter-alerts.groups.karpenter.alerts.KarpenterUnschedulablePods.severity`,
      ].sort(),
    );
    const low = issues.find((i) => i.path?.endsWith('GPUUtilizationLow.severity'))!;
    expect(low).toMatchObject({ found: '"low"', expected: expect.stringContaining('critical, high') });
  });

  it('rejects an infrastructure alert without an error code, and a receiver key missing from the ExternalSecret', () => {
    const chart = structuredClone(devChart);
    delete chart.prometheusRules['infrastructure-alerts']!.groups['infrastructure.high']!.alerts
      .SecretSyncFailed!.errorCode;
    const secret = chart.externalSecrets.secrets[ALERTMANAGER_SECRET]!;
    secret.data = secret.data.filter((d) => d.name !== 'pagerduty-high-routing-key');
    const ctx = compute(fleet).byCluster.get(CLUSTER)!.context;
    const violations = Object.fromEntries(
      chartRules.map((r) => [r.id, r.check({ chart: chart as unknown as Values }, ctx) ?? []]),
    );
    expect(violations['infrastructure-alerts-error-code']).toEqual([
      {
        path: 'chart.prometheusRules.infrastructure-alerts.groups["infrastructure.high"].alerts.SecretSyncFailed.errorCode',
        expected: 'an error code such as E0001',
        found: 'nothing',
      },
    ]);
    expect(violations['receiver-secret-keys']).toEqual([
      {
        path: `chart.externalSecrets.secrets.${ALERTMANAGER_SECRET}.data`,
        expected: expect.stringContaining('"pagerduty-high-routing-key"'),
        found: 'keys slack-webhook-url, pagerduty-critical-routing-key',
      },
    ]);
    expect(violations['alert-severity-routed']).toEqual([]);
  });

  it('the schema itself refuses severities outside the taxonomy and malformed durations', () => {
    const bad = structuredClone(devChart) as unknown as Record<string, any>;
    bad.prometheusRules['infrastructure-alerts'].groups[
      'infrastructure.critical'
    ].alerts.ClusterNodeNotReady.severity = 'page';
    bad.prometheusRules['infrastructure-alerts'].groups[
      'infrastructure.critical'
    ].alerts.ClusterNodeNotReady.for = '5 min';
    const res = chartValues.safeParse(bad);
    expect(res.success).toBe(false);
    expect(res.error!.issues.map((i) => i.path.at(-1)).sort()).toEqual(['for', 'severity']);
  });
});

describe('Helm rejects bad values too: the generated JSON schema and templates/validate.yaml', () => {
  const render = (values: unknown) =>
    renderChart(CHART_DIR, { name: 'bad', values: values as Record<string, unknown>, ...RELEASE }).catch(
      (e: unknown) => e,
    );

  it('the JSON schema rejects an unknown severity and a bad `for`', async () => {
    const bad = structuredClone(devChart) as unknown as Record<string, any>;
    bad.prometheusRules['infrastructure-alerts'].groups[
      'infrastructure.critical'
    ].alerts.ClusterNodeNotReady.severity = 'warning';
    bad.prometheusRules['infrastructure-alerts'].groups[
      'infrastructure.critical'
    ].alerts.ControlPlaneComponentDown.for = 'soon';
    const err = await render(bad);
    expect(err).toBeInstanceOf(HelmRenderError);
    const stderr = (err as HelmRenderError).stderr;
    expect(stderr).toMatch(/ClusterNodeNotReady\/severity/);
    expect(stderr).toMatch(/ControlPlaneComponentDown\/for/);
  });

  it('validate.yaml reports every problem the schema cannot express, at once', async () => {
    const bad = structuredClone(devChart) as unknown as Record<string, any>;
    bad.dashboards.items['cluster-overview'].file = 'dashboards/missing.json';
    bad.dashboards.items.dr.file = 'dashboards/gatekeeper.json';
    bad.externalSecrets.secrets['grafana-admin'].data.push(
      bad.externalSecrets.secrets['grafana-admin'].data[0],
    );
    for (const g of Object.values(bad.prometheusRules['supply-chain-alerts'].groups) as Record<string, any>[])
      for (const a of Object.values(g.alerts) as Record<string, any>[]) a.enabled = false;
    bad.serviceMonitors['infrastructure-components'].endpoints[0].scrapeTimeout = '1m';
    const err = await render(bad);
    expect(err).toBeInstanceOf(HelmRenderError);
    const stderr = (err as HelmRenderError).stderr;
    expect(stderr).toContain('observability values are invalid');
    expect(stderr).toContain(
      'dashboards.items.cluster-overview.file: dashboards/missing.json is not a file of the chart',
    );
    expect(stderr).toMatch(
      /dashboards\.items\.(dr|gatekeeper)\.file: uid "gatekeeper" is also the uid of dashboard (dr|gatekeeper)/,
    );
    expect(stderr).toContain('externalSecrets.secrets.grafana-admin.data: key "admin-user" appears twice');
    expect(stderr).toContain(
      'prometheusRules.supply-chain-alerts: enabled but has no recording rule and no enabled alert',
    );
    expect(stderr).toContain(
      'serviceMonitors.infrastructure-components.endpoints[0].scrapeTimeout: 1m is longer than the interval 30s',
    );
  });
});
