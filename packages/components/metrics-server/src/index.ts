export { METRICS_SERVER_CHART_VERSION, metricsServer, metricsServer as default } from './component.ts';
export { metricsServerRules } from './rules.ts';
export { type MetricsServerValues, metricsServerValues } from './schema.ts';
export { metricsServerLayers, NAMESPACE } from './values.ts';
