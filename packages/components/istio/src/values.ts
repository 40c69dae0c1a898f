import {
  type ClusterContext,
  failoverRecordOf,
  isScaledDownStandby,
  type TypedLayeredValues,
} from '@platform/core';
import type { BaseValues, ChartValues, GatewayValues, IstiodValues, Targets } from './schema.ts';

/** Namespace of the control plane, the gateway and the mesh-wide (root namespace) policies. */
export const NAMESPACE = 'istio-system';

/** Release name of the gateway chart: its pods are labelled `istio: ingressgateway`. */
export const GATEWAY_RELEASE = 'istio-ingressgateway';

/** The ingress Gateway of our chart (istio-system/ingress): other components bind VirtualServices to it. */
export const GATEWAY_NAME = 'ingress';

/** The Gateway of the environment's Route53 failover name (docs/decisions.md#dns-failover). */
export const FAILOVER_GATEWAY_NAME = 'failover';

/** The tracing provider (OTLP to the OpenTelemetry collector that feeds Tempo, docs/decisions.md#tracing). */
export const TRACING_PROVIDER = 'otel-tracing';

/** OTLP gRPC endpoint of the collector of the observability component (namespace `monitoring`). */
export const OTLP_SERVICE = 'opentelemetry-collector.monitoring.svc.cluster.local';

/** The circuit breaker, as valid networking.istio.io/v1 outlier detection (docs/decisions.md#legacy-values). */
export const OUTLIER_DETECTION = {
  consecutive5xxErrors: 5,
  consecutiveGatewayErrors: 3,
  interval: '30s',
  baseEjectionTime: '30s',
  maxEjectionPercent: 50,
  minHealthPercent: 30,
} as const;

/**
 * The edge rate limits the platform was specified with (100 rps, burst 200, 50 connections, answered
 * with 429; requirement R-1.2-edge-rate-limit), as Envoy enforces them on each ingress gateway pod
 * (docs/decisions.md#edge-rate-limits).
 */
export const EDGE_RATE_LIMIT = {
  requestsPerSecond: 100,
  burst: 200,
  maxConnections: 50,
} as const;

/**
 * Egress hosts of the mesh-wide default Sidecar (docs/decisions.md#mesh-authorization): the pod's own
 * namespace, istio-system, and the namespace of the OpenTelemetry collector, the tracing provider.
 */
export const SIDECAR_EGRESS_HOSTS = ['./*', 'istio-system/*', `${OTLP_SERVICE.split('.')[1]}/*`] as const;

/** Istio is a per-cluster choice (docs/decisions.md#service-mesh): on by default in staging and production, off in development. */
export function istioByDefault(ctx: Pick<ClusterContext, 'environment'>): boolean {
  return ctx.environment.name !== 'development';
}

/** mTLS mode of the mesh-wide PeerAuthentication: STRICT in production, PERMISSIVE elsewhere. */
export function mtlsMode(
  env: ClusterContext['environment']['name'],
): ChartValues['peerAuthentication']['mode'] {
  return env === 'production' ? 'STRICT' : 'PERMISSIVE';
}

/** The failover Gateway values: on where the environment has a failover name (fleet.yaml dnsFailover). */
export function failoverGateway(ctx: ClusterContext): ChartValues['failoverGateway'] {
  const r = failoverRecordOf(ctx.fleet, ctx.cluster);
  return {
    enabled: r !== undefined,
    name: FAILOVER_GATEWAY_NAME,
    host: r?.host ?? 'api.example.com',
    credentialName: 'failover-gateway-tls',
    certificateIssuer: ctx.enabledComponents.has('cert-manager') ? ctx.environment.tlsIssuer : '',
    failover: r?.failover ?? 'PRIMARY',
    setIdentifier: r?.setIdentifier ?? 'primary',
    healthCheckId: r?.failover === 'PRIMARY' ? r.healthCheckId : '',
  };
}

const zoneSpread = (matchLabels: Record<string, string>, replicas: number) =>
  replicas > 1
    ? [
        {
          maxSkew: 1,
          topologyKey: 'topology.kubernetes.io/zone',
          whenUnsatisfiable: 'ScheduleAnyway' as const,
          labelSelector: { matchLabels },
        },
      ]
    : [];

/** Replica ranges: the profile's count (1/2/3, docs/decisions.md#replicas) up to 5 (10 for the production gateway). */
function scaling(ctx: ClusterContext) {
  if (isScaledDownStandby(ctx.cluster)) return { istiod: [2, 3], gateway: [2, 5] } as const;
  const n = ctx.environment.replicas;
  return {
    istiod: [n, Math.max(n, 5)],
    gateway: [n, ctx.environment.name === 'production' ? 10 : Math.max(n, 5)],
  } as const;
}

/**
 * Istio values per layer: sidecar mode with istiod and an ingress gateway scaled per environment,
 * tracing to the OpenTelemetry collector at the environment's sampling rate (docs/decisions.md#tracing), STRICT mTLS in
 * production, the default traffic policy (docs/decisions.md#mesh-traffic), and a DR standby at two replicas each.
 */
export function istioLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const { cluster, environment: env, region } = ctx;
  const costCenter = cluster.labels['cost-center'] ?? 'platform-engineering';
  const costLabels = { 'cost-center': costCenter, layer: 'l00', environment: env.name };
  const base: BaseValues = { defaultRevision: 'default', global: { istioNamespace: NAMESPACE } };
  const istiod: IstiodValues = {
    autoscaleEnabled: true,
    autoscaleMin: 1,
    autoscaleMax: 5,
    replicaCount: 1,
    resources: { requests: { cpu: '500m', memory: '2Gi' }, limits: { cpu: '2', memory: '4Gi' } },
    traceSampling: env.tracing.samplingPercent,
    pdb: { minAvailable: 1 },
    podLabels: costLabels,
    deploymentLabels: costLabels,
    topologySpreadConstraints: [],
    meshConfig: {
      enablePrometheusMerge: true,
      enableTracing: true,
      accessLogFile: '/dev/stdout',
      extensionProviders: [{ name: TRACING_PROVIDER, opentelemetry: { service: OTLP_SERVICE, port: 4317 } }],
    },
    global: {
      istioNamespace: NAMESPACE,
      meshID: cluster.name,
      multiCluster: { clusterName: cluster.name },
      logAsJson: true,
      defaultPodDisruptionBudget: { enabled: true },
      proxy: {
        resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
      },
    },
  };
  const gateway: GatewayValues = {
    autoscaling: { enabled: true, minReplicas: 1, maxReplicas: 5, targetCPUUtilizationPercentage: 80 },
    podDisruptionBudget: {},
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '2', memory: '1Gi' } },
    labels: costLabels,
    service: {
      type: 'LoadBalancer',
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internet-facing',
      },
    },
    topologySpreadConstraints: [],
  };
  const gatewayHost = `*.${cluster.name}.${region.dnsZone}`;
  const chart: ChartValues = {
    environment: env.name,
    cluster: cluster.name,
    labels: { 'cost-center': costCenter, layer: 'l00' },
    peerAuthentication: { mode: 'PERMISSIVE' },
    telemetry: { samplingPercent: 100, provider: TRACING_PROVIDER },
    trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST' }, outlierDetection: { ...OUTLIER_DETECTION } },
    consistentHash: [],
    gateway: {
      enabled: true,
      name: GATEWAY_NAME,
      selector: { istio: GATEWAY_RELEASE.replace(/^istio-/, '') },
      hosts: [gatewayHost],
      credentialName: 'ingress-gateway-tls',
      minProtocolVersion: 'TLSV1_2',
      // The environment's issuer (ACME with DNS-01 through Route53 for the wildcard, self-signed in
      // development) writes the Secret the Gateway serves; without cert-manager it comes from elsewhere.
      certificateIssuer: ctx.enabledComponents.has('cert-manager') ? env.tlsIssuer : '',
      rateLimit: { enabled: true, ...EDGE_RATE_LIMIT },
      // JWT is opt-in (docs/decisions.md#mesh-authorization): the inventory names no identity
      // provider, and a placeholder issuer would answer 401 to every bearer token (the Argo CD CLI's
      // among them) and, with requireJwt, 403 to every request. A cluster's overrides turn both on
      // with its real issuer and JWKS URL; the rules refuse them on without one.
      requestAuthentication: { enabled: false, issuer: '', jwksUri: '' },
      // once on: every host of the Gateway requires a token; no ACME HTTP-01 path to keep open (DNS-01)
      requireJwt: { enabled: false, hosts: [gatewayHost], publicPaths: [] },
    },
    sidecar: { enabled: true, egressHosts: [...SIDECAR_EGRESS_HOSTS] },
    // The environment's failover name (api.example.com), published by ExternalDNS from this
    // Gateway's annotations as PRIMARY (with the health check) or SECONDARY.
    failoverGateway: failoverGateway(ctx),
  };
  const layer = (s: ReturnType<typeof scaling>) => ({
    istiod: {
      autoscaleMin: s.istiod[0],
      autoscaleMax: s.istiod[1],
      replicaCount: s.istiod[0],
      topologySpreadConstraints: zoneSpread({ app: 'istiod' }, s.istiod[0]),
      global: { defaultPodDisruptionBudget: { enabled: env.pdb.enabled } },
    },
    gateway: {
      autoscaling: { minReplicas: s.gateway[0], maxReplicas: s.gateway[1] },
      // The gateway chart renders a PDB only when minAvailable is set, so {} (the defaults' own)
      // means none. No layer has to delete one: the DR role layer runs two replicas and keeps the
      // environment's PDB, and the pdb-leaves-room-to-drain rule refuses one that blocks drains.
      podDisruptionBudget: env.pdb.enabled && s.gateway[0] > 1 ? { minAvailable: 1 } : {},
      topologySpreadConstraints: zoneSpread({ istio: 'ingressgateway' }, s.gateway[0]),
    },
  });
  const layers: TypedLayeredValues<Targets> = {
    defaults: { base, istiod, gateway, chart },
    environment: {
      ...layer(scaling({ ...ctx, cluster: { ...cluster, role: 'primary' } })),
      chart: {
        peerAuthentication: { mode: mtlsMode(env.name) },
        telemetry: { samplingPercent: env.tracing.samplingPercent },
      },
    },
  };
  if (isScaledDownStandby(cluster)) layers.role = layer(scaling(ctx));
  return layers;
}
