export { certManager, certManager as default } from './component.ts';
export { certManagerRules } from './rules.ts';
export {
  type CertManagerValues,
  type ChartValues,
  certManagerValues,
  chartValues,
  ISSUERS,
} from './schema.ts';
export { certManagerLayers, clusterIssuersFor, NAMESPACE } from './values.ts';
