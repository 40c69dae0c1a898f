export { cilium, cilium as default } from './component.ts';
export { ciliumRules } from './rules.ts';
export { type ChartValues, type CiliumValues, chartValues, ciliumValues, hubbleMetric } from './schema.ts';
export { apiHost, ciliumLayers } from './values.ts';
