import { type ComponentRule, joinPath, type RuleViolation, type Values } from '@platform/core';
import { ALERTMANAGER_SECRET, ALERTMANAGER_SECRET_DIR } from '../constants.ts';
import { alertmanagerConfig, routedSeverities, secretFilesOf } from './alertmanager.ts';
import type { ChartValues } from './schema.ts';
import { thanosRules } from './thanos-rules.ts';

/** Target id of kube-prometheus-stack's values (upstream/names.ts KPS). */
const KPS = 'kube-prometheus-stack';

const chartOf = (values: Readonly<Record<string, Values>>) =>
  values.chart as unknown as ChartValues | undefined;

interface KpsPart {
  alertmanager?: { config?: Record<string, unknown> };
  grafana?: { sidecar?: { dashboards?: { label?: string; labelValue?: string } } };
}
const kpsOf = (values: Readonly<Record<string, Values>>) => values[KPS] as KpsPart | undefined;

/** Every enabled alert of the chart values: [path, alert name, alert]. */
function* enabledAlerts(chart: ChartValues) {
  for (const [object, rule] of Object.entries(chart.prometheusRules ?? {})) {
    if (!rule.enabled) continue;
    for (const [group, g] of Object.entries(rule.groups ?? {})) {
      for (const [name, alert] of Object.entries(g.alerts ?? {})) {
        if (alert.enabled)
          yield {
            path: ['prometheusRules', object, 'groups', group, 'alerts', name].reduce(joinPath, 'chart'),
            name,
            alert,
            object,
          };
      }
    }
  }
}

/** Cross-field rules of our chart's values; all are evaluated, every violation reported. */
export const chartRules: readonly ComponentRule[] = [
  {
    id: 'alert-severity-routed',
    description: 'every alert severity must have an Alertmanager route',
    check: (values, ctx) => {
      const chart = chartOf(values);
      if (!chart) return undefined;
      const config = kpsOf(values)?.alertmanager?.config ?? alertmanagerConfig(ctx);
      const routed = routedSeverities(config);
      const out: RuleViolation[] = [];
      for (const { path, alert } of enabledAlerts(chart)) {
        if (!routed.has(alert.severity))
          out.push({
            path: `${path}.severity`,
            expected: `a severity with a route in ${KPS}.alertmanager.config.route.routes (${[...routed].sort().join(', ') || 'none'})`,
            found: JSON.stringify(alert.severity),
            hint: 'add a route matching severity="<severity>" or give the alert a routed severity',
          });
      }
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'infrastructure-alerts-error-code',
    description: 'every infrastructure-alerts rule carries an error_code',
    check: (values) => {
      const chart = chartOf(values);
      if (!chart) return undefined;
      const out: RuleViolation[] = [];
      for (const { path, alert, object } of enabledAlerts(chart)) {
        if (object === 'infrastructure-alerts' && !alert.errorCode)
          out.push({
            path: `${path}.errorCode`,
            expected: 'an error code such as E0001',
            found: 'nothing',
          });
      }
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'receiver-secret-keys',
    description: `every *_file of the Alertmanager receivers is a key of the ${ALERTMANAGER_SECRET} ExternalSecret`,
    check: (values, ctx) => {
      const chart = chartOf(values);
      if (!chart) return undefined;
      const config = kpsOf(values)?.alertmanager?.config ?? alertmanagerConfig(ctx);
      const secret = chart.externalSecrets?.secrets?.[ALERTMANAGER_SECRET];
      const keys = new Set(secret?.enabled ? secret.data.map((d) => d.name) : []);
      const out: RuleViolation[] = [];
      for (const file of secretFilesOf(config)) {
        const prefix = `${ALERTMANAGER_SECRET_DIR}/`;
        if (!file.startsWith(prefix)) {
          out.push({
            path: `${KPS}.alertmanager.config`,
            expected: `receiver secrets read from ${prefix}<key> (the mounted Secret ${ALERTMANAGER_SECRET})`,
            found: JSON.stringify(file),
          });
        } else if (!keys.has(file.slice(prefix.length))) {
          out.push({
            path: `chart.externalSecrets.secrets.${ALERTMANAGER_SECRET}.data`,
            expected: `an enabled entry with name ${JSON.stringify(file.slice(prefix.length))} (read by Alertmanager from ${file})`,
            found: secret?.enabled ? `keys ${[...keys].join(', ')}` : 'the ExternalSecret is disabled',
          });
        }
      }
      return out.length > 0 ? out : undefined;
    },
  },
  {
    id: 'dashboard-label-matches-sidecar',
    description: "dashboard ConfigMaps carry the label Grafana's sidecar looks for",
    check: (values) => {
      const chart = chartOf(values);
      const sidecar = kpsOf(values)?.grafana?.sidecar?.dashboards;
      if (!chart || !sidecar?.label) return undefined;
      const { label, labelValue } = chart.dashboards;
      if (label === sidecar.label && (sidecar.labelValue === undefined || labelValue === sidecar.labelValue))
        return undefined;
      return [
        {
          path: 'chart.dashboards.label',
          expected: `${sidecar.label}=${sidecar.labelValue ?? '<any>'} (${KPS}.grafana.sidecar.dashboards)`,
          found: `${label}=${labelValue}`,
        },
      ];
    },
  },
  ...thanosRules,
];
