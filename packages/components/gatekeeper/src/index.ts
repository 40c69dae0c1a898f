export { gatekeeper as default, gatekeeper } from './component.ts';
export { gatekeeperRules } from './rules.ts';
export { type ChartValues, chartValues, type GatekeeperValues, gatekeeperValues } from './schema.ts';
export { gatekeeperLayers, NAMESPACE } from './values.ts';
