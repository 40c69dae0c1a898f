import type { UpstreamChart } from '@platform/core';
import { KPS, LOKI, OTEL_AGENT, OTEL_GATEWAY, TEMPO } from './names.ts';
import {
  kubePrometheusStackValues,
  lokiValues,
  otelAgentValues,
  otelGatewayValues,
  tempoValues,
} from './schema.ts';

export {
  COLLECTOR_IMAGES,
  DISTRIBUTION_COMPONENTS,
  GRAFANA_FULLNAME,
  KPS,
  KPS_FULLNAME,
  LOKI,
  LOKI_FULLNAME,
  LOKI_OTLP_ENDPOINT,
  LOKI_URL,
  OTEL_AGENT,
  OTEL_AGENT_FULLNAME,
  OTEL_GATEWAY,
  OTEL_GATEWAY_FULLNAME,
  OTEL_SAMPLING_PORT,
  OTEL_SAMPLING_SERVICE,
  TEMPO,
  TEMPO_FRONTEND_ADDRESS,
  TEMPO_FULLNAME,
  TEMPO_GRPC_PORT,
  TEMPO_HEADLESS_SERVICE,
  TEMPO_MEMBERLIST_JOIN,
  TEMPO_MEMBERLIST_PORT,
  TEMPO_OTLP_ENDPOINT,
  TEMPO_POD_SELECTOR,
  TEMPO_REPLICATION_FACTOR,
  TEMPO_URL,
  tempoReplicas,
} from './names.ts';
export { effectiveSamplingPercent, TAIL_SAMPLING_DEFAULTS } from './otel.ts';
export { RETENTION_BOUNDS, upstreamRules } from './rules.ts';
export {
  type KubePrometheusStackValues,
  kubePrometheusStackValues,
  type LokiValues,
  lokiValues,
  type OtelAgentValues,
  type OtelGatewayValues,
  otelAgentValues,
  otelGatewayValues,
  type TempoValues,
  tempoValues,
  type UpstreamTargets,
} from './schema.ts';
export { upstreamLayers } from './values.ts';

export const PROMETHEUS_COMMUNITY_REPO = 'https://prometheus-community.github.io/helm-charts';
/** Grafana's OSS charts moved here (Loki forked at 6.55.0, Tempo), upstream-versions.md. */
export const GRAFANA_COMMUNITY_REPO = 'https://grafana-community.github.io/helm-charts';
export const OPENTELEMETRY_REPO = 'https://open-telemetry.github.io/opentelemetry-helm-charts';

export const CHART_VERSIONS = {
  'kube-prometheus-stack': '88.5.3',
  loki: '18.11.0',
  tempo: '2.2.4',
  'opentelemetry-collector': '0.170.0',
} as const;

/**
 * The upstream charts in install order: kube-prometheus-stack first (CRDs, Prometheus that the
 * collector writes to), Loki and Tempo (the collector's other backends), then the gateway
 * collector and the agents that send to it. The collector chart is installed twice, as two
 * releases with their own values files.
 */
export const UPSTREAM_CHARTS: readonly UpstreamChart[] = [
  {
    id: KPS,
    repoURL: PROMETHEUS_COMMUNITY_REPO,
    chart: 'kube-prometheus-stack',
    version: CHART_VERSIONS['kube-prometheus-stack'],
    valuesSchema: kubePrometheusStackValues,
  },
  {
    id: LOKI,
    repoURL: GRAFANA_COMMUNITY_REPO,
    chart: 'loki',
    version: CHART_VERSIONS.loki,
    valuesSchema: lokiValues,
  },
  {
    id: TEMPO,
    repoURL: GRAFANA_COMMUNITY_REPO,
    chart: 'tempo',
    version: CHART_VERSIONS.tempo,
    valuesSchema: tempoValues,
  },
  {
    id: OTEL_GATEWAY,
    repoURL: OPENTELEMETRY_REPO,
    chart: 'opentelemetry-collector',
    version: CHART_VERSIONS['opentelemetry-collector'],
    releaseName: OTEL_GATEWAY,
    valuesSchema: otelGatewayValues,
  },
  {
    id: OTEL_AGENT,
    repoURL: OPENTELEMETRY_REPO,
    chart: 'opentelemetry-collector',
    version: CHART_VERSIONS['opentelemetry-collector'],
    releaseName: OTEL_AGENT,
    valuesSchema: otelAgentValues,
  },
];
