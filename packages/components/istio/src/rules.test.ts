import type { ClusterContext } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, type IstioTargets, loadDefaultFleet } from './__fixtures__/fleet.ts';
import { istioRules } from './index.ts';

let prod: IstioTargets;
let ctx: ClusterContext;
beforeAll(async () => {
  const p = compute(await loadDefaultFleet()).byCluster['agentic-prod-usw2']!;
  prod = p.targets;
  ctx = p.context;
});

function run(id: string, mutate: (v: IstioTargets) => void, without?: string) {
  const v = structuredClone(prod);
  mutate(v);
  const rule = istioRules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  const enabled = new Set([...ctx.enabledComponents].filter((c) => c !== without));
  return (rule.check(v, { ...ctx, enabledComponents: enabled }) ?? []).map((x) => x.path).sort();
}

const cases: { id: string; mutate: (v: IstioTargets) => void; paths: string[]; without?: string }[] = [
  {
    id: 'gateway-certificate-needs-cert-manager',
    // the computed values ask for a Certificate; the cluster then loses cert-manager
    mutate: () => {},
    without: 'cert-manager',
    paths: ['chart.gateway.certificateIssuer'],
  },
  {
    id: 'failover-record-from-inventory',
    mutate: (v) => {
      v.chart.failoverGateway.failover = 'SECONDARY';
      v.chart.failoverGateway.healthCheckId = '';
    },
    paths: ['chart.failoverGateway.failover', 'chart.failoverGateway.healthCheckId'],
  },
  {
    id: 'strict-mtls-in-production',
    mutate: (v) => {
      v.chart.peerAuthentication.mode = 'PERMISSIVE';
    },
    paths: ['chart.peerAuthentication.mode'],
  },
  {
    id: 'sampling-matches-environment',
    mutate: (v) => {
      v.chart.telemetry.samplingPercent = 100;
      v.istiod.traceSampling = 100;
    },
    paths: ['chart.telemetry.samplingPercent', 'istiod.traceSampling'],
  },
  {
    id: 'tracing-provider-declared',
    mutate: (v) => {
      v.chart.telemetry.provider = 'jaeger';
    },
    paths: ['chart.telemetry.provider'],
  },
  {
    id: 'replicas-min-within-max',
    mutate: (v) => {
      v.istiod.autoscaleMin = 6;
      v.gateway.autoscaling.minReplicas = 12;
    },
    paths: ['gateway.autoscaling.minReplicas', 'istiod.autoscaleMin'],
  },
  {
    id: 'pdb-leaves-room-to-drain',
    mutate: (v) => {
      v.istiod.pdb.minAvailable = 3;
      v.gateway.podDisruptionBudget = { minAvailable: 3 };
    },
    paths: ['gateway.podDisruptionBudget.minAvailable', 'istiod.pdb.minAvailable'],
  },
  {
    id: 'production-ha',
    mutate: (v) => {
      v.istiod.autoscaleMin = 1;
      v.gateway.autoscaling.minReplicas = 2;
      v.gateway.podDisruptionBudget = {};
    },
    paths: [
      'gateway.autoscaling.minReplicas',
      'gateway.podDisruptionBudget.minAvailable',
      'istiod.autoscaleMin',
    ],
  },
  {
    id: 'gateway-selects-gateway-pods',
    mutate: (v) => {
      v.chart.gateway.selector = { istio: 'istio-ingressgateway' };
    },
    paths: ['chart.gateway.selector.istio'],
  },
  {
    id: 'outlier-detection-ejects',
    mutate: (v) => {
      v.chart.trafficPolicy.outlierDetection.consecutive5xxErrors = 0;
      v.chart.trafficPolicy.outlierDetection.consecutiveGatewayErrors = 0;
    },
    paths: ['chart.trafficPolicy.outlierDetection.consecutive5xxErrors'],
  },
  {
    id: 'rate-limit-burst-covers-rate',
    mutate: (v) => {
      v.chart.gateway.rateLimit.burst = 50;
    },
    paths: ['chart.gateway.rateLimit.burst'],
  },
  {
    id: 'jwt-issuer-set',
    // switched on in a cluster's overrides without naming the identity provider
    mutate: (v) => {
      v.chart.gateway.requestAuthentication.enabled = true;
    },
    paths: ['chart.gateway.requestAuthentication.issuer', 'chart.gateway.requestAuthentication.jwksUri'],
  },
  {
    id: 'require-jwt-needs-request-authentication',
    // requireJwt switched on alone: no request would carry a principal, so all would be denied
    mutate: (v) => {
      v.chart.gateway.requireJwt.enabled = true;
    },
    paths: ['chart.gateway.requireJwt.enabled'],
  },
  {
    id: 'consistent-hash-unique',
    mutate: (v) => {
      const entry = {
        name: 'by-user',
        namespace: 'model-gateway',
        host: 'mg.model-gateway.svc.cluster.local',
        httpHeaderName: 'x-user-id',
      };
      v.chart.consistentHash = [entry, { ...entry }];
    },
    paths: ['chart.consistentHash[1].host', 'chart.consistentHash[1].name'],
  },
];

describe('istio rules', () => {
  it('has a test case for every rule', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(istioRules.map((r) => r.id).sort());
  });

  it('hold for the computed production values', () => {
    for (const r of istioRules) expect(r.check(prod, ctx) ?? [], r.id).toEqual([]);
  });

  // docs/decisions.md#mesh-authorization: off with no issuer by default, on once a cluster names one
  it('accepts JWT at the gateway off with no issuer, and on with an issuer', () => {
    expect(prod.chart.gateway.requestAuthentication).toEqual({ enabled: false, issuer: '', jwksUri: '' });
    const jwtRules = ['jwt-issuer-set', 'require-jwt-needs-request-authentication'];
    for (const id of jwtRules)
      expect(
        run(id, () => {}),
        id,
      ).toEqual([]);
    const on = (v: IstioTargets) => {
      v.chart.gateway.requestAuthentication = {
        enabled: true,
        issuer: 'https://idp.example.com/realms/agents',
        jwksUri: 'https://idp.example.com/realms/agents/certs',
      };
      v.chart.gateway.requireJwt.enabled = true;
    };
    for (const id of jwtRules) expect(run(id, on), id).toEqual([]);
  });

  it.each(cases)('fails $id, naming the offending paths', ({ id, mutate, paths, without }) => {
    expect(run(id, mutate, without)).toEqual(paths);
  });
});
