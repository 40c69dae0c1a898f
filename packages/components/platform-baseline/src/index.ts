export { platformBaseline as default, platformBaseline } from './component.ts';
export { baselineRules } from './rules.ts';
export { type ChartValues, chartValues, type NamespaceSpec, namespaceSpec, TIERS } from './schema.ts';
export { baselineLayers, DEFAULT_NAMESPACES, scale } from './values.ts';
