export { KYVERNO_CHART_VERSION, kyverno, kyverno as default } from './component.ts';
export { kyvernoRules } from './rules.ts';
export {
  type ChartValues,
  chartValues,
  FAILURE_ACTIONS,
  type KyvernoValues,
  kyvernoValues,
} from './schema.ts';
export {
  admissionReplicas,
  exemptNamespaces,
  KYVERNO_VERSION,
  kyvernoLayers,
  NAMESPACE,
  ORG_REGISTRIES,
} from './values.ts';
