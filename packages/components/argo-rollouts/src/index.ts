export { ARGO_ROLLOUTS_CHART_VERSION, argoRollouts, argoRollouts as default } from './component.ts';
export { argoRolloutsRules } from './rules.ts';
export {
  type ArgoRolloutsValues,
  argoRolloutsValues,
  type ChartValues,
  chartValues,
  gatewayApiPluginLocation,
  METRIC_SOURCES,
} from './schema.ts';
export {
  argoRolloutsLayers,
  GATEWAY_API_PLUGIN_URL,
  GATEWAY_API_PLUGIN_VERSION,
  NAMESPACE,
} from './values.ts';
