export { ISTIO_VERSION, istio, istio as default } from './component.ts';
export { istioRules } from './rules.ts';
export {
  type BaseValues,
  baseValues,
  type ChartValues,
  chartValues,
  edgeRateLimit,
  type GatewayValues,
  gatewayValues,
  type IstiodValues,
  istiodValues,
  outlierDetection,
  requestAuthentication,
  requireJwt,
} from './schema.ts';
export {
  EDGE_RATE_LIMIT,
  FAILOVER_GATEWAY_NAME,
  failoverGateway,
  GATEWAY_NAME,
  GATEWAY_RELEASE,
  istioByDefault,
  istioLayers,
  mtlsMode,
  NAMESPACE,
  OTLP_SERVICE,
  OUTLIER_DETECTION,
  SIDECAR_EGRESS_HOSTS,
  TRACING_PROVIDER,
} from './values.ts';
