export { KEDA_CHART_VERSION, keda, keda as default } from './component.ts';
export { kedaRules } from './rules.ts';
export { type ChartValues, chartValues, type KedaValues, kedaValues } from './schema.ts';
export { kedaLayers, kedaReplicas, NAMESPACE, REDIS_PASSWORD_KEY } from './values.ts';
