import {
  allRuleGroups,
  type PromtoolTestInput,
  promtoolCheckRules,
  promtoolTestRules,
  type RuleGroup,
  ruleGroupsFromObjects,
} from '@platform/chart-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDefaultFleet, opencostValuesByCluster, renderFor } from './__fixtures__/fleet.ts';

/**
 * The real promtool (Debian package `prometheus`, installed by scripts/setup.sh) checks the rule
 * groups our chart renders and runs unit tests on synthetic OpenCost series: the budget alerts
 * fire at the right share of the budget and stay silent otherwise.
 */
/** Renders our chart with the values and returns its rule groups. */
async function groupsOf(chart: Record<string, any> | undefined): Promise<RuleGroup[]> {
  return allRuleGroups(ruleGroupsFromObjects(await renderFor(chart ?? {})));
}

let prod: Record<string, any> = {};
beforeAll(async () => {
  prod = opencostValuesByCluster(await loadDefaultFleet()).get('agentic-prod-usw2')?.chart ?? {};
});

describe('promtool on the rendered cost rules', () => {
  it('`promtool check rules` passes for every cluster', async () => {
    const byCluster = opencostValuesByCluster(await loadDefaultFleet());
    for (const [, v] of byCluster)
      expect((await promtoolCheckRules(await groupsOf(v.chart))).output).toMatch(/SUCCESS: \d+ rules found/);
  });

  it('`promtool check rules` rejects a broken expression (the check can fail)', async () => {
    const groups = await groupsOf(prod);
    groups[0]!.rules[0]!.expr = 'sum(container_cpu_allocation';
    await expect(promtoolCheckRules(groups)).rejects.toThrow(/promtool check rules .* failed/);
  });

  it('fires the approaching and exceeded alerts at the right share of each budget, and nothing else', async () => {
    const groups = await groupsOf({ ...prod, budgets: { 'data-layer': 5000, 'model-gateway': 1000 } });
    const GiB = 1024 ** 3;
    const input: PromtoolTestInput = {
      groups,
      evaluationInterval: '1m',
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: 'node_cpu_hourly_cost{node="n1"}', values: '0.05x200' },
            { series: 'node_ram_hourly_cost{node="n1"}', values: '0.005x200' },
            { series: 'node_gpu_hourly_cost{node="n1"}', values: '2x200' },
            // data-layer: 100 CPUs x 0.05 + 250 GiB x 0.005 = 6.25 $/h -> 4500 $/month = 90% of 5000
            {
              series: 'container_cpu_allocation{namespace="data-layer",node="n1",pod="a",container="c"}',
              values: '100x200',
            },
            {
              series:
                'container_memory_allocation_bytes{namespace="data-layer",node="n1",pod="a",container="c"}',
              values: `${250 * GiB}x200`,
            },
            // model-gateway: 10 CPUs x 0.05 + 1 GPU x 2 = 2.5 $/h -> 1800 $/month = 180% of 1000 (GPU counted)
            {
              series: 'container_cpu_allocation{namespace="model-gateway",node="n1",pod="b",container="c"}',
              values: '10x200',
            },
            {
              series: 'container_gpu_allocation{namespace="model-gateway",node="n1",pod="b",container="c"}',
              values: '1x200',
            },
            // ui-layer spends a lot but has no budget: no alert
            {
              series: 'container_cpu_allocation{namespace="ui-layer",node="n1",pod="u",container="c"}',
              values: '1000x200',
            },
          ],
          promql_expr_test: [
            {
              expr: 'namespace:opencost_budget_usage:ratio',
              eval_time: '10m',
              exp_samples: [
                {
                  labels: 'namespace:opencost_budget_usage:ratio{namespace="data-layer",layer="l00"}',
                  value: 0.9,
                },
                {
                  labels: 'namespace:opencost_budget_usage:ratio{namespace="model-gateway",layer="l00"}',
                  value: 1.8,
                },
              ],
            },
          ],
          alert_rule_test: [
            // pending for the first hour: silent
            { eval_time: '30m', alertname: 'NamespaceCostApproachingBudget', exp_alerts: [] },
            { eval_time: '30m', alertname: 'NamespaceCostExceededBudget', exp_alerts: [] },
            {
              eval_time: '2h',
              alertname: 'NamespaceCostApproachingBudget',
              exp_alerts: [
                {
                  exp_labels: { namespace: 'data-layer', layer: 'l00', severity: 'medium' },
                  exp_annotations: {
                    summary: 'Namespace data-layer is on course to spend 90% of its monthly budget',
                    description:
                      'The monthly cost estimate of namespace data-layer is above 80% of its budget (namespace_cost_budget_usd).',
                    runbook_url: 'https://runbooks.example.com/cost-budget',
                  },
                },
              ],
            },
            {
              eval_time: '2h',
              alertname: 'NamespaceCostExceededBudget',
              exp_alerts: [
                {
                  exp_labels: { namespace: 'model-gateway', layer: 'l00', severity: 'high' },
                  exp_annotations: {
                    summary: 'Namespace model-gateway is on course to exceed its monthly budget (180%)',
                    description:
                      'The monthly cost estimate of namespace model-gateway (CPU, memory and GPU) is above 100% of its budget.',
                    runbook_url: 'https://runbooks.example.com/cost-budget',
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    expect((await promtoolTestRules(input)).output).toContain('SUCCESS');
  });

  it('fires SpotSavingsLow after 24h below the minimum spot share and stays silent above it', async () => {
    const groups = await groupsOf({
      ...prod,
      alerts: { ...prod.alerts, spotShareLow: { ...prod.alerts.spotShareLow, enabled: true } },
    });
    const spot = (node: string, v: number) => ({
      series: `kubecost_node_is_spot{node="${node}"}`,
      values: `${v}x400`,
    });
    const input: PromtoolTestInput = {
      groups,
      evaluationInterval: '5m',
      tests: [
        {
          interval: '5m',
          input_series: [spot('n1', 0), spot('n2', 0), spot('n3', 0), spot('n4', 1)],
          alert_rule_test: [
            { eval_time: '23h', alertname: 'SpotSavingsLow', exp_alerts: [] },
            {
              eval_time: '25h',
              alertname: 'SpotSavingsLow',
              exp_alerts: [
                {
                  exp_labels: { layer: 'l00', severity: 'low' },
                  exp_annotations: {
                    summary: 'Only 25% of the nodes run on spot capacity',
                    description:
                      "Spot nodes are below 30% of the cluster's nodes; the planned spot savings are not realised.",
                    runbook_url: 'https://runbooks.example.com/spot-savings',
                  },
                },
              ],
            },
          ],
        },
        {
          interval: '5m',
          input_series: [spot('n1', 0), spot('n2', 1), spot('n3', 1)],
          alert_rule_test: [{ eval_time: '25h', alertname: 'SpotSavingsLow', exp_alerts: [] }],
        },
      ],
    };
    expect((await promtoolTestRules(input)).output).toContain('SUCCESS');
  });

  it('a wrong expectation makes `promtool test rules` fail (the test can fail)', async () => {
    const input: PromtoolTestInput = {
      groups: await groupsOf(prod),
      tests: [
        {
          interval: '1m',
          input_series: [],
          alert_rule_test: [
            {
              eval_time: '2h',
              alertname: 'NamespaceCostExceededBudget',
              exp_alerts: [{ exp_labels: { namespace: 'data-layer', severity: 'high' } }],
            },
          ],
        },
      ],
    };
    await expect(promtoolTestRules(input)).rejects.toThrow(/FAILED/);
  });
});
