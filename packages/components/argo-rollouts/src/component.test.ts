import { join, resolve } from 'node:path';
import {
  chartAllowKinds,
  checkChart,
  crdProblems,
  crdSchema,
  missingLabels,
  renderUpstreamCharts,
  upstreamCrds,
} from '@platform/chart-harness';
import { type ComponentDefinition, computeFleet, type Fleet, type Values } from '@platform/core';
import { loadFleetFor, standIn, withClusterOverride } from '@platform/core/testing';
import { cachedChartPath, chartCacheDir } from '@platform/hydrate';
import { beforeAll, describe, expect, it } from 'vitest';
import argoRollouts, { type ArgoRolloutsValues, type ChartValues, GATEWAY_API_PLUGIN_URL } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
const base = [argoRollouts, standIn('prometheus-operator-crds'), standIn('cilium'), standIn('observability')];
const WITHOUT_ISTIO: ComponentDefinition[] = [...base, standIn('istio', () => false)];
const WITH_ISTIO: ComponentDefinition[] = [...base, standIn('istio')];
let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleetFor(join(root, 'gitops'), WITHOUT_ISTIO);
});

function computed(components = WITHOUT_ISTIO) {
  const { clusters, issues } = computeFleet(fleet, components);
  expect(issues).toEqual([]);
  return Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'argo-rollouts')!;
      return [
        cc.context.cluster.name,
        {
          context: cc.context,
          targets: comp.targets,
          upstream: comp.targets['argo-rollouts']!.values as ArgoRolloutsValues,
          chart: comp.targets.chart!.values as ChartValues,
        },
      ];
    }),
  );
}
const issuesOf = (
  values: Record<string, Values>,
  components = WITHOUT_ISTIO,
  cluster = 'agentic-prod-usw2',
) => computeFleet(withClusterOverride(fleet, cluster, 'argo-rollouts', values), components).issues;

type Manifest = Record<string, any>;

describe('argo-rollouts values', () => {
  it('loads the Gateway API plugin from an exact release', () => {
    const v = computed()['agentic-stg-usw2']!.upstream;
    expect(v.controller.trafficRouterPlugins).toEqual([
      { name: 'argoproj-labs/gatewayAPI', location: GATEWAY_API_PLUGIN_URL },
    ]);
    expect(GATEWAY_API_PLUGIN_URL).toMatch(/\/download\/v\d+\.\d+\.\d+\//);
  });

  it('runs one controller in development and two behind a PDB in production', () => {
    const c = computed();
    expect(c['agentic-dev-usw2']!.upstream.controller).toMatchObject({
      replicas: 1,
      pdb: { enabled: false },
    });
    expect(c['agentic-prod-usw2']!.upstream.controller).toMatchObject({
      replicas: 2,
      pdb: { enabled: true, minAvailable: 1 },
    });
  });

  it('grants RBAC to the Gateway API provider only, plus Istio where it runs', () => {
    const on = (v: ArgoRolloutsValues) =>
      Object.entries(v.providerRBAC.providers)
        .filter(([, x]) => x)
        .map(([k]) => k);
    expect(on(computed()['agentic-prod-usw2']!.upstream)).toEqual(['gatewayAPI']);
    expect(on(computed(WITH_ISTIO)['agentic-prod-usw2']!.upstream)).toEqual(['istio', 'gatewayAPI']);
  });

  it('measures the success rate from Istio where it runs, else from Hubble', () => {
    expect(computed()['agentic-prod-usw2']!.chart.successRate.source).toBe('hubble');
    expect(computed(WITH_ISTIO)['agentic-prod-usw2']!.chart.successRate.source).toBe('istio');
  });
});

describe('argo-rollouts rules', () => {
  it('refuses a single controller in production', () => {
    expect(
      issuesOf({ 'argo-rollouts': { controller: { replicas: 1 } } }).map((i) => [i.code, i.path]),
    ).toEqual([
      ['rule:rollouts-ha-in-production', 'argo-rollouts.controller.replicas'],
      ['rule:rollouts-pdb-fits-replicas', 'argo-rollouts.controller.pdb.minAvailable'],
    ]);
  });

  it('refuses RBAC for a traffic provider the cluster does not run', () => {
    expect(
      issuesOf({ 'argo-rollouts': { providerRBAC: { providers: { istio: true, smi: true } } } }),
    ).toEqual([
      expect.objectContaining({
        code: 'rule:rollouts-gateway-api-rbac',
        path: 'argo-rollouts.providerRBAC.providers.istio',
      }),
      expect.objectContaining({
        code: 'rule:rollouts-gateway-api-rbac',
        path: 'argo-rollouts.providerRBAC.providers.smi',
      }),
    ]);
  });

  it('refuses Istio metrics without Istio', () => {
    expect(issuesOf({ chart: { successRate: { source: 'istio' } } })).toEqual([
      expect.objectContaining({
        code: 'rule:rollouts-istio-metrics-need-istio',
        path: 'chart.successRate.source',
      }),
    ]);
  });

  it('refuses a plugin URL without an exact release', () => {
    const latest =
      'https://github.com/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi/releases/latest/download/gatewayapi-plugin-linux-amd64';
    expect(
      issuesOf({
        'argo-rollouts': {
          controller: { trafficRouterPlugins: [{ name: 'argoproj-labs/gatewayAPI', location: latest }] },
        },
      }).map((i) => [i.code, i.path]),
    ).toEqual([['invalid-format', 'argo-rollouts.controller.trafficRouterPlugins[0].location']]);
  });
});

describe('charts/argo-rollouts rendered with the real helm', () => {
  it('renders the success-rate ClusterAnalysisTemplate against the in-cluster Prometheus', async () => {
    const scenarios = [
      ...Object.entries(computed()).map(([name, v]) => ({ name, values: v.chart })),
      { name: 'istio', values: computed(WITH_ISTIO)['agentic-prod-usw2']!.chart },
    ].map((s) => ({ ...s, releaseName: 'argo-rollouts-config', namespace: 'argo-rollouts' }));
    const chartDir = join(root, 'charts/argo-rollouts');
    const result = await checkChart(chartDir, scenarios, { allowKinds: chartAllowKinds(chartDir) });
    expect(result.findings).toEqual([]);
    // the harness has no model for it: validate against the CRD of the pinned upstream chart
    const pin = argoRollouts.upstreamCharts[0]!;
    const crd = crdSchema(
      await upstreamCrds(cachedChartPath(chartCacheDir(root), pin.chart, pin.version), {
        namespace: 'argo-rollouts',
      }),
      'ClusterAnalysisTemplate',
      'v1alpha1',
    );
    expect(crd).toBeDefined();
    for (const objects of result.objects.values())
      for (const o of objects) expect(crdProblems(crd!, o.manifest)).toEqual([]);
    expect(
      crdProblems(crd!, {
        ...(result.objects.get('istio')![0]!.manifest as Manifest),
        spec: { metricz: [] },
      }),
    ).not.toEqual([]);
    const template = (s: string) => (result.objects.get(s) ?? []).map((o) => o.manifest as Manifest)[0]!;
    const prod = template('agentic-prod-usw2');
    expect([prod.kind, prod.metadata.name]).toEqual(['ClusterAnalysisTemplate', 'success-rate']);
    const metric = prod.spec.metrics[0];
    expect(metric).toMatchObject({
      interval: '1m',
      failureLimit: 3,
      successCondition: 'len(result) > 0 && result[0] >= 0.99',
      provider: {
        prometheus: { address: 'http://kube-prometheus-stack-prometheus.monitoring.svc.cluster.local:9090' },
      },
    });
    expect(metric.provider.prometheus.query).toContain(
      'hubble_http_requests_total{destination_namespace="{{args.namespace}}"}[5m]',
    );
    expect(template('istio').spec.metrics[0].provider.prometheus.query).toContain(
      'istio_requests_total{reporter="destination",destination_service_name="{{args.service-name}}"',
    );
  });
});

describe('the upstream argo-rollouts chart rendered with the generated values', () => {
  let rendered: Map<string, Manifest[]>;
  beforeAll(async () => {
    rendered = new Map();
    for (const [name, v] of Object.entries(computed())) {
      const objects = (
        await renderUpstreamCharts(argoRollouts, v.targets, v.context.cluster.kubernetesVersion, [
          'monitoring.coreos.com/v1',
        ])
      ).get('argo-rollouts')!;
      const required = {
        'cost-center': 'platform-engineering',
        layer: 'l00',
        environment: v.context.environment.name,
      };
      expect({ name, missing: missingLabels(objects, required) }).toEqual({ name, missing: [] });
      rendered.set(
        name,
        objects.map((o) => o.manifest as Manifest),
      );
    }
  }, 180_000);

  it('writes the plugin into the controller ConfigMap and renders the PDB in production', () => {
    const prod = rendered.get('agentic-prod-usw2')!;
    const cm = prod.find((m) => m.kind === 'ConfigMap' && m.metadata.name === 'argo-rollouts-config')!;
    expect(cm.data.trafficRouterPlugins).toContain(GATEWAY_API_PLUGIN_URL);
    expect(prod.filter((m) => m.kind === 'PodDisruptionBudget')).toHaveLength(1);
    expect(prod.find((m) => m.kind === 'Deployment')!.spec.replicas).toBe(2);
  });

  it('renders only kinds the component declares', () => {
    const declared = new Set(
      [...argoRollouts.resources!.cluster, ...argoRollouts.resources!.namespaced].map(
        (k) => `${k.group}/${k.kind}`,
      ),
    );
    for (const objects of rendered.values())
      for (const m of objects) {
        const group = m.apiVersion.includes('/') ? m.apiVersion.split('/')[0] : '';
        expect(declared.has(`${group}/${m.kind}`), `${m.apiVersion} ${m.kind}`).toBe(true);
      }
  });
});
