import { platformLabels, resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set on the upstream Istio charts `base`, `istiod` and `gateway`
 * (1.30.3) and on our chart `charts/istio`. Upstream keys were checked against
 * `manifests/charts/{base,istio-control/istio-discovery,gateway}/values.yaml` (and the gateway's
 * `values.schema.json`) of istio/istio on the release-1.30 branch. The istiod chart reads its
 * settings at the top level (`replicaCount`, `autoscaleMin`, ...); `pilot.*` is istioctl syntax.
 * @see https://istio.io/latest/docs/setup/install/helm/
 */

const labelMap = z.record(z.string(), z.string());

const topologySpread = z.strictObject({
  maxSkew: z.int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: z.strictObject({ matchLabels: labelMap }),
});

/** Values of the upstream `base` chart (CRDs, validation webhook, default revision). */
export const baseValues = z
  .strictObject({
    defaultRevision: z.string().meta({ description: 'Revision the default validation webhook points at' }),
    global: z.strictObject({ istioNamespace: z.string().min(1) }),
  })
  .meta({ title: 'istio base chart values (the keys we set)' });
export type BaseValues = z.infer<typeof baseValues>;

/** An extension provider of the mesh config (only OpenTelemetry tracing is used here, docs/decisions.md#tracing). */
const extensionProvider = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/),
  opentelemetry: z.strictObject({
    service: z
      .string()
      .min(1)
      .meta({ description: 'OTLP gRPC service, e.g. otel-collector.monitoring.svc.cluster.local' }),
    port: z.int().min(1).max(65535),
  }),
});

/** Values of the upstream `istiod` chart that we set. */
export const istiodValues = z
  .strictObject({
    autoscaleEnabled: z.boolean(),
    autoscaleMin: z.int().min(1).max(10),
    autoscaleMax: z.int().min(1).max(20),
    replicaCount: z.int().min(1).max(10).meta({ description: 'Replicas when autoscaling is off' }),
    resources: resourceRequirements,
    traceSampling: z
      .number()
      .min(0)
      .max(100)
      .meta({ description: 'PILOT_TRACE_SAMPLING: kept equal to the Telemetry sampling' }),
    pdb: z.strictObject({ minAvailable: z.int().min(1) }),
    podLabels: labelMap.meta({ description: 'Labels on the istiod pods (cost labels)' }),
    deploymentLabels: labelMap.meta({ description: 'Labels on the istiod Deployment (cost labels)' }),
    topologySpreadConstraints: z.array(topologySpread),
    meshConfig: z.strictObject({
      enablePrometheusMerge: z.boolean(),
      enableTracing: z.boolean(),
      accessLogFile: z.string().meta({ description: 'Envoy access log path; empty disables access logs' }),
      extensionProviders: z.array(extensionProvider).min(1),
    }),
    global: z.strictObject({
      istioNamespace: z.string().min(1),
      meshID: z.string().min(1),
      multiCluster: z.strictObject({ clusterName: z.string().min(1) }),
      logAsJson: z.boolean(),
      defaultPodDisruptionBudget: z.strictObject({ enabled: z.boolean() }),
      proxy: z.strictObject({ resources: resourceRequirements }),
    }),
  })
  .meta({ title: 'istio istiod chart values (the keys we set)' });
export type IstiodValues = z.infer<typeof istiodValues>;

/** Values of the upstream `gateway` chart that we set (ingress gateway Deployment and Service). */
export const gatewayValues = z
  .strictObject({
    autoscaling: z.strictObject({
      enabled: z.boolean(),
      minReplicas: z.int().min(1).max(20),
      maxReplicas: z.int().min(1).max(50),
      targetCPUUtilizationPercentage: z.int().min(10).max(100),
    }),
    podDisruptionBudget: z
      .strictObject({ minAvailable: z.int().min(1).optional() })
      .meta({ description: '{} disables it; the chart allows it only with more than one replica' }),
    resources: resourceRequirements,
    labels: labelMap.meta({ description: 'Labels on every gateway object (cost labels)' }),
    service: z.strictObject({
      type: z.enum(['LoadBalancer', 'ClusterIP', 'NodePort']),
      annotations: labelMap.meta({
        description: 'AWS Load Balancer Controller annotations (NLB, IP targets)',
      }),
    }),
    topologySpreadConstraints: z.array(topologySpread),
  })
  .meta({ title: 'istio gateway chart values (the keys we set)' });
export type GatewayValues = z.infer<typeof gatewayValues>;

/** A duration as Istio accepts it, e.g. `30s`, `1m`, `500ms`. */
const duration = z.string().regex(/^\d+(ms|s|m|h)$/, 'a duration such as 30s');

/**
 * Outlier detection of the default DestinationRule: only fields of networking.istio.io/v1
 * (`circuitBreaker` does not exist and `consecutiveErrors` is deprecated, docs/decisions.md#legacy-values).
 */
export const outlierDetection = z.strictObject({
  consecutive5xxErrors: z.int().min(0),
  consecutiveGatewayErrors: z.int().min(0),
  interval: duration,
  baseEjectionTime: duration,
  maxEjectionPercent: z.int().min(0).max(100),
  minHealthPercent: z.int().min(0).max(100),
});

/**
 * Local rate limits of the ingress gateway pods (docs/decisions.md#edge-rate-limits): an EnvoyFilter
 * with Envoy's HTTP local rate limit (a token bucket per gateway pod, 429 when empty) and its
 * connection limit network filter (active connections per gateway pod and listener).
 */
export const edgeRateLimit = z
  .strictObject({
    enabled: z.boolean().meta({ description: 'Render the EnvoyFilter (only while the Gateway is rendered)' }),
    requestsPerSecond: z.int().min(1).max(1_000_000).meta({
      description: 'Tokens added to the bucket every second: the sustained requests per second of a pod',
    }),
    burst: z.int().min(1).max(1_000_000).meta({
      description: 'Size of the token bucket: requests a pod admits at once; at least requestsPerSecond',
    }),
    maxConnections: z
      .int()
      .min(1)
      .max(1_000_000)
      .meta({ description: 'Active downstream connections per gateway pod and listener; more are closed' }),
  })
  .meta({ description: 'Edge rate limits on the ingress gateway pods (EnvoyFilter, answered with 429)' });

/**
 * JWT validation on the ingress gateway pods (docs/decisions.md#mesh-authorization): a
 * RequestAuthentication with the issuer and JWKS of the cluster's identity provider.
 */
export const requestAuthentication = z
  .strictObject({
    enabled: z
      .boolean()
      .meta({ description: 'Render the RequestAuthentication (only while the Gateway is rendered)' }),
    issuer: z.string().meta({
      description: 'Issuer (iss claim) of the identity provider; must be set while enabled',
    }),
    jwksUri: z
      .string()
      .regex(/^(https:\/\/\S+)?$/, 'an https:// URL')
      .meta({
        description: 'HTTPS URL of the JSON Web Key Set of the issuer; must be set while enabled',
      }),
  })
  .meta({
    description:
      'RequestAuthentication on the gateway pods, off by default: a bad token, or one from another issuer, is refused with 401',
  });

/**
 * "Require a JWT" at the ingress gateway (docs/decisions.md#mesh-authorization): a DENY
 * AuthorizationPolicy for requests to the hosts that carry no valid request principal.
 */
export const requireJwt = z
  .strictObject({
    enabled: z.boolean().meta({
      description:
        'Render the AuthorizationPolicy (only while the Gateway is rendered; needs requestAuthentication)',
    }),
    hosts: z
      .array(z.string().min(1))
      .min(1)
      .meta({ description: 'Hosts (Host header, * prefix or suffix) that require a token' }),
    publicPaths: z
      .array(z.string().regex(/^\//, 'a path such as /healthz or /.well-known/*'))
      .meta({ description: 'Paths left open on those hosts' }),
  })
  .meta({ description: 'DENY requests without a valid JWT to these hosts (403), off by default' });

/** Values of our chart `charts/istio`: mesh-wide security, telemetry, traffic policy, gateway. */
export const chartValues = z
  .strictObject({
    environment: z.enum(['development', 'staging', 'production']),
    cluster: z.string().min(1).meta({ description: 'Cluster name' }),
    labels: platformLabels,
    peerAuthentication: z
      .strictObject({
        mode: z.enum(['STRICT', 'PERMISSIVE']).meta({
          description:
            'Mesh-wide mTLS: STRICT in production, PERMISSIVE elsewhere (lets non-mesh clients in)',
        }),
      })
      .meta({ description: 'Mesh-wide PeerAuthentication `default` in the root namespace' }),
    sidecar: z
      .strictObject({
        enabled: z.boolean().meta({ description: 'Render the Sidecar' }),
        egressHosts: z
          .array(
            z.string().regex(/^([a-z0-9-]+|\.|~|\*)\/.+$/, 'namespace/dnsName, e.g. ./* or istio-system/*'),
          )
          .min(1)
          .meta({ description: 'Egress hosts of every sidecar without a Sidecar of its own namespace' }),
      })
      .meta({ description: 'Mesh-wide default Sidecar `default` in the root namespace' }),
    telemetry: z
      .strictObject({
        samplingPercent: z
          .number()
          .min(0)
          .max(100)
          .meta({ description: 'Trace sampling % from the environment profile (100 / 10 / 1)' }),
        provider: z
          .string()
          .regex(/^[a-z][a-z0-9-]*$/)
          .meta({ description: 'Tracing extension provider declared in the istiod meshConfig' }),
      })
      .meta({ description: 'Mesh-wide Telemetry `mesh-default`' }),
    trafficPolicy: z
      .strictObject({
        loadBalancer: z.strictObject({
          simple: z.enum(['LEAST_REQUEST', 'ROUND_ROBIN', 'RANDOM', 'PASSTHROUGH']).meta({
            description: 'LEAST_CONN: Istio implements LEAST_CONN and LEAST_REQUEST as Envoy least-request',
          }),
        }),
        outlierDetection,
      })
      .meta({ description: 'Default DestinationRule for every service of the mesh (host *.local)' }),
    consistentHash: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/),
          namespace: z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/),
          host: z.string().min(1),
          httpHeaderName: z.string().regex(/^[A-Za-z0-9-]+$/, 'an HTTP header name such as x-user-id'),
        }),
      )
      .meta({ description: 'Services balanced by a consistent hash of a header (e.g. the user ID)' }),
    gateway: z
      .strictObject({
        enabled: z.boolean(),
        name: z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/),
        selector: labelMap.meta({ description: 'Pods of the gateway chart release (istio: ingressgateway)' }),
        hosts: z.array(z.string().min(1)).min(1),
        credentialName: z.string().min(1).meta({
          description: 'TLS Secret in the gateway namespace (from cert-manager or an ExternalSecret)',
        }),
        minProtocolVersion: z.enum(['TLSV1_2', 'TLSV1_3']),
        certificateIssuer: z
          .enum(['self-signed', 'letsencrypt-staging', 'letsencrypt-prod', 'vault-pki', ''])
          .meta({
            description:
              'cert-manager ClusterIssuer of a Certificate that writes credentialName for the hosts; empty: the Secret comes from elsewhere (Helm drops null values)',
          }),
        rateLimit: edgeRateLimit,
        requestAuthentication,
        requireJwt,
      })
      .meta({ description: 'The ingress Gateway: HTTPS 443, HTTP 80 redirecting to HTTPS' }),
    failoverGateway: z
      .strictObject({
        enabled: z.boolean().meta({ description: 'Render it (the environment has a failover name)' }),
        name: z.string().regex(/^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/),
        host: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/)
          .meta({ description: 'The failover name, e.g. api.example.com' }),
        credentialName: z
          .string()
          .min(1)
          .meta({ description: 'TLS Secret in the gateway namespace for the failover name' }),
        certificateIssuer: z
          .enum(['self-signed', 'letsencrypt-staging', 'letsencrypt-prod', 'vault-pki', ''])
          .meta({ description: 'ClusterIssuer of its Certificate; empty: the Secret comes from elsewhere' }),
        failover: z
          .enum(['PRIMARY', 'SECONDARY'])
          .meta({ description: 'Route53 failover type (external-dns.alpha.kubernetes.io/aws-failover)' }),
        setIdentifier: z
          .enum(['primary', 'secondary'])
          .meta({ description: 'Route53 set identifier (external-dns.alpha.kubernetes.io/set-identifier)' }),
        healthCheckId: z
          .string()
          .regex(/^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$/)
          .meta({ description: 'Route53 health check id on the PRIMARY record; empty on SECONDARY' }),
      })
      .meta({
        description:
          "A second Gateway on the same pods for the Route53 failover name: ExternalDNS applies a Gateway's annotations to all its hosts, so the failover name has a Gateway of its own",
      }),
  })
  .meta({ title: 'charts/istio values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `base`, `istiod` and `gateway` charts and our chart. */
export type Targets = {
  base: typeof baseValues;
  istiod: typeof istiodValues;
  gateway: typeof gatewayValues;
  chart: typeof chartValues;
};
