import { join, resolve } from 'node:path';
import { missingLabels, type RenderedObject, renderUpstreamCharts } from '@platform/chart-harness';
import { computeFleet, type Fleet } from '@platform/core';
import { loadFleetFor, standIn, withClusterOverride } from '@platform/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import metricsServer, { type MetricsServerValues } from './index.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const COMPONENTS = [metricsServer, standIn('prometheus-operator-crds'), standIn('cilium')];

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
});

function compute(f: Fleet) {
  const { clusters, issues } = computeFleet(f, COMPONENTS);
  const values = Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'metrics-server')!;
      return [cc.context.cluster.name, comp.targets['metrics-server']!.values as MetricsServerValues];
    }),
  );
  return { clusters, issues, values };
}

describe('metrics-server values', () => {
  it('pins the chart exactly and installs into kube-system after Cilium', () => {
    expect(metricsServer.upstreamCharts.map((u) => [u.repoURL, u.chart, u.version])).toEqual([
      ['https://kubernetes-sigs.github.io/metrics-server/', 'metrics-server', '3.13.1'],
    ]);
    expect(metricsServer).toMatchObject({
      namespace: 'kube-system',
      dependsOn: ['prometheus-operator-crds', 'cilium'],
    });
  });

  it('runs one replica in development, two behind a PDB and spread over nodes in production', () => {
    const { issues, values } = compute(fleet);
    expect(issues).toEqual([]);
    const dev = values['agentic-dev-usw2']!;
    expect([dev.replicas, dev.podDisruptionBudget.enabled, dev.topologySpreadConstraints]).toEqual([
      1,
      false,
      [],
    ]);
    for (const c of ['agentic-prod-usw2', 'agentic-dr-use1']) {
      const v = values[c]!;
      expect([v.replicas, v.podDisruptionBudget]).toEqual([2, { enabled: true, minAvailable: 1 }]);
      expect(v.topologySpreadConstraints.map((t) => t.topologyKey)).toEqual(['kubernetes.io/hostname']);
    }
  });

  it('refuses a single replica in production, naming cluster, path, expected and found', () => {
    const f = withClusterOverride(fleet, 'agentic-prod-usw2', 'metrics-server', {
      'metrics-server': { replicas: 1 },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        code: 'rule:ha-in-production',
        cluster: 'agentic-prod-usw2',
        component: 'metrics-server',
        path: 'metrics-server.replicas',
        expected: 'at least 2 in production',
        found: '1',
      }),
      // the PDB now blocks every drain too
      expect.objectContaining({
        code: 'rule:pdb-leaves-a-pod-to-evict',
        path: 'metrics-server.podDisruptionBudget.minAvailable',
      }),
    ]);
  });

  it('refuses a ServiceMonitor without the metrics endpoint and an unknown key', () => {
    const f = withClusterOverride(fleet, 'agentic-stg-usw2', 'metrics-server', {
      'metrics-server': { metrics: { enabled: false } },
    });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:servicemonitor-needs-metrics metrics-server.metrics.enabled',
    ]);
    const typo = withClusterOverride(fleet, 'agentic-stg-usw2', 'metrics-server', {
      'metrics-server': { replica: 2 },
    });
    expect(compute(typo).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'unknown-key metrics-server.replica',
    ]);
  });
});

describe('the upstream metrics-server chart rendered with the generated values', () => {
  const rendered = new Map<string, { environment: string; objects: RenderedObject[] }>();
  beforeAll(async () => {
    const { clusters } = compute(fleet);
    for (const cc of clusters) {
      const comp = cc.components.find((c) => c.definition.name === 'metrics-server')!;
      const objects = await renderUpstreamCharts(
        metricsServer,
        comp.targets,
        cc.context.cluster.kubernetesVersion,
        ['monitoring.coreos.com/v1'],
      );
      rendered.set(cc.context.cluster.name, {
        environment: cc.context.environment.name,
        objects: objects.get('metrics-server')!,
      });
    }
  }, 120_000);

  const find = (cluster: string, kind: string) =>
    rendered
      .get(cluster)!
      .objects.map((o) => o.manifest as Record<string, any>)
      .filter((m) => m.kind === kind);

  it('registers v1beta1.metrics.k8s.io on the metrics-server Service in kube-system', () => {
    const [api] = find('agentic-prod-usw2', 'APIService');
    expect(api!.spec).toMatchObject({
      group: 'metrics.k8s.io',
      version: 'v1beta1',
      insecureSkipTLSVerify: true,
      service: { name: 'metrics-server', namespace: 'kube-system' },
    });
  });

  it('renders two replicas and a PDB in production, one replica and no PDB in development', () => {
    expect(find('agentic-prod-usw2', 'Deployment')[0]!.spec.replicas).toBe(2);
    expect(find('agentic-prod-usw2', 'PodDisruptionBudget').map((p) => p.spec.minAvailable)).toEqual([1]);
    expect(find('agentic-dev-usw2', 'Deployment')[0]!.spec.replicas).toBe(1);
    expect(find('agentic-dev-usw2', 'PodDisruptionBudget')).toEqual([]);
  });

  it('labels every Deployment as Gatekeeper requires', () => {
    expect(rendered.size).toBe(4);
    for (const [cluster, r] of rendered) {
      const required = { 'cost-center': 'platform-engineering', layer: 'l00', environment: r.environment };
      expect({ cluster, missing: missingLabels(r.objects, required) }).toEqual({ cluster, missing: [] });
    }
  });
});
