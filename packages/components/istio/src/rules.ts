import type { ParsedTargets, RuleViolation, TypedComponentRule } from '@platform/core';
import { failoverRecordOf, isScaledDownStandby } from '@platform/core';
import type { Targets } from './schema.ts';
import { GATEWAY_RELEASE } from './values.ts';

const istiod = (v: ParsedTargets<Targets>) => v.istiod;
const gateway = (v: ParsedTargets<Targets>) => v.gateway;
const chart = (v: ParsedTargets<Targets>) => v.chart;

/** Cross-field rules of the Istio values; all are evaluated and every violation reported. */
export const istioRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'strict-mtls-in-production',
    description: 'production requires mesh-wide STRICT mTLS (PeerAuthentication default)',
    check: (v, ctx) => {
      const mode = chart(v).peerAuthentication.mode;
      return ctx.environment.name === 'production' && mode !== 'STRICT'
        ? [{ path: 'chart.peerAuthentication.mode', expected: '"STRICT"', found: JSON.stringify(mode) }]
        : undefined;
    },
  },
  {
    id: 'gateway-certificate-needs-cert-manager',
    description: 'a Certificate for the gateway needs cert-manager on the cluster (its CRD and issuers)',
    check: (v, ctx) => {
      const issuer = chart(v).gateway.certificateIssuer;
      return issuer !== '' && !ctx.enabledComponents.has('cert-manager')
        ? [
            {
              path: 'chart.gateway.certificateIssuer',
              expected: '"" (cert-manager is not enabled on this cluster)',
              found: JSON.stringify(issuer),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'sampling-matches-environment',
    description: 'trace sampling must be the environment profile percentage, not a fixed 100%',
    check: (v, ctx) => {
      const want = ctx.environment.tracing.samplingPercent;
      const out: RuleViolation[] = [];
      if (chart(v).telemetry.samplingPercent !== want)
        out.push({
          path: 'chart.telemetry.samplingPercent',
          expected: `${want} (${ctx.environment.name} profile)`,
          found: String(chart(v).telemetry.samplingPercent),
        });
      if (istiod(v).traceSampling !== want)
        out.push({
          path: 'istiod.traceSampling',
          expected: `${want} (${ctx.environment.name} profile)`,
          found: String(istiod(v).traceSampling),
        });
      return out;
    },
  },
  {
    id: 'tracing-provider-declared',
    description: 'the Telemetry tracing provider must be declared in meshConfig.extensionProviders',
    check: (v) => {
      const names = istiod(v).meshConfig.extensionProviders.map((p) => p.name);
      const provider = chart(v).telemetry.provider;
      return names.includes(provider)
        ? undefined
        : [
            {
              path: 'chart.telemetry.provider',
              expected: `one of ${names.join(', ')} (istiod.meshConfig.extensionProviders)`,
              found: JSON.stringify(provider),
            },
          ];
    },
  },
  {
    id: 'replicas-min-within-max',
    description: 'autoscaling minimums cannot exceed maximums',
    check: (v) => {
      const out: RuleViolation[] = [];
      const i = istiod(v);
      if (i.autoscaleMin > i.autoscaleMax)
        out.push({
          path: 'istiod.autoscaleMin',
          expected: `<= autoscaleMax (${i.autoscaleMax})`,
          found: String(i.autoscaleMin),
        });
      const a = gateway(v).autoscaling;
      if (a.minReplicas > a.maxReplicas)
        out.push({
          path: 'gateway.autoscaling.minReplicas',
          expected: `<= maxReplicas (${a.maxReplicas})`,
          found: String(a.minReplicas),
        });
      return out;
    },
  },
  {
    id: 'pdb-leaves-room-to-drain',
    description: 'a PodDisruptionBudget needs more replicas than it keeps available, or node drains block',
    check: (v) => {
      const out: RuleViolation[] = [];
      const i = istiod(v);
      if (
        i.global.defaultPodDisruptionBudget.enabled &&
        i.autoscaleMin > 1 &&
        i.pdb.minAvailable >= i.autoscaleMin
      )
        out.push({
          path: 'istiod.pdb.minAvailable',
          expected: `< autoscaleMin (${i.autoscaleMin})`,
          found: String(i.pdb.minAvailable),
        });
      const min = gateway(v).podDisruptionBudget.minAvailable;
      const replicas = gateway(v).autoscaling.minReplicas;
      if (min !== undefined && min >= replicas)
        out.push({
          path: 'gateway.podDisruptionBudget.minAvailable',
          expected: `< autoscaling.minReplicas (${replicas})`,
          found: String(min),
        });
      return out;
    },
  },
  {
    id: 'production-ha',
    description:
      'production primaries run istiod and the gateway with at least the profile replicas and PDBs',
    check: (v, ctx) => {
      if (ctx.environment.name !== 'production' || isScaledDownStandby(ctx.cluster)) return undefined;
      const n = ctx.environment.replicas;
      const out: RuleViolation[] = [];
      if (istiod(v).autoscaleMin < n)
        out.push({ path: 'istiod.autoscaleMin', expected: `>= ${n}`, found: String(istiod(v).autoscaleMin) });
      if (gateway(v).autoscaling.minReplicas < n)
        out.push({
          path: 'gateway.autoscaling.minReplicas',
          expected: `>= ${n}`,
          found: String(gateway(v).autoscaling.minReplicas),
        });
      if (gateway(v).podDisruptionBudget.minAvailable === undefined)
        out.push({
          path: 'gateway.podDisruptionBudget.minAvailable',
          expected: '>= 1',
          found: 'nothing (no PDB)',
        });
      return out;
    },
  },
  {
    id: 'gateway-selects-gateway-pods',
    description: `the Gateway selector must match the pods of the ${GATEWAY_RELEASE} release`,
    check: (v) => {
      const g = chart(v).gateway;
      const want = GATEWAY_RELEASE.replace(/^istio-/, '');
      return g.enabled && g.selector.istio !== want
        ? [
            {
              path: 'chart.gateway.selector.istio',
              expected: JSON.stringify(want),
              found: JSON.stringify(g.selector.istio),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'rate-limit-burst-covers-rate',
    description:
      'the token bucket of the edge rate limit holds at least one second of tokens, or it caps the rate below requestsPerSecond',
    check: (v) => {
      const r = chart(v).gateway.rateLimit;
      return r.enabled && r.burst < r.requestsPerSecond
        ? [
            {
              path: 'chart.gateway.rateLimit.burst',
              expected: `>= requestsPerSecond (${r.requestsPerSecond})`,
              found: String(r.burst),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'jwt-issuer-set',
    description:
      'the RequestAuthentication of the gateway needs the issuer and JWKS URL of the identity provider while enabled',
    check: (v) => {
      const ra = chart(v).gateway.requestAuthentication;
      if (!ra.enabled) return undefined;
      const out: RuleViolation[] = [];
      if (ra.issuer === '')
        out.push({
          path: 'chart.gateway.requestAuthentication.issuer',
          expected: 'the issuer URL',
          found: '""',
        });
      if (ra.jwksUri === '')
        out.push({
          path: 'chart.gateway.requestAuthentication.jwksUri',
          expected: 'the https:// URL of the JWKS',
          found: '""',
        });
      return out;
    },
  },
  {
    id: 'require-jwt-needs-request-authentication',
    description:
      'requiring a JWT at the gateway needs its RequestAuthentication, or no request has a principal and all are denied',
    check: (v) => {
      const g = chart(v).gateway;
      return g.requireJwt.enabled && !g.requestAuthentication.enabled
        ? [
            {
              path: 'chart.gateway.requireJwt.enabled',
              expected: 'false (requestAuthentication is off)',
              found: 'true',
            },
          ]
        : undefined;
    },
  },
  {
    id: 'outlier-detection-ejects',
    description: 'outlier detection must be able to eject a host (5xx or gateway errors above zero)',
    check: (v) => {
      const o = chart(v).trafficPolicy.outlierDetection;
      return o.consecutive5xxErrors === 0 && o.consecutiveGatewayErrors === 0
        ? [
            {
              path: 'chart.trafficPolicy.outlierDetection.consecutive5xxErrors',
              expected: '> 0 (or consecutiveGatewayErrors > 0)',
              found: '0 and consecutiveGatewayErrors 0',
            },
          ]
        : undefined;
    },
  },
  {
    id: 'consistent-hash-unique',
    description:
      'consistent-hash DestinationRules need unique names per namespace and hosts not covered twice',
    check: (v) => {
      const seen = new Set<string>();
      const hosts = new Set<string>();
      const out: RuleViolation[] = [];
      chart(v).consistentHash.forEach((c, i) => {
        const key = `${c.namespace}/${c.name}`;
        if (seen.has(key))
          out.push({
            path: `chart.consistentHash[${i}].name`,
            expected: 'unique per namespace',
            found: JSON.stringify(key),
          });
        if (hosts.has(c.host))
          out.push({
            path: `chart.consistentHash[${i}].host`,
            expected: 'one rule per host',
            found: JSON.stringify(c.host),
          });
        seen.add(key);
        hosts.add(c.host);
      });
      return out;
    },
  },
  {
    id: 'failover-record-from-inventory',
    description:
      "the failover Gateway publishes the inventory's record: PRIMARY only on the primary (with the health check), SECONDARY on the dr cluster",
    check: (v, ctx) => {
      const f = chart(v).failoverGateway;
      if (!f.enabled) return undefined;
      const r = failoverRecordOf(ctx.fleet, ctx.cluster);
      if (!r)
        return [
          {
            path: 'chart.failoverGateway.enabled',
            expected: `false (fleet.yaml dnsFailover has no entry for ${ctx.environment.name})`,
            found: 'true',
          },
        ];
      const want = {
        host: r.host,
        failover: r.failover,
        setIdentifier: r.setIdentifier,
        healthCheckId: r.failover === 'PRIMARY' ? r.healthCheckId : '',
      };
      return (Object.keys(want) as (keyof typeof want)[])
        .filter((k) => f[k] !== want[k])
        .map((k) => ({
          path: `chart.failoverGateway.${k}`,
          expected: JSON.stringify(want[k]),
          found: JSON.stringify(f[k]),
          hint: 'Two PRIMARY (or SECONDARY) records of one name conflict in Route53; change fleet.yaml dnsFailover instead.',
        }));
    },
  },
];
