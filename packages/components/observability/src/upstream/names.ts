import type { ClusterContext } from '@platform/core';
import { NAMESPACE } from '../constants.ts';

/**
 * Ids (values targets and values file stems), Helm release names and the `fullnameOverride`s that
 * fix the Service names other components and `../constants.ts` rely on.
 */

/** Values targets of the upstream charts, in install order. */
export const KPS = 'kube-prometheus-stack';
export const LOKI = 'loki';
export const TEMPO = 'tempo';
export const OTEL_AGENT = 'otel-agent';
export const OTEL_GATEWAY = 'otel-gateway';

/** `fullnameOverride` of kube-prometheus-stack: Services `<name>-prometheus`, `<name>-alertmanager`. */
export const KPS_FULLNAME = 'kube-prometheus-stack';
export const GRAFANA_FULLNAME = 'grafana';
export const KSM_FULLNAME = 'kube-state-metrics';
export const LOKI_FULLNAME = 'loki';
export const TEMPO_FULLNAME = 'tempo';
export const OTEL_AGENT_FULLNAME = 'opentelemetry-collector-agent';
/** The gateway's Service: `opentelemetry-collector` (OTEL_GATEWAY_SERVICE, Istio's OTLP_SERVICE). */
export const OTEL_GATEWAY_FULLNAME = 'opentelemetry-collector';
/** Headless Service over the gateway pods: the load-balancing exporter resolves it (tail sampling). */
export const OTEL_SAMPLING_SERVICE = `${OTEL_GATEWAY_FULLNAME}-sampling`;
/** Port of the gateway's second OTLP receiver, fed by the load-balancing exporter. */
export const OTEL_SAMPLING_PORT = 4319;

export const svc = (name: string) => `${name}.${NAMESPACE}.svc.cluster.local`;

/**
 * Tempo as a scalable monolith (docs/decisions.md#tempo-object-storage). The chart's StatefulSet
 * names `<fullname>-headless` as its governing Service but ships none: our chart renders it,
 * selecting the chart's pod selector labels (`app.kubernetes.io/name` is the chart name,
 * `app.kubernetes.io/instance` the release, both `tempo`). Memberlist joins through it on 7946
 * and every querier finds every query-frontend through it on the gRPC port 9095.
 */
export const TEMPO_HEADLESS_SERVICE = `${TEMPO_FULLNAME}-headless`;
export const TEMPO_POD_SELECTOR = {
  'app.kubernetes.io/name': 'tempo',
  'app.kubernetes.io/instance': TEMPO,
} as const;
export const TEMPO_MEMBERLIST_PORT = 7946;
export const TEMPO_GRPC_PORT = 9095;
/** Replicas joined in one ring hold each trace this many times (Grafana's scalable example: 3). */
export const TEMPO_REPLICATION_FACTOR = 3;
export const TEMPO_MEMBERLIST_JOIN = `dns+${svc(TEMPO_HEADLESS_SERVICE)}:${TEMPO_MEMBERLIST_PORT}`;
export const TEMPO_FRONTEND_ADDRESS = `${svc(TEMPO_HEADLESS_SERVICE)}:${TEMPO_GRPC_PORT}`;
/**
 * Tempo's replicas: the monolith where the environment runs single replicas, otherwise at least
 * the ring's replication factor (a DR standby too: fewer replicas than copies cannot take writes
 * through a restart).
 */
export function tempoReplicas(ctx: Pick<ClusterContext, 'environment'>): number {
  const n = ctx.environment.replicas;
  return n < 2 ? n : Math.max(TEMPO_REPLICATION_FACTOR, n);
}

/** Where the collector sends what (the exporters' endpoints). */
export const TEMPO_OTLP_ENDPOINT = `${svc(TEMPO_FULLNAME)}:4317`;
export const LOKI_URL = `http://${svc(LOKI_FULLNAME)}:3100`;
/** Loki 3 native OTLP ingestion; `otlp_http` appends `/v1/logs`. */
export const LOKI_OTLP_ENDPOINT = `${LOKI_URL}/otlp`;
export const TEMPO_URL = `http://${svc(TEMPO_FULLNAME)}:3200`;
export const OTEL_GATEWAY_OTLP_ENDPOINT = `${svc(OTEL_GATEWAY_FULLNAME)}:4317`;

/** The platform StorageClass (platform-baseline component). */
export const STORAGE_CLASS = 'ssd-standard';

/** Collector images: the gateway needs `prometheusremotewrite`, which only the contrib build has. */
export const COLLECTOR_IMAGES = {
  k8s: { repository: 'otel/opentelemetry-collector-k8s', command: 'otelcol-k8s' },
  contrib: { repository: 'otel/opentelemetry-collector-contrib', command: 'otelcol-contrib' },
} as const;

/**
 * Collector component types we may use and the distributions that contain them, read from
 * `distributions/otelcol-{k8s,contrib}/manifest.yaml` of open-telemetry/opentelemetry-collector-releases
 * at v0.158.0 (the chart's appVersion). Old and new (snake_case) type names are both accepted by
 * the collector; the chart rewrites `filelog`/`k8sattributes` itself.
 */
export const DISTRIBUTION_COMPONENTS: Record<
  keyof typeof COLLECTOR_IMAGES,
  Record<'receivers' | 'processors' | 'exporters', readonly string[]>
> = {
  k8s: {
    receivers: ['otlp', 'file_log', 'filelog', 'prometheus', 'jaeger', 'zipkin'],
    processors: [
      'memory_limiter',
      'batch',
      'resource',
      'k8s_attributes',
      'k8sattributes',
      'probabilistic_sampler',
      'tail_sampling',
    ],
    exporters: ['otlp', 'otlp_grpc', 'otlp_http', 'otlphttp', 'loadbalancing', 'debug'],
  },
  contrib: {
    receivers: ['otlp', 'file_log', 'filelog', 'prometheus', 'jaeger', 'zipkin'],
    processors: [
      'memory_limiter',
      'batch',
      'resource',
      'k8s_attributes',
      'k8sattributes',
      'probabilistic_sampler',
      'tail_sampling',
    ],
    exporters: [
      'otlp',
      'otlp_grpc',
      'otlp_http',
      'otlphttp',
      'loadbalancing',
      'prometheusremotewrite',
      'debug',
    ],
  },
};
