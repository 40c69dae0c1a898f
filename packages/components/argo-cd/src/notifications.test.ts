import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  CATALOG_CONDITIONS,
  notifiers,
  OUT_OF_SYNC_FOR_AN_HOUR,
  referencedSecretKeys,
  sentTemplates,
  subscriptions,
  templates,
  triggers,
} from './index.ts';

type Condition = { when: string; oncePer?: string; send: string[]; description: string };
const trigger = (name: string) => parse(triggers[`trigger.${name}`]!) as Condition[];

describe('argo-cd notification triggers', () => {
  it('keeps the trigger conditions verbatim, guarded against a missing operation state', () => {
    expect(trigger('on-deployed')[0]!.when).toBe(
      `app.status.operationState != nil and ${CATALOG_CONDITIONS.deployed}`,
    );
    expect(trigger('on-health-degraded')[0]!.when).toBe("app.status.health.status == 'Degraded'");
    expect(trigger('on-sync-failed')[0]!.when).toBe(
      "app.status.operationState != nil and app.status.operationState.phase in ['Error', 'Failed']",
    );
    expect(CATALOG_CONDITIONS.deployed).toBe(
      "app.status.operationState.phase in ['Succeeded'] and app.status.health.status == 'Healthy'",
    );
  });

  it('deduplicates by synced revisions (multi-source too) and by sync operation', () => {
    expect(trigger('on-deployed')[0]!.oncePer).toContain('syncResult?.revisions');
    expect(trigger('on-sync-failed')[0]!.oncePer).toBe('app.status.operationState.startedAt');
    expect(trigger('on-health-degraded')[0]!.oncePer).toBeUndefined();
  });

  it('adds on-out-of-sync-1h: OutOfSync, no sync requested or running, last sync (or creation) over an hour ago', () => {
    const c = trigger('on-out-of-sync-1h')[0]!;
    expect(c.when).toBe(OUT_OF_SYNC_FOR_AN_HOUR);
    expect(c.when).toContain("app.status.sync.status == 'OutOfSync'");
    expect(c.when).toContain('app.operation == nil');
    expect(c.when).toContain(
      'time.Now().Sub(time.Parse(app.status.operationState?.finishedAt ?? app.metadata.creationTimestamp)).Hours() >= 1',
    );
    expect(c.oncePer).toBeUndefined();
    expect(c.send).toEqual(['app-out-of-sync']);
  });

  it('colours Slack messages by outcome, the error truncated to 100 characters and the revision to 7', () => {
    const slack = (t: string) =>
      (parse(templates[`template.${t}`]!) as { slack: { attachments: string } }).slack.attachments;
    expect(slack('app-deployed')).toContain('"color": "#18be52"');
    expect(slack('app-sync-failed')).toContain('"color": "#E96D76"');
    expect(slack('app-health-degraded')).toContain('"color": "#f4c030"');
    expect(slack('app-out-of-sync')).toContain('"color": "#f4c030"');
    expect(slack('app-sync-failed')).toContain('toJson (trunc 100 .)');
    expect(slack('app-deployed')).toContain('trunc 7');
    expect(
      (parse(templates['template.app-sync-failed']!) as { pagerdutyv2: { severity: string } }).pagerdutyv2
        .severity,
    ).toBe('critical');
  });

  it('routes deployments to #deployments, problems to #alerts, failed syncs page in production', () => {
    expect(subscriptions(false)).toEqual([
      { recipients: ['slack:deployments'], triggers: ['on-deployed'] },
      {
        recipients: ['slack:alerts'],
        triggers: ['on-sync-failed', 'on-health-degraded', 'on-out-of-sync-1h'],
      },
    ]);
    expect(subscriptions(true)).toHaveLength(3);
  });

  it('references secrets only as $keys of argocd-notifications-secret', () => {
    expect(referencedSecretKeys(notifiers(true))).toEqual(['pagerduty-key', 'slack-token']);
    expect(referencedSecretKeys(notifiers(false))).toEqual(['slack-token']);
    expect(JSON.stringify({ triggers, templates, n: notifiers(true) })).not.toMatch(
      /xox[abprs]-|AKIA|-----BEGIN/,
    );
  });

  it('reads the templates a trigger sends', () => {
    expect(sentTemplates(triggers['trigger.on-sync-failed']!)).toEqual(['app-sync-failed']);
    expect(sentTemplates('- when: x\n  send: [a, b]\n- when: y\n  send: [c]\n')).toEqual(['a', 'b', 'c']);
  });
});
