/**
 * Notification triggers, templates and subscriptions of catalog 3.5, plus the missing
 * "out of sync for more than an hour" trigger (catalog 3.5 routing table, gap 4).
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/notifications/triggers/
 */

function slackTemplate(title: string, color: string, extra = ''): string {
  const fields = [
    '{"title": "Application", "value": "{{.app.metadata.name}}", "short": true}',
    '{"title": "Namespace", "value": "{{.app.spec.destination.namespace}}", "short": true}',
    '{"title": "Revision", "value": "{{ if .app.status.sync.revision }}{{ trunc 7 .app.status.sync.revision }}{{ end }}", "short": true}',
    ...(extra ? [extra] : []),
  ];
  return [
    `message: "${title}"`,
    'slack:',
    '  attachments: |',
    `    [{"title": "{{.app.metadata.name}}", "color": "${color}", "fields": [${fields.join(', ')}]}]`,
    '',
  ].join('\n');
}

const ERROR_FIELD =
  '{"title": "Error", "value": "{{ if .app.status.operationState }}{{ trunc 100 .app.status.operationState.message }}{{ end }}", "short": false}';

export const notifiers = {
  'service.slack': 'token: $slack-token\nsigningSecret: ""\n',
  'service.pagerdutyv2': 'serviceKeys:\n  default: $pagerduty-key\n',
};

export const triggers = {
  'trigger.on-deployed':
    "- when: app.status.operationState != nil and app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'\n  oncePer: app.status.sync.revision\n  send: [app-deployed]\n",
  'trigger.on-health-degraded':
    "- when: app.status.health.status == 'Degraded'\n  send: [app-health-degraded]\n",
  'trigger.on-sync-failed':
    "- when: app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']\n  send: [app-sync-failed]\n",
  // Out of sync for more than an hour: the last sync finished over an hour ago and the app is
  // still OutOfSync (once per revision, so it does not repeat every reconciliation).
  'trigger.on-out-of-sync-1h':
    "- when: app.status.sync.status == 'OutOfSync' and app.status.operationState != nil and app.status.operationState.finishedAt != nil and time.Now().Sub(time.Parse(app.status.operationState.finishedAt)).Hours() >= 1\n  oncePer: app.status.sync.revision\n  send: [app-out-of-sync]\n",
};

export const templates = {
  'template.app-deployed': slackTemplate(
    'Application {{.app.metadata.name}} is now running a new version.',
    '#18be52',
  ),
  'template.app-health-degraded': slackTemplate(
    'Application {{.app.metadata.name}} has degraded.',
    '#f4c030',
  ),
  'template.app-sync-failed': `${slackTemplate('The sync of application {{.app.metadata.name}} has failed.', '#E96D76', ERROR_FIELD)}pagerdutyv2:\n  summary: "Argo CD sync failed: {{.app.metadata.name}}"\n  severity: critical\n  source: argocd\n`,
  'template.app-out-of-sync': slackTemplate(
    'Application {{.app.metadata.name}} has been out of sync for more than an hour.',
    '#f4c030',
  ),
};

export const subscriptions = [
  {
    recipients: ['slack:alerts-deployments'],
    triggers: ['on-deployed', 'on-health-degraded', 'on-sync-failed'],
  },
  { recipients: ['pagerdutyv2:default'], triggers: ['on-sync-failed', 'on-health-degraded'] },
  { recipients: ['slack:alerts'], triggers: ['on-out-of-sync-1h'] },
];
