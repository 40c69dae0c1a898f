import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkChart, type RenderedObject } from '@platform/chart-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CHART_DIR,
  CLUSTERS,
  loadDefaultFleet,
  opencostValuesByCluster,
  RELEASE,
  renderFor,
} from './__fixtures__/fleet.ts';

type Manifest = Record<string, any>;
let objects: Map<string, RenderedObject[]>;
let values: Map<string, Record<string, any>>;

const EDGE = 'edge-several-budgets';
const defaults = () => parse(readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8')) as Record<string, any>;

beforeAll(async () => {
  values = opencostValuesByCluster(await loadDefaultFleet());
  const scenarios = CLUSTERS.map((name) => ({ name, values: values.get(name)!.chart, ...RELEASE }));
  const edge = parse(readFileSync(join(CHART_DIR, 'ci', `${EDGE}-values.yaml`), 'utf8'));
  const result = await checkChart(CHART_DIR, [...scenarios, { name: EDGE, values: edge, ...RELEASE }]);
  expect(result.findings).toEqual([]);
  objects = result.objects;
});

const manifests = (scenario: string) => (objects.get(scenario) ?? []).map((o) => o.manifest as Manifest);
const rule = (scenario: string): Manifest => manifests(scenario).find((o) => o.kind === 'PrometheusRule')!;
const group = (scenario: string, name: string) =>
  rule(scenario).spec.groups.find((g: Manifest) => g.name === name);
const budgets = (scenario: string) =>
  group(scenario, 'cost.budgets.recording')
    .rules.filter((r: Manifest) => r.record === 'namespace_cost_budget_usd')
    .map((r: Manifest) => [r.labels.namespace, r.expr]);
const alerts = (scenario: string) => group(scenario, 'cost.budgets').rules as Manifest[];

describe('charts/opencost rendered with the real helm for every cluster', () => {
  it('renders the PrometheusRule, plus the cloud integration where the fleet has a cost report', () => {
    for (const c of CLUSTERS)
      expect(manifests(c).map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
        'v1 ConfigMap/opencost-cloud-integration',
        'monitoring.coreos.com/v1 PrometheusRule/cost-budget-alerts',
      ]);
    // the hand-written scenario keeps the chart default: no report, no integration
    expect(manifests(EDGE).map((o) => `${o.apiVersion} ${o.kind}/${o.metadata.name}`)).toEqual([
      'monitoring.coreos.com/v1 PrometheusRule/cost-budget-alerts',
    ]);
  });

  it('writes cloud-integration.json for the Cost and Usage Report in Athena, with the Pod Identity role', async () => {
    const report = (await loadDefaultFleet()).settings.costAndUsageReport!;
    for (const c of CLUSTERS) {
      const cm = manifests(c).find((o) => o.kind === 'ConfigMap')!;
      expect(cm.metadata.namespace).toBe(RELEASE.namespace);
      expect(JSON.parse(cm.data['cloud-integration.json'])).toEqual({
        aws: {
          athena: [
            {
              account: report.account,
              region: report.region,
              database: report.database,
              table: report.table,
              workgroup: report.workgroup,
              bucket: report.resultsBucket,
              authorizer: { authorizerType: 'AWSServiceAccount' },
            },
          ],
        },
      });
    }
  });

  it('renders one PrometheusRule with the platform labels and `prometheus: main`', () => {
    for (const c of CLUSTERS)
      expect(rule(c).metadata.labels).toMatchObject({
        prometheus: 'main',
        'cost-center': 'platform-engineering',
        layer: 'l00',
        environment: values.get(c)!.chart.environment,
      });
  });

  it('records one budget series per budgeted namespace, from the inventory', () => {
    expect(budgets('agentic-prod-usw2')).toEqual([['data-layer', 'vector(5000)']]);
    expect(budgets('agentic-dev-usw2')).toEqual([['data-layer', 'vector(1000)']]);
    expect(budgets(EDGE)).toEqual([
      ['agent-pool-default', 'vector(1e+09)'],
      ['data-layer', 'vector(5000)'],
      ['model-gateway', 'vector(12000.5)'],
    ]);
  });

  it('evaluates the recording rules every 5m and the alerts every hour (budgets move slowly)', () => {
    expect(group('agentic-stg-usw2', 'cost.budgets.recording').interval).toBe('5m');
    expect(group('agentic-stg-usw2', 'cost.budgets').interval).toBe('1h');
  });

  it('estimates the month as 24 x 30 hours of CPU, memory and GPU cost', () => {
    const monthly = group('agentic-prod-usw2', 'cost.budgets.recording').rules.find(
      (r: Manifest) => r.record === 'namespace:opencost_cost_monthly_usd:estimate',
    );
    expect(monthly.expr).toBe(
      'sum by (namespace) ({__name__=~"namespace:opencost_(cpu|memory|gpu)_cost_hourly:sum"}) * 720',
    );
  });

  it('alerts at 80% (up to 100%) and above 100% with routed severities and runbooks', () => {
    const [approaching = {}, exceeded] = alerts('agentic-prod-usw2');
    expect(approaching).toMatchObject({
      alert: 'NamespaceCostApproachingBudget',
      expr: 'namespace:opencost_budget_usage:ratio > 0.8 and namespace:opencost_budget_usage:ratio <= 1',
      for: '1h',
      labels: { severity: 'medium', layer: 'l00' },
      annotations: { runbook_url: 'https://runbooks.example.com/cost-budget' },
    });
    expect(approaching.annotations.description).toContain('above 80% of its budget');
    expect(exceeded).toMatchObject({
      alert: 'NamespaceCostExceededBudget',
      expr: 'namespace:opencost_budget_usage:ratio > 1',
      labels: { severity: 'high', layer: 'l00' },
    });
  });

  it('checks the spot share in development and staging only', () => {
    const names = (s: string) => alerts(s).map((a) => a.alert);
    expect(names('agentic-dev-usw2')).toContain('SpotSavingsLow');
    expect(names('agentic-stg-usw2')).toContain('SpotSavingsLow');
    expect(names('agentic-prod-usw2')).not.toContain('SpotSavingsLow');
    expect(names('agentic-dr-use1')).not.toContain('SpotSavingsLow');
    expect(alerts(EDGE).find((a) => a.alert === 'SpotSavingsLow')).toMatchObject({
      expr: 'sum(kubecost_node_is_spot) / count(kubecost_node_is_spot) < 0.5',
      for: '12h',
      labels: { severity: 'low' },
    });
  });

  it('renders the chart defaults (values.yaml) without budgets', async () => {
    const objs = await renderFor(defaults());
    const spec = (objs[0]!.manifest as Manifest).spec;
    expect(spec.groups[0].rules.filter((r: Manifest) => r.record === 'namespace_cost_budget_usd')).toEqual(
      [],
    );
  });
});

describe('charts/opencost rejects what its schema cannot express', () => {
  it('fails an approaching threshold above the exceeded one and a milder exceeded severity, both at once', async () => {
    const v = defaults();
    v.alerts.approaching.threshold = 1.5;
    v.alerts.exceeded.severity = 'low';
    await expect(renderFor(v)).rejects.toThrow(
      /alerts\.approaching\.threshold: must be below alerts\.exceeded\.threshold \(1\), found 1\.5[\s\S]*alerts\.exceeded\.severity: must be at least as severe as alerts\.approaching\.severity \(medium\), found low/,
    );
  });

  it('fails cloud costs switched on without the report to read', async () => {
    const v = defaults();
    v.cloudCosts.enabled = true;
    await expect(renderFor(v)).rejects.toThrow(
      /cloudCosts\.athena: the Cost and Usage Report \(account, region, database, table, workgroup, resultsBucket\) when cloudCosts\.enabled is true, found none/,
    );
  });

  it('fails the severity `warning` through values.schema.json', async () => {
    const v = defaults();
    v.alerts.approaching.severity = 'warning';
    await expect(renderFor(v)).rejects.toThrow(/severity/);
  });
});
