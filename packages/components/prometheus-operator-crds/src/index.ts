export {
  CRD_NAMES,
  CRDS_CHART_VERSION,
  type CrdsValues,
  crdsValues,
  OPERATOR_VERSION,
  prometheusOperatorCrds,
  prometheusOperatorCrds as default,
} from './component.ts';
