import type { Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet, withOverride } from './__fixtures__/fleet.ts';
import istio from './index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

describe('the istio component', () => {
  it('pins base, istiod and gateway 1.30.3 in install order and installs into istio-system after Cilium, metrics-server and the AWS Load Balancer Controller', () => {
    expect(istio).toMatchObject({
      name: 'istio',
      namespace: 'istio-system',
      dependsOn: ['cilium', 'metrics-server', 'aws-load-balancer-controller'],
    });
    expect(istio.upstreamCharts.map((u) => [u.id, u.repoURL, u.chart, u.version, u.releaseName])).toEqual([
      ['base', 'https://istio-release.storage.googleapis.com/charts', 'base', '1.30.3', undefined],
      ['istiod', 'https://istio-release.storage.googleapis.com/charts', 'istiod', '1.30.3', undefined],
      [
        'gateway',
        'https://istio-release.storage.googleapis.com/charts',
        'gateway',
        '1.30.3',
        'istio-ingressgateway',
      ],
    ]);
  });

  it('is on by default in staging and production, off in development', () => {
    const on = (name: 'development' | 'staging' | 'production') =>
      istio.enabledByDefault({
        environment: fleet.environments[name],
        cluster: fleet.clusters[0]!,
        fleet: fleet.settings,
      });
    expect([on('development'), on('staging'), on('production')]).toEqual([false, true, true]);
  });
});

describe('istio bad input', () => {
  it('rejects PERMISSIVE mTLS in production', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      chart: { peerAuthentication: { mode: 'PERMISSIVE' } },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-prod-usw2',
        component: 'istio',
        code: 'rule:strict-mtls-in-production',
        path: 'chart.peerAuthentication.mode',
        expected: '"STRICT"',
        found: '"PERMISSIVE"',
      }),
    ]);
  });

  it('rejects a fixed 100% tracing in production', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', { chart: { telemetry: { samplingPercent: 100 } } });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path} ${i.found}`)).toEqual([
      'rule:sampling-matches-environment chart.telemetry.samplingPercent 100',
    ]);
  });

  it('rejects the legacy circuitBreaker block and the deprecated consecutiveErrors, at once', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', {
      chart: {
        trafficPolicy: {
          circuitBreaker: { consecutiveErrors: 5 },
          outlierDetection: { consecutiveErrors: 5 },
        },
      },
    });
    expect(
      compute(f)
        .issues.map((i) => i.path)
        .sort(),
    ).toEqual([
      'chart.trafficPolicy.circuitBreaker',
      'chart.trafficPolicy.outlierDetection.consecutiveErrors',
    ]);
  });

  it('rejects JWT at the gateway switched on without an issuer, or required without it', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      chart: { gateway: { requestAuthentication: { enabled: true } } },
    });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:jwt-issuer-set chart.gateway.requestAuthentication.issuer',
      'rule:jwt-issuer-set chart.gateway.requestAuthentication.jwksUri',
    ]);
    const alone = withOverride(fleet, 'agentic-prod-usw2', {
      chart: { gateway: { requireJwt: { enabled: true } } },
    });
    expect(compute(alone).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:require-jwt-needs-request-authentication chart.gateway.requireJwt.enabled',
    ]);
  });

  it('rejects an istiod minimum above its maximum and a pilot.* key the istiod chart does not read', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', { istiod: { autoscaleMin: 6 } });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:replicas-min-within-max istiod.autoscaleMin',
    ]);
    const typo = withOverride(fleet, 'agentic-stg-usw2', { istiod: { pilot: { replicaCount: 3 } } });
    expect(compute(typo).issues.map((i) => i.path)).toEqual(['istiod.pilot']);
  });

  it('rejects Istio on a cluster whose Cilium component is disabled (missing dependency)', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-stg-usw2' ? { ...c, components: { cilium: { enabled: false } } } : c,
      ),
    };
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-stg-usw2',
        component: 'istio',
        code: 'missing-dependency',
      }),
    ]);
  });
});
