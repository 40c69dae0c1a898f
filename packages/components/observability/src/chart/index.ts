/**
 * Our chart `charts/observability`: the platform's PrometheusRules (alerts as typed values a
 * cluster can override), ServiceMonitors and PodMonitors, the ExternalSecrets of Alertmanager's
 * receivers and Grafana's admin, and the dashboards; plus the Alertmanager configuration the
 * upstream part puts into kube-prometheus-stack.
 */
export {
  alertmanagerConfig,
  RECEIVER_SECRET_KEYS,
  routedSeverities,
  SEVERITY_RECEIVERS,
  SLACK_CHANNELS,
  secretFilesOf,
} from './alertmanager.ts';
export {
  CIS_COMPLIANCE_ALERTS,
  INFRASTRUCTURE_ALERTS,
  INFRASTRUCTURE_EVENTS,
  KARPENTER_ALERTS,
  RUNBOOK_BASE_URL,
  SUPPLY_CHAIN_ALERTS,
} from './alerts.ts';
export { chartRules } from './rules.ts';
export {
  type AlertRule,
  type ChartValues,
  chartValues,
  type MonitorValues,
  PROM_DURATION,
  type PrometheusRuleValues,
  type RuleGroupValues,
  SEVERITIES,
  type Severity,
  type TempoChartValues,
} from './schema.ts';
export {
  COMPONENT_NAMESPACES,
  chartLayers,
  DASHBOARDS,
  SCRAPE_INTERVAL,
  tempoChartValues,
  thanosValues,
  vaultKeys,
} from './values.ts';
