export { cisBenchmark, cisBenchmark as default, PUSHGATEWAY_CHART_VERSION } from './component.ts';
export { cisBenchmarkRules } from './rules.ts';
export {
  type ChartValues,
  chartValues,
  EKS_TARGETS,
  type PushgatewayValues,
  pushgatewayValues,
} from './schema.ts';
export {
  cisBenchmarkLayers,
  KUBE_BENCH_IMAGE,
  METRICS,
  NAMESPACE,
  PUSHGATEWAY,
  PUSHGATEWAY_PORT,
  pushgatewayUrl,
} from './values.ts';
