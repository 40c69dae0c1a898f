import { renderUpstreamChart } from '@platform/chart-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compute, loadDefaultFleet } from './__fixtures__/upstream-fleet.ts';
import { NAMESPACE } from './constants.ts';
import observability from './index.ts';

let r: ReturnType<typeof compute>;
beforeAll(async () => {
  r = compute(await loadDefaultFleet());
});

async function render(cluster: string, id: string) {
  const u = observability.upstreamCharts.find((c) => c.id === id)!;
  const { targets, context } = r.byCluster[cluster]!;
  return renderUpstreamChart({
    chart: u.chart,
    version: u.version,
    releaseName: u.releaseName ?? u.id,
    namespace: NAMESPACE,
    values: (targets as unknown as Record<string, Record<string, unknown>>)[id]!,
    kubeVersion: context.cluster.kubernetesVersion,
    apiVersions: ['monitoring.coreos.com/v1'],
  });
}

// docs/decisions.md#remote-write-per-replica
describe('the rendered gateway writes every series to every rendered Prometheus replica', () => {
  for (const cluster of ['agentic-prod-usw2', 'agentic-dr-use1']) {
    it(`${cluster}: one remote write per pod of the Prometheus, none through its Service`, async () => {
      const prom = (await render(cluster, 'kube-prometheus-stack')).find(
        (o) => o.manifest.kind === 'Prometheus',
      )!.manifest as { metadata: { name: string }; spec: { replicas: number } };
      const cm = (await render(cluster, 'otel-gateway')).find((o) => o.manifest.kind === 'ConfigMap')!
        .manifest as { data: { relay: string } };
      const config = parse(cm.data.relay) as {
        exporters: Record<string, { endpoint?: string }>;
        service: { pipelines: { metrics: { exporters: string[] } } };
      };
      // The operator names the pods prometheus-<name>-<ordinal> under its headless Service prometheus-operated.
      const pods = Array.from(
        { length: prom.spec.replicas },
        (_, i) =>
          `http://prometheus-${prom.metadata.name}-${i}.prometheus-operated.${NAMESPACE}.svc.cluster.local:9090/api/v1/write`,
      );
      const writes = config.service.pipelines.metrics.exporters
        .filter((e) => e.startsWith('prometheusremotewrite'))
        .map((e) => config.exporters[e]?.endpoint)
        .sort();
      expect(prom.spec.replicas).toBeGreaterThan(1);
      expect(writes).toEqual(pods);
    });
  }
});
