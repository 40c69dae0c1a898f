import { amtoolCheckConfig, amtoolRoutes } from '@platform/chart-harness';
import type { Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  CLUSTERS,
  type ComputedObservability,
  compute,
  loadDefaultFleet,
} from './__fixtures__/chart-fleet.ts';
import { ALERTMANAGER_SECRET, ALERTMANAGER_SECRET_DIR } from './constants.ts';
import { alertmanagerConfig, RECEIVER_SECRET_KEYS, SEVERITY_RECEIVERS, secretFilesOf } from './index.ts';

/** The Alertmanager configuration of every cluster, checked and routed by the real amtool. */

let fleet: Fleet;
let byCluster: Map<string, ComputedObservability>;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
  const result = compute(fleet);
  expect(result.issues).toEqual([]);
  byCluster = result.byCluster;
});

/** The configuration kube-prometheus-stack gets on a cluster (what the upstream part sets), or ours. */
function configOf(cluster: string): Record<string, unknown> {
  const c = byCluster.get(cluster)!;
  const kps = c.targets['kube-prometheus-stack'] as
    | { alertmanager?: { config?: Record<string, unknown> } }
    | undefined;
  return kps?.alertmanager?.config ?? alertmanagerConfig(c.context);
}

describe('Alertmanager configuration', () => {
  it.each(CLUSTERS)('passes amtool check-config on %s', async (cluster) => {
    const config = configOf(cluster);
    expect(config).toEqual(alertmanagerConfig(byCluster.get(cluster)!.context));
    const { output } = await amtoolCheckConfig(config);
    expect(output).toContain('SUCCESS');
    expect(output).toMatch(/6 receivers/);
  });

  it('groups by alertname, layer and namespace with 30s / 5m / 4h, default slack-default', () => {
    expect(configOf('agentic-prod-usw2').route).toMatchObject({
      receiver: 'slack-default',
      group_by: ['alertname', 'layer', 'namespace'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
    });
  });

  it.each([
    [{ severity: 'critical', alertname: 'ClusterNodeNotReady' }, ['pagerduty-critical', 'slack-critical']],
    [{ severity: 'high', alertname: 'SecretSyncFailed' }, ['pagerduty-high', 'slack-alerts']],
    [{ severity: 'medium', alertname: 'NodeMemoryPressure' }, ['slack-alerts']],
    [{ severity: 'low', alertname: 'GPUUtilizationLow' }, ['slack-alerts']],
    // kube-prometheus-stack's own rules (docs/decisions.md#severities): warning like medium, info and the Watchdog silenced
    [{ severity: 'warning', alertname: 'KubePodCrashLooping' }, ['slack-alerts']],
    [{ severity: 'info', alertname: 'KubeQuotaAlmostFull' }, ['null']],
    [{ severity: 'none', alertname: 'Watchdog' }, ['null']],
    [{ alertname: 'Unlabelled' }, ['slack-default']],
  ] as const)('routes %j to %j (amtool config routes test)', async (labels, receivers) => {
    expect(await amtoolRoutes(configOf('agentic-prod-usw2'), labels)).toEqual(receivers);
  });

  it('routes every severity of the taxonomy as SEVERITY_RECEIVERS says', async () => {
    for (const [severity, receivers] of Object.entries(SEVERITY_RECEIVERS))
      expect(await amtoolRoutes(configOf('agentic-stg-usw2'), { severity, alertname: 'X' })).toEqual(
        receivers,
      );
  });

  it('reads every secret from files of the mounted Secret, never a literal key or URL', () => {
    const config = configOf('agentic-prod-usw2');
    const text = stringify(config);
    expect(text).not.toMatch(/\b(api_url|slack_api_url|service_key|routing_key):/);
    expect(text).not.toMatch(/hooks\.slack\.com/);
    expect(secretFilesOf(config).sort()).toEqual(
      [
        `${ALERTMANAGER_SECRET_DIR}/${RECEIVER_SECRET_KEYS.pagerdutyCritical}`,
        `${ALERTMANAGER_SECRET_DIR}/${RECEIVER_SECRET_KEYS.pagerdutyHigh}`,
        ...Array(3).fill(`${ALERTMANAGER_SECRET_DIR}/${RECEIVER_SECRET_KEYS.slackWebhook}`),
      ].sort(),
    );
    expect(ALERTMANAGER_SECRET_DIR).toBe(`/etc/alertmanager/secrets/${ALERTMANAGER_SECRET}`);
  });

  it('puts the runbook link in the critical Slack text, and PagerDuty severity warning on high', () => {
    const receivers = configOf('agentic-prod-usw2').receivers as Record<string, any>[];
    const byName = Object.fromEntries(receivers.map((r) => [r.name, r]));
    expect(byName['slack-critical'].slack_configs[0]).toMatchObject({ channel: '#alerts-critical' });
    expect(byName['slack-critical'].slack_configs[0].text).toContain('.Annotations.runbook_url');
    expect(byName['slack-alerts'].slack_configs[0].channel).toBe('#alerts-infrastructure');
    expect(byName['pagerduty-high'].pagerduty_configs[0].severity).toBe('warning');
    expect(byName['pagerduty-critical'].pagerduty_configs[0].severity).toBe('critical');
    expect(byName.null).toEqual({ name: 'null' });
  });
});
