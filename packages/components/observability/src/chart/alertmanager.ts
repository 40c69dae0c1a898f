import type { ClusterContext } from '@platform/core';
import { ALERTMANAGER_SECRET_DIR } from '../constants.ts';
import type { Severity } from './schema.ts';

/**
 * The Alertmanager configuration (alertmanager.yml), routing by severity
 * (docs/decisions.md#severities):
 * group by alertname, layer and namespace; 30s / 5m / 4h; default `slack-default`; critical pages
 * PagerDuty and continues to `slack-critical` (runbook link in the text); high pages PagerDuty
 * with PagerDuty severity `warning` and continues to `slack-alerts`; medium and low go to
 * `slack-alerts`. kube-prometheus-stack's own rules use `warning` and `info`: `warning` goes to
 * `slack-alerts` like medium (docs/decisions.md#severities), `info` and the Watchdog/InfoInhibitor helpers to `null`.
 *
 * Secrets are only file references into the Secret ALERTMANAGER_SECRET (written by our chart's
 * ExternalSecret, mounted by the Prometheus Operator through `alertmanagerSpec.secrets`):
 * `api_url_file` (Slack, Alertmanager >= 0.22) and `routing_key_file` (PagerDuty Events API v2,
 * Alertmanager >= 0.25; the Prometheus Operator's config type accepts both fields).
 * @see https://prometheus.io/docs/alerting/latest/configuration/
 */

/** Keys of the Secret ALERTMANAGER_SECRET (and of its ExternalSecret). */
export const RECEIVER_SECRET_KEYS = {
  slackWebhook: 'slack-webhook-url',
  pagerdutyCritical: 'pagerduty-critical-routing-key',
  pagerdutyHigh: 'pagerduty-high-routing-key',
} as const;

/** Slack channels alerts go to. */
export const SLACK_CHANNELS = {
  default: '#alerts-infrastructure',
  critical: '#alerts-critical',
  alerts: '#alerts-infrastructure',
} as const;

/** Receivers of every severity, in routing order (what `amtool config routes test` returns). */
export const SEVERITY_RECEIVERS: Readonly<Record<Severity, readonly string[]>> = {
  critical: ['pagerduty-critical', 'slack-critical'],
  high: ['pagerduty-high', 'slack-alerts'],
  medium: ['slack-alerts'],
  low: ['slack-alerts'],
};

const secretFile = (key: string) => `${ALERTMANAGER_SECRET_DIR}/${key}`;

const TITLE =
  '[{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ .CommonLabels.alertname }} ({{ .CommonLabels.cluster }})';
const TEXT = [
  '{{ range .Alerts }}*{{ .Annotations.summary }}*',
  '{{ .Annotations.description }}',
  '{{ if .Labels.error_code }}Error code: `{{ .Labels.error_code }}`{{ end }}',
  '{{ if .Annotations.runbook_url }}Runbook: <{{ .Annotations.runbook_url }}|{{ .Annotations.runbook_url }}>{{ end }}',
  '{{ end }}',
].join('\n');

function slack(channel: string, extra: Record<string, unknown> = {}) {
  return {
    api_url_file: secretFile(RECEIVER_SECRET_KEYS.slackWebhook),
    channel,
    send_resolved: true,
    title: TITLE,
    text: TEXT,
    ...extra,
  };
}

function pagerduty(key: string, pdSeverity: 'critical' | 'warning') {
  return {
    routing_key_file: secretFile(key),
    severity: pdSeverity,
    send_resolved: true,
    description:
      '{{ .CommonLabels.alertname }} on {{ .CommonLabels.cluster }}: {{ .CommonAnnotations.summary }}',
    details: {
      cluster: '{{ .CommonLabels.cluster }}',
      environment: '{{ .CommonLabels.environment }}',
      error_code: '{{ .CommonLabels.error_code }}',
      runbook_url: '{{ .CommonAnnotations.runbook_url }}',
      firing: '{{ .Alerts.Firing | len }}',
    },
  };
}

const route = (receiver: string, matcher: string, cont = false) => ({
  receiver,
  matchers: [matcher],
  ...(cont ? { continue: true } : {}),
});

/** The Alertmanager configuration (alertmanager.yml as an object) for a cluster. */
export function alertmanagerConfig(_ctx: ClusterContext): Record<string, unknown> {
  return {
    global: { resolve_timeout: '5m' },
    route: {
      receiver: 'slack-default',
      group_by: ['alertname', 'layer', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        // kube-prometheus-stack: the always-firing Watchdog and the InfoInhibitor helper are not news
        route('null', 'alertname=~"Watchdog|InfoInhibitor"'),
        route('pagerduty-critical', 'severity="critical"', true),
        route('slack-critical', 'severity="critical"'),
        route('pagerduty-high', 'severity="high"', true),
        route('slack-alerts', 'severity="high"'),
        // The upstream rules' `warning` is routed like medium
        route('slack-alerts', 'severity=~"medium|low|warning"'),
        route('null', 'severity="info"'),
      ],
    },
    inhibit_rules: [
      // a critical alert silences lower severities of the same alert in the same namespace
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity=~"high|medium|low|warning|info"'],
        equal: ['namespace', 'alertname'],
      },
      {
        source_matchers: ['severity="high"'],
        target_matchers: ['severity=~"medium|low|warning|info"'],
        equal: ['namespace', 'alertname'],
      },
      // kube-prometheus-stack's InfoInhibitor convention
      {
        source_matchers: ['alertname="InfoInhibitor"'],
        target_matchers: ['severity="info"'],
        equal: ['namespace'],
      },
      { target_matchers: ['alertname="InfoInhibitor"'] },
    ],
    receivers: [
      { name: 'null' },
      { name: 'slack-default', slack_configs: [slack(SLACK_CHANNELS.default)] },
      {
        name: 'pagerduty-critical',
        pagerduty_configs: [pagerduty(RECEIVER_SECRET_KEYS.pagerdutyCritical, 'critical')],
      },
      {
        name: 'slack-critical',
        slack_configs: [slack(SLACK_CHANNELS.critical, { color: 'danger', link_names: true })],
      },
      {
        name: 'pagerduty-high',
        pagerduty_configs: [pagerduty(RECEIVER_SECRET_KEYS.pagerdutyHigh, 'warning')],
      },
      { name: 'slack-alerts', slack_configs: [slack(SLACK_CHANNELS.alerts)] },
    ],
    templates: [],
  };
}

/** Severities that a child route of the root matches explicitly (`severity="x"` or `severity=~"a|b"`). */
export function routedSeverities(config: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const routes = ((config.route as { routes?: unknown[] } | undefined)?.routes ?? []) as {
    receiver?: string;
    matchers?: string[];
    match?: Record<string, string>;
    match_re?: Record<string, string>;
  }[];
  for (const r of routes) {
    if (!r.receiver || r.receiver === 'null') continue;
    for (const m of r.matchers ?? []) {
      const eq = /^\s*severity\s*=\s*"?([^"~!]+?)"?\s*$/.exec(m);
      if (eq?.[1]) out.add(eq[1]);
      const re = /^\s*severity\s*=~\s*"?([^"]+?)"?\s*$/.exec(m);
      if (re?.[1]) for (const s of re[1].split('|')) out.add(s.trim());
    }
    if (r.match?.severity) out.add(r.match.severity);
    if (r.match_re?.severity) for (const s of r.match_re.severity.split('|')) out.add(s.trim());
  }
  return out;
}

/** Every `*_file` path the configuration reads (receivers' secrets). */
export function secretFilesOf(config: unknown): string[] {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object')
      for (const [k, x] of Object.entries(v)) {
        if (k.endsWith('_file') && typeof x === 'string') out.push(x);
        else walk(x);
      }
  };
  walk(config);
  return out;
}
