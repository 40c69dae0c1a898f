export { OPENCOST_CHART_VERSION, opencost, opencost as default } from './component.ts';
export { opencostRules } from './rules.ts';
export { type ChartValues, chartValues, type OpencostValues, opencostValues, SEVERITIES } from './schema.ts';
export { NAMESPACE, opencostLayers, prometheusInternal } from './values.ts';
