export { gatekeeper as default, gatekeeper } from './component.ts';
export {
  configV1alpha1,
  constraintTemplateV1,
  constraintV1beta1,
  gatekeeperSchemaFor,
} from './gatekeeper-kinds.ts';
export { gatekeeperRules } from './rules.ts';
export {
  type ChartValues,
  chartValues,
  ENFORCEMENT_ACTIONS,
  type GatekeeperValues,
  gatekeeperValues,
} from './schema.ts';
export {
  admissionExemptNamespaces,
  DR_REPLICAS,
  EXCLUDED_NAMESPACES,
  enforcementAction,
  gatekeeperLayers,
  gatekeeperNamespaceMetadata,
  KUBERNETES_SUPPORT,
  NAMESPACE,
  PRODUCTION_REPLICAS,
  REQUIRED_LABELS,
  webhookReplicas,
} from './values.ts';
