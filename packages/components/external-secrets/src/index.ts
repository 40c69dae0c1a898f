export { externalSecrets as default, externalSecrets } from './component.ts';
export { externalSecretsRules } from './rules.ts';
export {
  type ChartValues,
  chartValues,
  type EsoValues,
  esoValues,
  reloaderValues,
  toSeconds,
} from './schema.ts';
export { externalSecretsLayers, NAMESPACE } from './values.ts';
