import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet, withOverride } from './__fixtures__/fleet.ts';

let by: ReturnType<typeof compute>['byCluster'];
const ON = ['agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'] as const;
beforeAll(async () => {
  const r = compute(await loadDefaultFleet());
  expect(r.issues).toEqual([]);
  by = r.byCluster;
});
const each = <T>(f: (t: (typeof by)[string]['targets']) => T) => ON.map((c) => f(by[c]!.targets));

describe('istio values per environment (staging, production, DR; off in development)', () => {
  it('is enabled by default in staging and production only, and a cluster can switch it on', async () => {
    expect(Object.keys(by).sort()).toEqual([...ON].sort());
    const f = withOverride(await loadDefaultFleet(), 'agentic-dev-usw2', {}, true);
    const r = compute(f);
    expect(r.issues).toEqual([]);
    expect(r.byCluster['agentic-dev-usw2']?.targets.chart).toMatchObject({
      peerAuthentication: { mode: 'PERMISSIVE' },
      telemetry: { samplingPercent: 100 },
    });
    expect(r.byCluster['agentic-dev-usw2']?.targets.istiod.autoscaleMin).toBe(1);
    expect(r.byCluster['agentic-dev-usw2']?.targets.gateway.podDisruptionBudget).toEqual({});
  });

  it('enforces STRICT mTLS in production (DR included) and PERMISSIVE in staging', () => {
    expect(each((t) => t.chart.peerAuthentication.mode)).toEqual(['PERMISSIVE', 'STRICT', 'STRICT']);
  });

  it('samples traces at the environment rate in Telemetry and istiod (10% staging, 1% production)', () => {
    expect(each((t) => t.chart.telemetry.samplingPercent)).toEqual([10, 1, 1]);
    expect(each((t) => t.istiod.traceSampling)).toEqual([10, 1, 1]);
    expect(by['agentic-prod-usw2']!.targets.istiod.meshConfig.extensionProviders).toEqual([
      {
        name: 'otel-tracing',
        opentelemetry: { service: 'opentelemetry-collector.monitoring.svc.cluster.local', port: 4317 },
      },
    ]);
  });

  it('scales istiod and the gateway with the profile (2, 3) and runs the DR standby at 2', () => {
    expect(each((t) => [t.istiod.autoscaleMin, t.istiod.autoscaleMax])).toEqual([
      [2, 5],
      [3, 5],
      [2, 3],
    ]);
    expect(each((t) => [t.gateway.autoscaling.minReplicas, t.gateway.autoscaling.maxReplicas])).toEqual([
      [2, 5],
      [3, 10],
      [2, 5],
    ]);
    expect(each((t) => t.gateway.podDisruptionBudget)).toEqual([
      { minAvailable: 1 },
      { minAvailable: 1 },
      { minAvailable: 1 },
    ]);
    expect(each((t) => t.istiod.topologySpreadConstraints.length)).toEqual([1, 1, 1]);
  });

  it('sets the outlier detection and the least-request load balancing on the default DestinationRule', () => {
    expect(by['agentic-prod-usw2']!.targets.chart.trafficPolicy).toEqual({
      loadBalancer: { simple: 'LEAST_REQUEST' },
      outlierDetection: {
        consecutive5xxErrors: 5,
        consecutiveGatewayErrors: 3,
        interval: '30s',
        baseEjectionTime: '30s',
        maxEjectionPercent: 50,
        minHealthPercent: 30,
      },
    });
  });

  it('serves the cluster hosts of its region zone and labels every Istio workload for cost', () => {
    expect(each((t) => t.chart.gateway.hosts)).toEqual([
      ['*.agentic-stg-usw2.us-west-2.example.com'],
      ['*.agentic-prod-usw2.us-west-2.example.com'],
      ['*.agentic-dr-use1.us-east-1.example.com'],
    ]);
    const labels = { 'cost-center': 'platform-engineering', layer: 'l00', environment: 'production' };
    const p = by['agentic-prod-usw2']!.targets;
    expect([p.istiod.podLabels, p.istiod.deploymentLabels, p.gateway.labels]).toEqual([
      labels,
      labels,
      labels,
    ]);
    expect(p.istiod.resources.limits).toEqual({ cpu: '2', memory: '4Gi' });
  });

  // docs/decisions.md#mesh-authorization
  it('leaves JWT at the gateway off with no issuer, and a cluster turns it on in its overrides', async () => {
    expect(each((t) => [t.chart.gateway.requestAuthentication, t.chart.gateway.requireJwt.enabled])).toEqual(
      ON.map(() => [{ enabled: false, issuer: '', jwksUri: '' }, false]),
    );
    const idp = {
      enabled: true,
      issuer: 'https://idp.example.com/realms/agents',
      jwksUri: 'https://idp.example.com/realms/agents/certs',
    };
    const f = withOverride(await loadDefaultFleet(), 'agentic-prod-usw2', {
      chart: { gateway: { requestAuthentication: idp, requireJwt: { enabled: true } } },
    });
    const r = compute(f);
    expect(r.issues).toEqual([]);
    expect(r.byCluster['agentic-prod-usw2']!.targets.chart.gateway).toMatchObject({
      requestAuthentication: idp,
      requireJwt: { enabled: true, hosts: ['*.agentic-prod-usw2.us-west-2.example.com'], publicPaths: [] },
    });
    expect(r.byCluster['agentic-stg-usw2']!.targets.chart.gateway.requireJwt.enabled).toBe(false);
  });

  it('installs after Cilium', () => {
    expect(ON.map((c) => by[c]!.wave)).toEqual([1, 1, 1]);
  });
});
