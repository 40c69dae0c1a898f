import type { Subscription } from './schema.ts';

/**
 * Argo CD notifications: the deployed, sync-failed and health-degraded triggers, an "out of sync for
 * more than an hour" trigger, Slack templates coloured green, red and amber by outcome
 * and PagerDuty (Events API v2) for failed syncs in production. Conditions are expr-lang
 * expressions evaluated on every change of an Application; templates are Go templates with Sprig.
 * The Applications the generator emits are multi-source, so revisions are read from
 * `revisions` (and `revision` for the single-source root Application).
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/triggers/
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/functions/
 */

/** Slack attachment colours: green deployed, red sync failed, amber degraded. */
export const COLORS = { deployed: '#18be52', syncFailed: '#E96D76', degraded: '#f4c030' } as const;

/** The trigger conditions, kept verbatim so the trigger semantics stay the documented ones. */
export const CATALOG_CONDITIONS = {
  deployed: "app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'",
  healthDegraded: "app.status.health.status == 'Degraded'",
  syncFailed: "app.status.operationState.phase in ['Error', 'Failed']",
} as const;

/**
 * Out of sync for more than an hour. Triggers are stateless expressions, and the Application
 * status records no time at which it went out of sync, so the condition bounds it from below:
 * OutOfSync, no sync requested or running (an automated sync sets `operation` first), and the
 * last sync finished (or, never synced, the Application was created) over an hour ago. It is
 * re-evaluated at every reconciliation, so it fires once the hour has passed, once per episode
 * (no oncePer: the state resets when the application syncs). An app that had been in sync for
 * more than an hour and drifts is reported at once: the notification then means "out of sync
 * and not synced for an hour", which is what the #alerts routing asks a human to act on.
 */
export const OUT_OF_SYNC_FOR_AN_HOUR = [
  "app.status.sync.status == 'OutOfSync'",
  'app.operation == nil',
  "app.status.operationState?.phase != 'Running'",
  'time.Now().Sub(time.Parse(app.status.operationState?.finishedAt ?? app.metadata.creationTimestamp)).Hours() >= 1',
].join(' and ');

interface Trigger {
  description: string;
  when: string;
  send: string[];
  oncePer?: string;
}

/** A trigger as the ConfigMap value: a YAML list of conditions, expressions double-quoted. */
function trigger(t: Trigger): string {
  return [
    `- description: ${JSON.stringify(t.description)}`,
    `  when: ${JSON.stringify(t.when)}`,
    ...(t.oncePer ? [`  oncePer: ${JSON.stringify(t.oncePer)}`] : []),
    `  send: [${t.send.join(', ')}]`,
    '',
  ].join('\n');
}

export const triggers: Record<string, string> = {
  'trigger.on-deployed': trigger({
    description: 'Application is synced and healthy; once per set of synced revisions',
    when: `app.status.operationState != nil and ${CATALOG_CONDITIONS.deployed}`,
    oncePer:
      'app.status.operationState.syncResult?.revisions ?? app.status.operationState.syncResult?.revision',
    send: ['app-deployed'],
  }),
  'trigger.on-health-degraded': trigger({
    description: 'Application has degraded',
    when: CATALOG_CONDITIONS.healthDegraded,
    send: ['app-health-degraded'],
  }),
  'trigger.on-sync-failed': trigger({
    description: 'Application sync failed; once per sync operation, retries included',
    when: `app.status.operationState != nil and ${CATALOG_CONDITIONS.syncFailed}`,
    oncePer: 'app.status.operationState.startedAt',
    send: ['app-sync-failed'],
  }),
  'trigger.on-out-of-sync-1h': trigger({
    description: 'Application has been out of sync, with no sync attempted, for more than an hour',
    when: OUT_OF_SYNC_FOR_AN_HOUR,
    send: ['app-out-of-sync'],
  }),
};

/** The 7-character revision(s) of the compared sources, for single- and multi-source apps. */
const REVISION =
  '{{ with .app.status.sync.revision }}{{ trunc 7 . }}{{ else }}{{ range $i, $r := .app.status.sync.revisions }}{{ if $i }}, {{ end }}{{ trunc 7 $r }}{{ end }}{{ end }}';
/** The operation message, at most 100 characters, as a JSON string (it may hold quotes). */
const ERROR =
  '{{ with .app.status.operationState }}{{ with .message }}{{ toJson (trunc 100 .) }}{{ else }}""{{ end }}{{ else }}""{{ end }}';
const WHERE = '[{{ .context.environment }}/{{ .context.cluster }}]';
const LINK = '{{ .context.argocdUrl }}/applications/{{ .app.metadata.name }}';

function slackTemplate(message: string, color: string, withError = false): string[] {
  const fields = [
    '{"title": "Application", "value": "{{ .app.metadata.name }}", "short": true}',
    '{"title": "Namespace", "value": "{{ .app.spec.destination.namespace }}", "short": true}',
    `{"title": "Revision", "value": "${REVISION}", "short": true}`,
    ...(withError ? [`{"title": "Error", "value": ${ERROR}, "short": false}`] : []),
  ];
  return [
    `message: ${JSON.stringify(`${WHERE} ${message}`)}`,
    'slack:',
    '  attachments: |',
    `    [{"title": "{{ .app.metadata.name }}", "title_link": "${LINK}", "color": "${color}",`,
    `      "fields": [${fields.join(',\n        ')}]}]`,
  ];
}

function pagerDuty(summary: string, severity: 'critical' | 'warning'): string[] {
  return [
    'pagerdutyv2:',
    `  summary: ${JSON.stringify(`${WHERE} ${summary}`)}`,
    `  severity: ${severity}`,
    '  source: "{{ .context.cluster }}"',
    '  component: "{{ .app.metadata.name }}"',
    '  group: "{{ .context.environment }}"',
    '  class: argocd-application',
    `  url: "${LINK}"`,
  ];
}

const doc = (lines: string[]) => `${lines.join('\n')}\n`;

export const templates: Record<string, string> = {
  'template.app-deployed': doc(
    slackTemplate('Application {{ .app.metadata.name }} is now running a new version.', COLORS.deployed),
  ),
  'template.app-health-degraded': doc([
    ...slackTemplate('Application {{ .app.metadata.name }} has degraded.', COLORS.degraded),
    ...pagerDuty('Argo CD application {{ .app.metadata.name }} has degraded', 'warning'),
  ]),
  'template.app-sync-failed': doc([
    ...slackTemplate('The sync of application {{ .app.metadata.name }} has failed.', COLORS.syncFailed, true),
    ...pagerDuty('Argo CD sync of {{ .app.metadata.name }} failed', 'critical'),
  ]),
  'template.app-out-of-sync': doc(
    slackTemplate(
      'Application {{ .app.metadata.name }} has been out of sync for more than an hour.',
      COLORS.degraded,
    ),
  ),
};

/** Slack (token) always; PagerDuty Events v2 only where it pages (production). */
export function notifiers(pagerDuty: boolean): Record<string, string> {
  return {
    'service.slack': 'token: $slack-token\n',
    ...(pagerDuty ? { 'service.pagerdutyv2': 'serviceKeys:\n  default: $pagerduty-key\n' } : {}),
  };
}

/**
 * Routing: successful syncs to #deployments; failures,
 * degradation and the out-of-sync hour to #alerts; failed syncs page PagerDuty in production.
 */
export function subscriptions(pagerDuty: boolean): Subscription[] {
  return [
    { recipients: ['slack:deployments'], triggers: ['on-deployed'] },
    { recipients: ['slack:alerts'], triggers: ['on-sync-failed', 'on-health-degraded', 'on-out-of-sync-1h'] },
    ...(pagerDuty ? [{ recipients: ['pagerdutyv2:default'], triggers: ['on-sync-failed'] }] : []),
  ];
}

/** The `$key` references of the notifiers: keys argocd-notifications-secret must hold. */
export function referencedSecretKeys(notifierConfigs: Record<string, string>): string[] {
  const keys = new Set<string>();
  for (const text of Object.values(notifierConfigs))
    for (const m of text.matchAll(/\$([-._a-zA-Z0-9]+)/g)) if (m[1]) keys.add(m[1]);
  return [...keys].sort();
}
