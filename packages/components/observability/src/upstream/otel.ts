import type { ClusterContext } from '@platform/core';
import { NAMESPACE, prometheusReplicaWriteUrl, remoteWriteExporter } from '../constants.ts';
import {
  COLLECTOR_IMAGES,
  LOKI_OTLP_ENDPOINT,
  OTEL_AGENT_FULLNAME,
  OTEL_GATEWAY,
  OTEL_GATEWAY_FULLNAME,
  OTEL_GATEWAY_OTLP_ENDPOINT,
  OTEL_SAMPLING_PORT,
  OTEL_SAMPLING_SERVICE,
  svc,
  TEMPO_OTLP_ENDPOINT,
} from './names.ts';
import type { OtelAgentValues, OtelGatewayValues } from './schema.ts';

/**
 * The two OpenTelemetry collectors (docs/decisions.md#tracing, #observability-upgrades).
 *
 * - The agent (DaemonSet, `otel/opentelemetry-collector-k8s`) receives OTLP on every node
 *   (hostPort 4317/4318), tails container logs with the `file_log` receiver (Promtail is EOL),
 *   adds Kubernetes attributes and forwards everything to the gateway over OTLP.
 * - The gateway (Deployment, `otel/opentelemetry-collector-contrib`, Service
 *   `opentelemetry-collector`) limits memory, samples traces at the environment's rate, adds
 *   `cluster` and `environment`, and exports traces to Tempo, metrics to Prometheus with
 *   `prometheusremotewrite` (only the contrib build has it) and logs to Loki's OTLP endpoint.
 *
 * Tail sampling needs every span of a trace on one replica. Istio's sidecars send their spans
 * straight to the gateway Service (not through the agents), so the routing by trace ID has to
 * happen inside the gateway tier: where tail sampling is on, the gateway's `traces` pipeline only
 * forwards with the `loadbalancing` exporter (routing_key traceID, DNS resolver on the headless
 * Service `opentelemetry-collector-sampling`) to the second OTLP receiver `otlp/sampling` (port
 * 4319) of the replica that owns the trace, whose `traces/sampling` pipeline runs `tail_sampling`.
 * Whichever way a span enters (agent, SDK, Envoy), it ends up on the same replica.
 */

/** Head-sampling percentage that means "keep everything": no sampler at all. */
export const ALL = 100;

export const TAIL_SAMPLING_DEFAULTS = {
  decision_wait: '10s',
  num_traces: 100_000,
  expected_new_traces_per_sec: 1000,
} as const;

const RESOURCES = {
  agent: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
  gateway: { requests: { cpu: '200m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '2Gi' } },
} as const;

/** The collector's own environment variable (set by the chart), not a template. */
const POD_IP = '$' + '{env:MY_POD_IP}';
const otlpReceiver = {
  protocols: {
    grpc: { endpoint: `${POD_IP}:4317` },
    http: { endpoint: `${POD_IP}:4318` },
  },
};
const unusedPorts = {
  'jaeger-compact': { enabled: false },
  'jaeger-thrift': { enabled: false },
  'jaeger-grpc': { enabled: false },
  zipkin: { enabled: false },
} as const;
const batch = { timeout: '5s', send_batch_size: 1000 };
/** memory_limiter in MiB; the chart's default percentages are zeroed (Helm merges maps). */
const mib = (limit: number, spike: number) => ({
  check_interval: '1s',
  limit_mib: limit,
  spike_limit_mib: spike,
  limit_percentage: 0 as const,
  spike_limit_percentage: 0 as const,
});

export function otelAgent(labels: OtelAgentValues['additionalLabels']): OtelAgentValues {
  const exporters = ['otlp_grpc/gateway'];
  const processors = ['memory_limiter', 'batch'];
  return {
    fullnameOverride: OTEL_AGENT_FULLNAME,
    additionalLabels: labels,
    podLabels: labels,
    mode: 'daemonset',
    image: { repository: COLLECTOR_IMAGES.k8s.repository },
    command: { name: COLLECTOR_IMAGES.k8s.command },
    presets: {
      logsCollection: { enabled: true, includeCollectorLogs: false },
      kubernetesAttributes: { enabled: true },
    },
    tolerations: [{ operator: 'Exists' }],
    ports: { ...unusedPorts },
    resources: RESOURCES.agent,
    config: {
      receivers: { otlp: otlpReceiver },
      // memory_limiter: check every 1s, limit 400 MiB, spike 100 MiB, under the 512Mi container limit
      processors: { memory_limiter: { ...mib(400, 100) }, batch },
      exporters: { 'otlp_grpc/gateway': { endpoint: OTEL_GATEWAY_OTLP_ENDPOINT, tls: { insecure: true } } },
      service: {
        pipelines: {
          // the chart's presets add file_log to logs and k8s_attributes to every pipeline
          traces: { receivers: ['otlp'], processors, exporters },
          metrics: { receivers: ['otlp'], processors, exporters },
          logs: { receivers: ['otlp'], processors, exporters },
        },
      },
    },
  };
}

/** Gateway values that do not depend on the environment. */
export function otelGatewayBase(
  ctx: ClusterContext,
  labels: OtelGatewayValues['additionalLabels'],
  prometheusReplicas: number,
): Omit<OtelGatewayValues, 'replicaCount' | 'podDisruptionBudget'> {
  const pipe = (...exporters: string[]) => ({
    receivers: ['otlp'],
    processors: ['memory_limiter', 'resource', 'batch'],
    exporters,
  });
  // One exporter per Prometheus replica, never the load-balanced Service: each replica gets every
  // series (docs/decisions.md#remote-write-per-replica).
  const ordinals = Array.from({ length: prometheusReplicas }, (_, i) => i);
  const remoteWrite = Object.fromEntries(
    ordinals.map((i) => [remoteWriteExporter(i), { endpoint: prometheusReplicaWriteUrl(i) }]),
  );
  return {
    fullnameOverride: OTEL_GATEWAY_FULLNAME,
    additionalLabels: labels,
    podLabels: labels,
    mode: 'deployment',
    image: { repository: COLLECTOR_IMAGES.contrib.repository },
    command: { name: COLLECTOR_IMAGES.contrib.command },
    ports: { ...unusedPorts },
    extraManifests: [],
    resources: RESOURCES.gateway,
    config: {
      receivers: { otlp: otlpReceiver },
      processors: {
        memory_limiter: mib(1600, 400),
        batch,
        resource: {
          attributes: [
            { key: 'cluster', value: ctx.cluster.name, action: 'upsert' },
            { key: 'environment', value: ctx.environment.name, action: 'upsert' },
          ],
        },
      },
      exporters: {
        'otlp_grpc/tempo': { endpoint: TEMPO_OTLP_ENDPOINT, tls: { insecure: true } },
        'otlp_http/loki': { endpoint: LOKI_OTLP_ENDPOINT },
        ...remoteWrite,
      },
      service: {
        pipelines: {
          traces: pipe('otlp_grpc/tempo'),
          metrics: pipe(...ordinals.map(remoteWriteExporter)),
          logs: pipe('otlp_http/loki'),
        },
      },
    },
  };
}

/** The tail sampler of the environment profile: errors, slow traces and the head rate (docs/decisions.md#tracing). */
export function tailSamplingOf(tracing: ClusterContext['environment']['tracing']) {
  const t = tracing.tailSampling;
  return {
    ...TAIL_SAMPLING_DEFAULTS,
    policies: [
      ...(t.errors
        ? [
            {
              name: 'errors',
              type: 'status_code' as const,
              status_code: { status_codes: ['ERROR' as const] },
            },
          ]
        : []),
      ...(t.latencyThresholdMs !== undefined
        ? [{ name: 'slow-traces', type: 'latency' as const, latency: { threshold_ms: t.latencyThresholdMs } }]
        : []),
      {
        name: 'probabilistic',
        type: 'probabilistic' as const,
        probabilistic: { sampling_percentage: tracing.samplingPercent },
      },
    ],
  };
}

/**
 * The environment-dependent part of the gateway: trace sampling from `environment.tracing`.
 * 100%: no sampler; below 100% without tail sampling: `probabilistic_sampler`; with tail sampling:
 * the trace-ID load-balancing stage and `tail_sampling` (its probabilistic policy is the head rate).
 */
export function otelGatewaySampling(ctx: ClusterContext) {
  const tracing = ctx.environment.tracing;
  const stage = ['memory_limiter', 'resource', 'batch'];
  if (tracing.tailSampling.enabled) {
    return {
      ports: {
        'otlp-sampling': {
          enabled: true,
          containerPort: OTEL_SAMPLING_PORT,
          servicePort: OTEL_SAMPLING_PORT,
          protocol: 'TCP' as const,
          appProtocol: 'grpc' as const,
        },
      },
      extraManifests: [
        {
          apiVersion: 'v1' as const,
          kind: 'Service' as const,
          metadata: { name: OTEL_SAMPLING_SERVICE, namespace: NAMESPACE },
          spec: {
            clusterIP: 'None' as const,
            // the chart's selector labels (app.kubernetes.io/name, instance) and its component label
            selector: {
              'app.kubernetes.io/name': 'opentelemetry-collector',
              'app.kubernetes.io/instance': OTEL_GATEWAY,
              component: 'standalone-collector',
            },
            ports: [
              {
                name: 'otlp-sampling',
                port: OTEL_SAMPLING_PORT,
                targetPort: OTEL_SAMPLING_PORT,
                protocol: 'TCP' as const,
                appProtocol: 'grpc' as const,
              },
            ],
          },
        },
      ],
      config: {
        receivers: {
          'otlp/sampling': { protocols: { grpc: { endpoint: `${POD_IP}:${OTEL_SAMPLING_PORT}` } } },
        },
        processors: { tail_sampling: tailSamplingOf(tracing) },
        exporters: {
          loadbalancing: {
            routing_key: 'traceID' as const,
            protocol: { otlp: { timeout: '1s', tls: { insecure: true } } },
            resolver: { dns: { hostname: svc(OTEL_SAMPLING_SERVICE), port: OTEL_SAMPLING_PORT } },
          },
        },
        service: {
          pipelines: {
            traces: { receivers: ['otlp'], processors: ['memory_limiter'], exporters: ['loadbalancing'] },
            'traces/sampling': {
              receivers: ['otlp/sampling'],
              processors: ['memory_limiter', 'tail_sampling', 'resource', 'batch'],
              exporters: ['otlp_grpc/tempo'],
            },
          },
        },
      },
    };
  }
  if (tracing.samplingPercent < ALL) {
    return {
      config: {
        processors: { probabilistic_sampler: { sampling_percentage: tracing.samplingPercent } },
        service: {
          pipelines: {
            traces: {
              receivers: ['otlp'],
              processors: ['memory_limiter', 'probabilistic_sampler', 'resource', 'batch'],
              exporters: ['otlp_grpc/tempo'],
            },
          },
        },
      },
    };
  }
  return {
    config: {
      service: {
        pipelines: { traces: { receivers: ['otlp'], processors: stage, exporters: ['otlp_grpc/tempo'] } },
      },
    },
  };
}

/**
 * The collector's effective trace sampling percentage, as configured: the tail sampler's
 * probabilistic policy, else the head sampler, else everything.
 */
export function effectiveSamplingPercent(gateway: OtelGatewayValues): number {
  const p = gateway.config.processors;
  const used = new Set(Object.values(gateway.config.service.pipelines).flatMap((x) => x?.processors ?? []));
  if (p.tail_sampling && used.has('tail_sampling')) {
    const prob = p.tail_sampling.policies.find((x) => x.type === 'probabilistic');
    return prob?.type === 'probabilistic' ? prob.probabilistic.sampling_percentage : ALL;
  }
  if (p.probabilistic_sampler && used.has('probabilistic_sampler'))
    return p.probabilistic_sampler.sampling_percentage;
  return ALL;
}
