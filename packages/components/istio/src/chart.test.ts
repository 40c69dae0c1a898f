import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkChart,
  crdProblems,
  crdSchema,
  type RenderedObject,
  renderUpstreamChart,
  upstreamCrds,
} from '@platform/chart-harness';
import { certManager } from '@platform/component-cert-manager';
import { cachedChartPath, chartCacheDir } from '@platform/hydrate';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, compute, loadDefaultFleet, ROOT, withOverride } from './__fixtures__/fleet.ts';
import istio, { type ChartValues, GATEWAY_RELEASE } from './index.ts';

const PIN = istio.upstreamCharts.find((u) => u.id === 'base')!;

type Manifest = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
};

/** Every cluster of the fleet, development with Istio switched on (it is off there by default). */
const CLUSTERS = ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'] as const;
let objects: Map<string, RenderedObject[]>;
let findings: unknown[];
let chartValues: Record<string, ChartValues>;
/**
 * JWT at the gateway is opt-in (docs/decisions.md#mesh-authorization): the same clusters with both
 * pieces switched on in their overrides, as a cluster that names its identity provider does.
 */
const IDP = {
  issuer: 'https://idp.example.com/realms/agents',
  jwksUri: 'https://idp.example.com/realms/agents/certs',
} as const;
const JWT_ON = {
  chart: { gateway: { requestAuthentication: { enabled: true, ...IDP }, requireJwt: { enabled: true } } },
};
/** Scenario name of a cluster with JWT at the gateway switched on. */
const withJwt = (cluster: string) => `${cluster}+jwt`;
let jwtChartValues: Record<string, ChartValues>;
/** The upstream gateway chart's values and the Kubernetes version of every cluster. */
let gatewayValues: Record<string, { values: Record<string, unknown>; kubeVersion: string }>;
/** The base chart's values of a production cluster of the fleet. */
let baseValues: Record<string, unknown>;

beforeAll(async () => {
  const { issues, byCluster } = compute(withOverride(await loadDefaultFleet(), 'agentic-dev-usw2', {}, true));
  expect(issues).toEqual([]);
  expect(Object.keys(byCluster).sort()).toEqual([...CLUSTERS].sort());
  chartValues = Object.fromEntries(Object.entries(byCluster).map(([c, v]) => [c, v.targets.chart]));
  gatewayValues = Object.fromEntries(
    Object.entries(byCluster).map(([c, v]) => [
      c,
      {
        values: v.targets.gateway as unknown as Record<string, unknown>,
        kubeVersion: v.context.cluster.kubernetesVersion,
      },
    ]),
  );
  baseValues = byCluster['agentic-prod-usw2']!.targets.base as unknown as Record<string, unknown>;
  const jwt = compute(CLUSTERS.reduce((f, c) => withOverride(f, c, JWT_ON, true), await loadDefaultFleet()));
  expect(jwt.issues).toEqual([]);
  jwtChartValues = Object.fromEntries(Object.entries(jwt.byCluster).map(([c, v]) => [c, v.targets.chart]));
  const scenario = (name: string, v: (typeof byCluster)[string]) => ({
    name,
    values: v.targets.chart as unknown as Record<string, unknown>,
    namespace: 'istio-system',
    releaseName: 'istio-config',
    kubeVersion: `${v.context.cluster.kubernetesVersion}.0`,
  });
  const scenarios = [
    ...Object.entries(byCluster).map(([name, v]) => scenario(name, v)),
    ...Object.entries(jwt.byCluster).map(([name, v]) => scenario(withJwt(name), v)),
  ];
  ({ objects, findings } = await checkChart(CHART_DIR, scenarios));
});

const manifests = (cluster: string) =>
  (objects.get(cluster) ?? []).map((o) => o.manifest as unknown as Manifest);
/** The object of a kind; the failover Gateway and its Certificate only by name. */
const one = (cluster: string, kind: string, name?: string) =>
  manifests(cluster).find(
    (m) =>
      m.kind === kind &&
      (name === undefined ? !m.metadata.name.startsWith('failover') : m.metadata.name === name),
  )!;

type Selected = Manifest & { spec: { selector: { matchLabels: Record<string, string> } } };
type JwtPolicy = Selected & { spec: { jwtRules: { issuer: string; jwksUri: string }[] } };
type DenyPolicy = Selected & { spec: { action: string; rules: unknown[] } };
const ofKind = <T extends Manifest>(objects: readonly Manifest[], kind: string) =>
  objects.find((m) => m.kind === kind) as T | undefined;

describe('charts/istio rendered with the real helm for every cluster', () => {
  it('passes the harness with the Istio v1 APIs, and v1alpha3 only for the EnvoyFilter', () => {
    expect(findings).toEqual([]);
    const failover = ['agentic-prod-usw2', 'agentic-dr-use1'];
    for (const c of CLUSTERS)
      expect(
        manifests(c)
          .map((m) => `${m.apiVersion} ${m.kind} ${m.metadata.namespace}/${m.metadata.name}`)
          .sort(),
      ).toEqual(
        [
          'cert-manager.io/v1 Certificate istio-system/ingress-gateway-tls',
          'networking.istio.io/v1 DestinationRule istio-system/default-traffic-policy',
          'networking.istio.io/v1alpha3 EnvoyFilter istio-system/ingress-rate-limit',
          'networking.istio.io/v1 Gateway istio-system/ingress',
          'security.istio.io/v1 PeerAuthentication istio-system/default',
          'networking.istio.io/v1 Sidecar istio-system/default',
          'telemetry.istio.io/v1 Telemetry istio-system/mesh-default',
          ...(failover.includes(c)
            ? [
                'cert-manager.io/v1 Certificate istio-system/failover-gateway-tls',
                'networking.istio.io/v1 Gateway istio-system/failover',
              ]
            : []),
        ].sort(),
      );
  });

  it('makes mTLS STRICT only in production (DR included), PERMISSIVE in development and staging', () => {
    expect(CLUSTERS.map((c) => one(c, 'PeerAuthentication').spec)).toEqual([
      { mtls: { mode: 'PERMISSIVE' } },
      { mtls: { mode: 'PERMISSIVE' } },
      { mtls: { mode: 'STRICT' } },
      { mtls: { mode: 'STRICT' } },
    ]);
  });

  it('samples traces at 100% / 10% / 1% per environment through the OpenTelemetry provider', () => {
    expect(CLUSTERS.map((c) => one(c, 'Telemetry').spec)).toEqual(
      [100, 10, 1, 1].map((p) => ({
        tracing: [{ providers: [{ name: 'otel-tracing' }], randomSamplingPercentage: p }],
      })),
    );
  });

  it('applies the outlier detection and least-request load balancing to every service of the mesh', () => {
    expect(one('agentic-prod-usw2', 'DestinationRule').spec).toEqual({
      host: '*.local',
      exportTo: ['*'],
      trafficPolicy: {
        loadBalancer: { simple: 'LEAST_REQUEST' },
        outlierDetection: {
          consecutive5xxErrors: 5,
          consecutiveGatewayErrors: 3,
          interval: '30s',
          baseEjectionTime: '30s',
          maxEjectionPercent: 50,
          minHealthPercent: 30,
        },
      },
    });
  });

  it('serves HTTPS on the ingress gateway pods and redirects HTTP', () => {
    expect(one('agentic-stg-usw2', 'Gateway').spec).toEqual({
      selector: { istio: 'ingressgateway' },
      servers: [
        {
          port: { number: 443, name: 'https', protocol: 'HTTPS' },
          hosts: ['*.agentic-stg-usw2.us-west-2.example.com'],
          tls: { mode: 'SIMPLE', credentialName: 'ingress-gateway-tls', minProtocolVersion: 'TLSV1_2' },
        },
        {
          port: { number: 80, name: 'http', protocol: 'HTTP' },
          hosts: ['*.agentic-stg-usw2.us-west-2.example.com'],
          tls: { httpsRedirect: true },
        },
      ],
    });
  });

  it('renders the hand-written edge scenarios clean, with one consistent-hash rule per service', async () => {
    const edges = readdirSync(join(CHART_DIR, 'ci')).filter((f) => /^edge-.*-values\.yaml$/.test(f));
    expect(edges.length).toBeGreaterThan(0);
    const r = await checkChart(
      CHART_DIR,
      edges.map((f) => ({
        name: f,
        namespace: 'istio-system',
        values: parse(readFileSync(join(CHART_DIR, 'ci', f), 'utf8')) as Record<string, unknown>,
      })),
    );
    expect(r.findings).toEqual([]);
    const rules = (r.objects.get('edge-consistent-hash-values.yaml') ?? [])
      .map((o) => o.manifest as unknown as Manifest)
      .filter((m) => m.kind === 'DestinationRule' && m.metadata.name !== 'default-traffic-policy');
    expect(
      rules.map((m) => [
        m.metadata.namespace,
        (m.spec as { trafficPolicy: { loadBalancer: unknown } }).trafficPolicy.loadBalancer,
      ]),
    ).toEqual([
      ['model-gateway', { consistentHash: { httpHeaderName: 'x-user-id' } }],
      ['planning-layer', { consistentHash: { httpHeaderName: 'x-session-id' } }],
    ]);
    // JWT at the gateway, switched on in the scenario's values
    const edge = (r.objects.get('edge-consistent-hash-values.yaml') ?? []).map(
      (o) => o.manifest as unknown as Manifest,
    );
    expect(ofKind<JwtPolicy>(edge, 'RequestAuthentication')?.spec.jwtRules).toEqual([{ ...IDP }]);
    expect(ofKind<DenyPolicy>(edge, 'AuthorizationPolicy')?.spec.rules).toEqual([
      {
        from: [{ source: { notRequestPrincipals: ['*'] } }],
        to: [{ operation: { hosts: ['agents.us-west-2.example.com'], notPaths: ['/healthz'] } }],
      },
    ]);
  });

  it('fails rendering with one aggregated message for what the JSON schema cannot express', async () => {
    const values = structuredClone(chartValues['agentic-prod-usw2']!);
    values.peerAuthentication.mode = 'PERMISSIVE';
    values.trafficPolicy.outlierDetection.consecutive5xxErrors = 0;
    values.trafficPolicy.outlierDetection.consecutiveGatewayErrors = 0;
    const hash = { name: 'by-user', namespace: 'model-gateway', host: 'mg', httpHeaderName: 'x-user-id' };
    values.consistentHash = [hash, { ...hash, host: 'other' }];
    values.gateway.rateLimit.burst = 50;
    // switched on without an issuer (off, the empty issuer of the defaults renders clean)
    values.gateway.requestAuthentication.enabled = true;
    const noJwt = structuredClone(chartValues['agentic-prod-usw2']!);
    noJwt.gateway.requireJwt.enabled = true;
    const r = await checkChart(CHART_DIR, [
      { name: 'noJwt', values: noJwt as unknown as Record<string, unknown> },
      { name: 'bad', values: values as unknown as Record<string, unknown> },
    ]);
    expect(r.findings).toHaveLength(2);
    const messages = (r.findings as { message: string }[]).map((f) => f.message);
    expect(messages.find((m) => !m.includes('peerAuthentication'))).toContain(
      'gateway.requireJwt: needs gateway.requestAuthentication.enabled',
    );
    const message = messages.find((m) => m.includes('peerAuthentication'))!;
    expect(message).toContain('istio mesh values are invalid');
    expect(message).toContain(
      'gateway.requestAuthentication: issuer and jwksUri must be set while it is enabled',
    );
    expect(message).toContain('peerAuthentication.mode: production requires STRICT mTLS, found PERMISSIVE');
    expect(message).toContain('no host is ever ejected');
    expect(message).toContain('consistentHash[1]: model-gateway/by-user is defined twice');
    expect(message).toContain(
      'gateway.rateLimit.burst: 50 is below requestsPerSecond 100, so the token bucket caps the rate at 50 per second',
    );
  });
});

describe(`cross-check against the CRDs of Istio's base chart ${PIN.version} (chart cache)`, () => {
  // loaded in the test, so a missing chart fails it with the command to run
  const schemas = async () => {
    const crds = await upstreamCrds(cachedChartPath(chartCacheDir(ROOT), PIN.chart, PIN.version), {
      values: baseValues,
      namespace: istio.namespace,
    });
    // EnvoyFilter is served as v1alpha3 only (docs/decisions.md#edge-rate-limits)
    return Object.fromEntries(
      (
        [
          ['DestinationRule', 'v1'],
          ['Gateway', 'v1'],
          ['PeerAuthentication', 'v1'],
          ['Telemetry', 'v1'],
          ['EnvoyFilter', 'v1alpha3'],
          ['AuthorizationPolicy', 'v1'],
          ['RequestAuthentication', 'v1'],
          ['Sidecar', 'v1'],
        ] as const
      ).map(([kind, version]) => {
        const schema = crdSchema(crds, kind, version);
        expect(schema, `base ${PIN.version} ships the ${kind} ${version} CRD`).toBeDefined();
        return [kind, schema!];
      }),
    );
  };

  it('validates every object against its v1 CRD schema (v1alpha3 for the EnvoyFilter)', async () => {
    const byKind = await schemas();
    const checked = new Set<string>();
    // the clusters as the default fleet renders them, and with JWT at the gateway switched on
    for (const c of [...CLUSTERS, ...CLUSTERS.map(withJwt)])
      for (const m of manifests(c).filter((x) => x.apiVersion.includes('istio.io/'))) {
        const schema = byKind[m.kind];
        expect(schema, m.kind).toBeDefined();
        // Istio's CRD schemas describe only spec (and status) at the root
        expect(crdProblems(schema!.properties!.spec!, m.spec, 'spec'), `${c} ${m.kind}`).toEqual([]);
        checked.add(m.kind);
      }
    expect([...checked].sort()).toEqual(Object.keys(byKind).sort());
    const legacy = structuredClone(one('agentic-prod-usw2', 'DestinationRule')) as Manifest & {
      spec: { trafficPolicy: Record<string, unknown> };
    };
    legacy.spec.trafficPolicy.circuitBreaker = { consecutiveErrors: 5 };
    expect(crdProblems(byKind.DestinationRule!.properties!.spec!, legacy.spec, 'spec')).toEqual([
      'spec.trafficPolicy.circuitBreaker: unknown field',
    ]);
    // the EnvoyFilter schema is checked too: a misspelt context or patch operation fails
    const filter = structuredClone(one('agentic-prod-usw2', 'EnvoyFilter')) as Manifest & {
      spec: { configPatches: { match: { context: string }; patch: { operation: string } }[] };
    };
    filter.spec.configPatches[0]!.match.context = 'INGRESS_GATEWAY';
    filter.spec.configPatches[1]!.patch.operation = 'INSERT_FIRST_BEFORE';
    expect(crdProblems(byKind.EnvoyFilter!.properties!.spec!, filter.spec, 'spec')).toEqual([
      'spec.configPatches[0].match.context: "INGRESS_GATEWAY" not in enum',
      'spec.configPatches[1].patch.operation: "INSERT_FIRST_BEFORE" not in enum',
    ]);
  });
});

type Patch = {
  applyTo: string;
  match: Record<string, unknown>;
  patch: { operation: string; value: { name: string; typed_config: Record<string, unknown> } };
};
const edgeFilter = (objects: readonly Manifest[]) =>
  objects.find((m) => m.kind === 'EnvoyFilter') as
    | (Manifest & { spec: { workloadSelector: { labels: Record<string, string> }; configPatches: Patch[] } })
    | undefined;
const patchOf = (objects: readonly Manifest[], applyTo: string) =>
  edgeFilter(objects)!.spec.configPatches.find((p) => p.applyTo === applyTo)!;
/** The gateway HTTP connection managers, the filter chains Istio builds for the Gateway's servers. */
const GATEWAY_HCM = {
  context: 'GATEWAY',
  listener: { filterChain: { filter: { name: 'envoy.filters.network.http_connection_manager' } } },
};

// docs/decisions.md#edge-rate-limits
describe('the edge rate limit on the ingress gateway pods', () => {
  it('limits each gateway pod to 100 requests per second with a burst of 200, answered with 429', () => {
    for (const c of CLUSTERS)
      expect(patchOf(manifests(c), 'HTTP_FILTER'), c).toEqual({
        applyTo: 'HTTP_FILTER',
        match: {
          context: 'GATEWAY',
          listener: {
            filterChain: {
              filter: {
                name: 'envoy.filters.network.http_connection_manager',
                subFilter: { name: 'envoy.filters.http.router' },
              },
            },
          },
        },
        patch: {
          operation: 'INSERT_BEFORE',
          value: {
            name: 'envoy.filters.http.local_ratelimit',
            typed_config: {
              '@type': 'type.googleapis.com/envoy.extensions.filters.http.local_ratelimit.v3.LocalRateLimit',
              stat_prefix: 'edge_rate_limit',
              token_bucket: { max_tokens: 200, tokens_per_fill: 100, fill_interval: '1s' },
              filter_enabled: {
                runtime_key: 'edge_rate_limit_enabled',
                default_value: { numerator: 100, denominator: 'HUNDRED' },
              },
              filter_enforced: {
                runtime_key: 'edge_rate_limit_enforced',
                default_value: { numerator: 100, denominator: 'HUNDRED' },
              },
              status: { code: 429 },
              response_headers_to_add: [
                {
                  append_action: 'OVERWRITE_IF_EXISTS_OR_ADD',
                  header: { key: 'x-local-rate-limit', value: 'true' },
                },
              ],
            },
          },
        },
      });
  });

  it('closes connections beyond 50 per gateway pod and listener, before the HTTP connection manager', () => {
    for (const c of CLUSTERS)
      expect(patchOf(manifests(c), 'NETWORK_FILTER'), c).toEqual({
        applyTo: 'NETWORK_FILTER',
        match: GATEWAY_HCM,
        patch: {
          operation: 'INSERT_BEFORE',
          value: {
            name: 'envoy.filters.network.connection_limit',
            typed_config: {
              '@type':
                'type.googleapis.com/envoy.extensions.filters.network.connection_limit.v3.ConnectionLimit',
              stat_prefix: 'edge_connection_limit',
              max_connections: 50,
            },
          },
        },
      });
  });

  it('takes its numbers from the chart values', async () => {
    const values = structuredClone(chartValues['agentic-prod-usw2']!);
    values.gateway.rateLimit = { enabled: true, requestsPerSecond: 40, burst: 120, maxConnections: 500 };
    const r = await checkChart(CHART_DIR, [
      { name: 'tuned', namespace: 'istio-system', values: values as unknown as Record<string, unknown> },
    ]);
    expect(r.findings).toEqual([]);
    const rendered = (r.objects.get('tuned') ?? []).map((o) => o.manifest as unknown as Manifest);
    expect(patchOf(rendered, 'HTTP_FILTER').patch.value.typed_config.token_bucket).toEqual({
      max_tokens: 120,
      tokens_per_fill: 40,
      fill_interval: '1s',
    });
    expect(patchOf(rendered, 'NETWORK_FILTER').patch.value.typed_config.max_connections).toBe(500);
  });

  it('selects the pods of the gateway Deployment each cluster installs, in istio-system', async () => {
    const gw = istio.upstreamCharts.find((u) => u.id === 'gateway')!;
    for (const c of CLUSTERS) {
      const filter = edgeFilter(manifests(c))!;
      expect(filter.metadata.namespace, c).toBe('istio-system');
      const objects = await renderUpstreamChart({
        chart: gw.chart,
        version: gw.version,
        releaseName: GATEWAY_RELEASE,
        namespace: istio.namespace,
        values: gatewayValues[c]!.values,
        kubeVersion: gatewayValues[c]!.kubeVersion,
      });
      const deployments = objects
        .map((o) => o.manifest as unknown as Manifest)
        .filter((m) => m.kind === 'Deployment');
      expect(
        deployments.map((d) => `${d.metadata.namespace}/${d.metadata.name}`),
        c,
      ).toEqual([`istio-system/${GATEWAY_RELEASE}`]);
      const podLabels = (
        deployments[0]!.spec as { template: { metadata: { labels: Record<string, string> } } }
      ).template.metadata.labels;
      const selector = filter.spec.workloadSelector.labels;
      expect(Object.keys(selector).length, c).toBeGreaterThan(0);
      // every label of the workloadSelector is on the gateway pods, with the same value
      expect(podLabels, c).toMatchObject(selector);
      // and the Gateway selects the same pods
      expect(one(c, 'Gateway').spec.selector, c).toEqual(selector);
    }
  });

  it('is removed when switched off, and with the Gateway', async () => {
    const on = structuredClone(chartValues['agentic-prod-usw2']!);
    const off = structuredClone(on);
    off.gateway.rateLimit.enabled = false;
    const noGateway = structuredClone(on);
    noGateway.gateway.enabled = false;
    const r = await checkChart(
      CHART_DIR,
      Object.entries({ on, off, noGateway }).map(([name, values]) => ({
        name,
        namespace: 'istio-system',
        values: values as unknown as Record<string, unknown>,
      })),
    );
    expect(r.findings).toEqual([]);
    const kinds = (name: string) =>
      (r.objects.get(name) ?? []).map((o) => (o.manifest as unknown as Manifest).kind).sort();
    expect(kinds('on')).toContain('EnvoyFilter');
    expect(kinds('off')).toEqual(kinds('on').filter((k) => k !== 'EnvoyFilter'));
    expect(kinds('noGateway')).not.toContain('EnvoyFilter');
  });
});

const render = async (values: Record<string, ChartValues>) => {
  const r = await checkChart(
    CHART_DIR,
    Object.entries(values).map(([name, v]) => ({
      name,
      namespace: 'istio-system',
      values: v as unknown as Record<string, unknown>,
    })),
  );
  expect(r.findings).toEqual([]);
  return (name: string) => (r.objects.get(name) ?? []).map((o) => o.manifest as unknown as Manifest);
};

// docs/decisions.md#mesh-authorization
describe('JWT at the ingress gateway and the default Sidecar', () => {
  it('renders no RequestAuthentication and no require-jwt policy in the default fleet', () => {
    for (const c of CLUSTERS) {
      expect(chartValues[c]!.gateway.requestAuthentication, c).toEqual({
        enabled: false,
        issuer: '',
        jwksUri: '',
      });
      expect(
        manifests(c)
          .filter((m) => m.kind === 'RequestAuthentication' || m.kind === 'AuthorizationPolicy')
          .map((m) => `${m.kind} ${m.metadata.name}`),
        c,
      ).toEqual([]);
    }
  });

  it('validates JWTs on the gateway pods with the issuer and JWKS a cluster names in its overrides', () => {
    for (const c of CLUSTERS) {
      const ra = ofKind<JwtPolicy>(manifests(withJwt(c)), 'RequestAuthentication')!;
      expect(ra.metadata, c).toMatchObject({ name: 'ingress-jwt', namespace: 'istio-system' });
      expect(ra.spec, c).toEqual({
        selector: { matchLabels: { istio: 'ingressgateway' } },
        jwtRules: [{ ...IDP }],
      });
    }
  });

  it('denies requests without a valid JWT to every host of the Gateway once a cluster requires one', () => {
    for (const c of CLUSTERS) {
      const policy = ofKind<DenyPolicy>(manifests(withJwt(c)), 'AuthorizationPolicy')!;
      expect(policy.metadata, c).toMatchObject({ name: 'ingress-require-jwt', namespace: 'istio-system' });
      expect(policy.spec, c).toEqual({
        selector: { matchLabels: { istio: 'ingressgateway' } },
        action: 'DENY',
        rules: [
          {
            from: [{ source: { notRequestPrincipals: ['*'] } }],
            to: [
              {
                operation: {
                  hosts: (one(c, 'Gateway').spec as { servers: { hosts: string[] }[] }).servers[0]!.hosts,
                },
              },
            ],
          },
        ],
      });
    }
  });

  it('takes the issuer, JWKS, hosts and open paths from the chart values', async () => {
    const values = structuredClone(chartValues['agentic-prod-usw2']!);
    values.gateway.requestAuthentication.enabled = true;
    values.gateway.requireJwt.enabled = true;
    values.gateway.requestAuthentication.issuer = 'https://idp.example.com/realms/agents';
    values.gateway.requestAuthentication.jwksUri = 'https://idp.example.com/realms/agents/certs';
    values.gateway.requireJwt.hosts = ['api.example.com'];
    values.gateway.requireJwt.publicPaths = ['/healthz'];
    const rendered = (await render({ tuned: values }))('tuned');
    expect(ofKind<JwtPolicy>(rendered, 'RequestAuthentication')!.spec.jwtRules).toEqual([
      {
        issuer: 'https://idp.example.com/realms/agents',
        jwksUri: 'https://idp.example.com/realms/agents/certs',
      },
    ]);
    expect(ofKind<DenyPolicy>(rendered, 'AuthorizationPolicy')!.spec.rules).toEqual([
      {
        from: [{ source: { notRequestPrincipals: ['*'] } }],
        to: [{ operation: { hosts: ['api.example.com'], notPaths: ['/healthz'] } }],
      },
    ]);
  });

  it('selects the pods of the gateway Deployment each cluster installs', async () => {
    const gw = istio.upstreamCharts.find((u) => u.id === 'gateway')!;
    for (const c of CLUSTERS) {
      const objects = await renderUpstreamChart({
        chart: gw.chart,
        version: gw.version,
        releaseName: GATEWAY_RELEASE,
        namespace: istio.namespace,
        values: gatewayValues[c]!.values,
        kubeVersion: gatewayValues[c]!.kubeVersion,
      });
      const deployments = objects
        .map((o) => o.manifest as unknown as Manifest)
        .filter((m) => m.kind === 'Deployment');
      expect(
        deployments.map((d) => `${d.metadata.namespace}/${d.metadata.name}`),
        c,
      ).toEqual([`istio-system/${GATEWAY_RELEASE}`]);
      const podLabels = (
        deployments[0]!.spec as { template: { metadata: { labels: Record<string, string> } } }
      ).template.metadata.labels;
      for (const kind of ['RequestAuthentication', 'AuthorizationPolicy']) {
        const selector = ofKind<Selected>(manifests(withJwt(c)), kind)!.spec.selector.matchLabels;
        expect(Object.keys(selector).length, `${c} ${kind}`).toBeGreaterThan(0);
        expect(podLabels, `${c} ${kind}`).toMatchObject(selector);
        expect(one(c, 'Gateway').spec.selector, `${c} ${kind}`).toEqual(selector);
      }
    }
  });

  it('scopes every sidecar to its own namespace, istio-system and the tracing collector', () => {
    for (const c of CLUSTERS) {
      const sidecar = one(c, 'Sidecar');
      expect(sidecar.metadata, c).toMatchObject({ name: 'default', namespace: 'istio-system' });
      expect(sidecar.spec, c).toEqual({ egress: [{ hosts: ['./*', 'istio-system/*', 'monitoring/*'] }] });
    }
  });

  it('renders no default-deny AuthorizationPolicy in the root namespace', () => {
    for (const c of [...CLUSTERS, ...CLUSTERS.map(withJwt)])
      expect(
        manifests(c).filter(
          (m) => m.kind === 'AuthorizationPolicy' && !(m.spec as { selector?: unknown }).selector,
        ),
        c,
      ).toEqual([]);
  });

  it('removes each piece when switched off, and the gateway policies with the Gateway', async () => {
    const on = structuredClone(jwtChartValues['agentic-prod-usw2']!);
    const noRequire = structuredClone(on);
    noRequire.gateway.requireJwt.enabled = false;
    const noJwt = structuredClone(noRequire);
    noJwt.gateway.requestAuthentication.enabled = false;
    const noSidecar = structuredClone(on);
    noSidecar.sidecar.enabled = false;
    const noGateway = structuredClone(on);
    noGateway.gateway.enabled = false;
    const kinds = await render({ on, noRequire, noJwt, noSidecar, noGateway }).then(
      (get) => (name: string) =>
        get(name)
          .map((m) => m.kind)
          .sort(),
    );
    const without = (...k: string[]) => kinds('on').filter((x) => !k.includes(x));
    expect(kinds('on')).toEqual(
      expect.arrayContaining(['AuthorizationPolicy', 'RequestAuthentication', 'Sidecar']),
    );
    expect(kinds('noRequire')).toEqual(without('AuthorizationPolicy'));
    expect(kinds('noJwt')).toEqual(without('AuthorizationPolicy', 'RequestAuthentication'));
    expect(kinds('noSidecar')).toEqual(without('Sidecar'));
    expect(kinds('noGateway')).toContain('Sidecar');
    expect(kinds('noGateway')).not.toContain('AuthorizationPolicy');
    expect(kinds('noGateway')).not.toContain('RequestAuthentication');
  });
});

describe('the gateway certificate', () => {
  it("is issued by the environment's issuer for the Gateway's hosts into its credentialName", () => {
    for (const c of CLUSTERS) {
      const gw = one(c, 'Gateway').spec as {
        servers: { hosts: string[]; tls?: { credentialName?: string } }[];
      };
      const cert = one(c, 'Certificate').spec as {
        secretName: string;
        dnsNames: string[];
        issuerRef: { kind: string; name: string };
      };
      expect(cert.secretName, c).toBe(gw.servers[0]!.tls!.credentialName);
      expect(cert.dnsNames, c).toEqual(gw.servers[0]!.hosts);
      expect(cert.issuerRef, c).toEqual({
        group: 'cert-manager.io',
        kind: 'ClusterIssuer',
        name: chartValues[c]!.gateway.certificateIssuer,
      });
    }
    expect(CLUSTERS.map((c) => chartValues[c]!.gateway.certificateIssuer)).toEqual([
      'self-signed',
      'letsencrypt-staging',
      'letsencrypt-prod',
      'letsencrypt-prod',
    ]);
  });

  it("passes cert-manager's v1 Certificate CRD schema", async () => {
    const pin = certManager.upstreamCharts[0]!;
    const crds = await upstreamCrds(cachedChartPath(chartCacheDir(ROOT), pin.chart, pin.version), {
      values: { crds: { enabled: true } },
      namespace: 'cert-manager',
    });
    const schema = crdSchema(crds, 'Certificate', 'v1');
    expect(schema).toBeDefined();
    for (const c of CLUSTERS)
      expect(crdProblems(schema!.properties!.spec!, one(c, 'Certificate').spec, 'spec'), c).toEqual([]);
  });
});

describe('the Route53 failover name (fleet.yaml dnsFailover)', () => {
  it('publishes api.example.com from the production primary as PRIMARY with the health check, from DR as SECONDARY', () => {
    const annotations = (c: string) =>
      (one(c, 'Gateway', 'failover').metadata as unknown as { annotations: Record<string, string> })
        .annotations;
    expect(annotations('agentic-prod-usw2')).toMatchObject({
      'external-dns.alpha.kubernetes.io/set-identifier': 'primary',
      'external-dns.alpha.kubernetes.io/aws-failover': 'PRIMARY',
      'external-dns.alpha.kubernetes.io/aws-health-check-id': '00000000-0000-0000-0000-000000000000',
    });
    expect(annotations('agentic-dr-use1')).toMatchObject({
      'external-dns.alpha.kubernetes.io/set-identifier': 'secondary',
      'external-dns.alpha.kubernetes.io/aws-failover': 'SECONDARY',
    });
    expect(
      annotations('agentic-dr-use1')['external-dns.alpha.kubernetes.io/aws-health-check-id'],
    ).toBeUndefined();
    // the cluster's own Gateway carries no routing annotations: its wildcard stays a plain record
    expect(JSON.stringify(one('agentic-prod-usw2', 'Gateway').metadata)).not.toContain('aws-failover');
    expect(one('agentic-stg-usw2', 'Gateway', 'failover')).toBeUndefined();
  });

  it('serves the failover name over HTTPS on the same gateway pods with its own certificate', () => {
    for (const c of ['agentic-prod-usw2', 'agentic-dr-use1']) {
      expect(one(c, 'Gateway', 'failover').spec, c).toEqual({
        selector: { istio: 'ingressgateway' },
        servers: [
          {
            port: { number: 443, name: 'https-failover', protocol: 'HTTPS' },
            hosts: ['api.example.com'],
            tls: { mode: 'SIMPLE', credentialName: 'failover-gateway-tls', minProtocolVersion: 'TLSV1_2' },
          },
        ],
      });
      expect(one(c, 'Certificate', 'failover-gateway-tls').spec, c).toMatchObject({
        secretName: 'failover-gateway-tls',
        dnsNames: ['api.example.com'],
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'letsencrypt-prod' },
      });
    }
  });

  it('fails rendering a PRIMARY record without a health check or with the wrong set identifier', async () => {
    const values = structuredClone(chartValues['agentic-prod-usw2']!);
    values.failoverGateway.healthCheckId = '';
    values.failoverGateway.setIdentifier = 'secondary';
    const r = await checkChart(CHART_DIR, [
      { name: 'bad', values: values as unknown as Record<string, unknown> },
    ]);
    const message = (r.findings[0] as { message: string }).message;
    expect(message).toContain(
      'failoverGateway.setIdentifier: a PRIMARY record is "primary", found "secondary"',
    );
    expect(message).toContain(
      'failoverGateway.healthCheckId: the PRIMARY record needs the Route53 health check',
    );
  });
});

describe('charts/istio values.yaml', () => {
  it('documents every key with a "# --" comment and holds the staging cluster', () => {
    const text = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');
    const lines = text.split('\n');
    const undocumented = lines.flatMap((line, i) => {
      if (!/^\s*[a-zA-Z0-9-]+:/.test(line)) return [];
      let j = i - 1;
      while (j >= 0 && /^\s*#/.test(lines[j]!) && !/^\s*# --/.test(lines[j]!)) j--;
      if (j >= 0 && /^\s*# --/.test(lines[j]!)) return [];
      // entries of a documented free-form map (the gateway selector) are described by their parent
      return /^\s{4}istio:/.test(line) ? [] : [line.trim()];
    });
    expect(undocumented).toEqual([]);
    expect(parse(text)).toEqual(chartValues['agentic-stg-usw2']);
  });
});
