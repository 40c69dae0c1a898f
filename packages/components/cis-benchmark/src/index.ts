export { cisBenchmark, cisBenchmark as default, PUSHGATEWAY_CHART_VERSION } from './component.ts';
export { cisBenchmarkEgress, TRIVY_DB_EGRESS } from './egress.ts';
export { cisBenchmarkRules } from './rules.ts';
export {
  KUBEAUDIT_IMAGE,
  KUBEAUDIT_NAMESPACES,
  kubeauditDefaults,
  registryHost,
  SCAN_APPS,
  SCAN_SERVICE_ACCOUNTS,
  TRIVY_CHECKS_BUNDLE_REPOSITORY,
  TRIVY_DB_REGISTRY_HOSTS,
  TRIVY_DB_REPOSITORIES,
  TRIVY_IMAGE,
  TRIVY_JAVA_DB_REPOSITORIES,
  trivyDefaults,
} from './scans.ts';
export { securityScanRules } from './scans-rules.ts';
export {
  dailySchedule,
  KUBEAUDIT_SEVERITIES,
  type KubeauditValues,
  kubeauditValues,
  TRIVY_SEVERITIES,
  type TrivyValues,
  trivyValues,
} from './scans-schema.ts';
export {
  type ChartValues,
  chartValues,
  EKS_TARGETS,
  type PushgatewayValues,
  pushgatewayValues,
} from './schema.ts';
export {
  cisBenchmarkLayers,
  KUBE_BENCH_IMAGE,
  METRICS,
  NAMESPACE,
  PUSHGATEWAY,
  PUSHGATEWAY_PORT,
  pushgatewayUrl,
} from './values.ts';
