import { join, resolve } from 'node:path';
import { promtoolTestRules, renderChart } from '@platform/chart-harness';
import { describe, expect, it } from 'vitest';
import type { ChartValues } from './index.ts';

/**
 * The real promtool evaluates the success-rate query our chart renders on synthetic request
 * series, with the analysis arguments filled in as Argo Rollouts does.
 */
const root = resolve(import.meta.dirname, '../../../..');
const base: ChartValues = {
  environment: 'production',
  labels: { 'cost-center': 'platform-engineering', layer: 'l00' },
  prometheus: { address: 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090' },
  successRate: { source: 'hubble', interval: '1m', window: '5m', threshold: 0.99, failureLimit: 3 },
};

async function query(source: ChartValues['successRate']['source']): Promise<string> {
  const objects = await renderChart(join(root, 'charts/argo-rollouts'), {
    name: source,
    values: { ...base, successRate: { ...base.successRate, source } },
    releaseName: 'argo-rollouts-config',
    namespace: 'argo-rollouts',
  });
  const t = objects.find((o) => o.manifest.kind === 'ClusterAnalysisTemplate')!.manifest as any;
  return (t.spec.metrics[0].provider.prometheus.query as string)
    .replaceAll('{{args.service-name}}', 'checkout')
    .replaceAll('{{args.namespace}}', 'shop');
}

/** Evaluates the query 10 minutes into series of `ok` and `failed` requests per minute. */
async function successRate(source: 'istio' | 'hubble', ok: number, failed: number, expected: number) {
  const labels =
    source === 'istio'
      ? (code: string) =>
          `istio_requests_total{reporter="destination",destination_service_name="checkout",destination_service_namespace="shop",response_code="${code}"}`
      : (code: string) => `hubble_http_requests_total{destination_namespace="shop",status="${code}"}`;
  return promtoolTestRules({
    groups: [
      { name: 'success-rate', rules: [{ record: 'rollouts:success_rate', expr: await query(source) }] },
    ],
    tests: [
      {
        interval: '1m',
        input_series: [
          { series: labels('200'), values: `0+${ok}x10` },
          ...(failed > 0 ? [{ series: labels('503'), values: `0+${failed}x10` }] : []),
        ],
        promql_expr_test: [
          {
            expr: 'rollouts:success_rate',
            eval_time: '10m',
            exp_samples: [{ labels: 'rollouts:success_rate', value: expected }],
          },
        ],
      },
    ],
  });
}

describe('the success-rate query under promtool', () => {
  for (const source of ['istio', 'hubble'] as const) {
    it(`${source}: 2% of 5xx responses give 0.98, below the 0.99 threshold`, async () => {
      await expect(successRate(source, 98, 2, 0.98)).resolves.toBeDefined();
    });

    it(`${source}: no 5xx series at all gives 1, not an empty result`, async () => {
      await expect(successRate(source, 50, 0, 1)).resolves.toBeDefined();
    });
  }

  it('fails when the expected value is wrong (the test can fail)', async () => {
    await expect(successRate('istio', 98, 2, 1)).rejects.toThrow(/rollouts:success_rate/);
  });
});
