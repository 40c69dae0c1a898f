import {
  allRuleGroups,
  PromToolCheckError,
  promtoolCheckRules,
  promtoolTestRules,
  type RenderedObject,
  type RuleGroup,
  ruleGroupsFromObjects,
} from '@platform/chart-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLUSTERS, loadDefaultFleet, renderFleet } from './__fixtures__/chart-fleet.ts';
import { DASHBOARD_LABEL, DASHBOARD_LABEL_VALUE } from './constants.ts';

/**
 * The rendered rules, checked and unit-tested by the real promtool (Debian package `prometheus`):
 * every group of every cluster parses, and the key alerts fire on synthetic series exactly as
 * specified, with their labels and annotations, and stay silent otherwise.
 */

let rendered: Map<string, RenderedObject[]>;
beforeAll(async () => {
  const result = await renderFleet(await loadDefaultFleet());
  expect(result.findings).toEqual([]);
  rendered = result.objects;
}, 120_000);

const groupsOf = (cluster: string): RuleGroup[] =>
  allRuleGroups(ruleGroupsFromObjects(rendered.get(cluster)!));

describe('promtool check rules', () => {
  it.each(CLUSTERS)('accepts every rule group rendered for %s', async (cluster) => {
    const rules = ruleGroupsFromObjects(rendered.get(cluster)!);
    expect(rules.map((r) => r.object).sort()).toEqual(
      [
        'monitoring/argocd-alerts',
        'monitoring/cis-compliance-alerts',
        'monitoring/infrastructure-alerts',
        'monitoring/infrastructure-events',
        'monitoring/karpenter-alerts',
        'monitoring/supply-chain-alerts',
      ].sort(),
    );
    const count = allRuleGroups(rules).reduce((n, g) => n + g.rules.length, 0);
    const { output } = await promtoolCheckRules(allRuleGroups(rules));
    expect(output).toContain(`SUCCESS: ${count} rules found`);
  });

  it('checks the PromQL of every dashboard panel too (as recording rules)', async () => {
    const panels = (rendered.get('agentic-prod-usw2') ?? [])
      .map((o) => o.manifest as Record<string, any>)
      .filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.[DASHBOARD_LABEL] === DASHBOARD_LABEL_VALUE)
      .flatMap((cm) => JSON.parse(Object.values(cm.data as Record<string, string>)[0]!).panels);
    const exprs: string[] = panels.flatMap((p: Record<string, any>) =>
      p.targets.map((t: { expr: string }) => t.expr),
    );
    expect(exprs.length).toBeGreaterThanOrEqual(48);
    const group: RuleGroup = {
      name: 'dashboards',
      rules: exprs.map((expr, i) => ({ record: `dashboard:expr_${i}`, expr })),
    };
    await expect(promtoolCheckRules([group])).resolves.toMatchObject({
      output: expect.stringContaining('SUCCESS'),
    });
  });

  it("rejects a broken expression with promtool's own message", async () => {
    const broken: RuleGroup[] = [{ name: 'x', rules: [{ alert: 'Broken', expr: 'rate(up[5m]', for: '5m' }] }];
    await expect(promtoolCheckRules(broken)).rejects.toBeInstanceOf(PromToolCheckError);
  });
});

const ALERT_LABELS = { layer: 'l00' };
const RUNBOOK = 'https://runbooks.example.com';

describe('promtool test rules: the alerts fire on synthetic series and stay silent otherwise', () => {
  it.each([
    ['agentic-prod-usw2', 'high'],
    ['agentic-stg-usw2', 'medium'],
  ])(
    'ArgoCDApplicationOutOfSync fires on %s after an hour OutOfSync (severity %s), not for a synced app',
    async (cluster, severity) => {
      const info = (name: string, sync: string) =>
        `argocd_app_info{name="${name}",namespace="argocd",project="platform",dest_server="https://kubernetes.default.svc",sync_status="${sync}",health_status="Healthy"}`;
      const { output } = await promtoolTestRules({
        groups: groupsOf(cluster),
        tests: [
          {
            interval: '1m',
            input_series: [
              // drifted at minute 10 (a hand change): the Synced series ends, the OutOfSync one starts
              { series: info('cilium', 'Synced'), values: '1x9 _x80' },
              { series: info('cilium', 'OutOfSync'), values: '_x9 1x80' },
              { series: info('istio', 'Synced'), values: '1x90' },
            ],
            alert_rule_test: [
              // OutOfSync for 50 minutes: still pending
              { eval_time: '60m', alertname: 'ArgoCDApplicationOutOfSync', exp_alerts: [] },
              {
                eval_time: '75m',
                alertname: 'ArgoCDApplicationOutOfSync',
                exp_alerts: [
                  {
                    exp_labels: {
                      ...ALERT_LABELS,
                      severity,
                      name: 'cilium',
                      namespace: 'argocd',
                      project: 'platform',
                      dest_server: 'https://kubernetes.default.svc',
                    },
                    exp_annotations: {
                      summary: 'Argo CD Application cilium has been OutOfSync for an hour',
                      description:
                        'The live objects of cilium (project platform) differ from Git for an hour: a change made by hand, or a commit not synced yet. Sync the Application or revert the change in Git.',
                      runbook_url: `${RUNBOOK}/argocd-application-out-of-sync`,
                    },
                  },
                ],
              },
            ],
          },
        ],
      });
      expect(output).toContain('SUCCESS');
    },
  );

  it('ClusterNodeNotReady fires after 5 minutes of Ready=false, only for that node', async () => {
    const { output } = await promtoolTestRules({
      groups: groupsOf('agentic-prod-usw2'),
      tests: [
        {
          interval: '1m',
          input_series: [
            {
              series: 'kube_node_status_condition{condition="Ready",status="true",node="node-a"}',
              values: '1 1 0x20',
            },
            {
              series: 'kube_node_status_condition{condition="Ready",status="true",node="node-b"}',
              values: '1x22',
            },
          ],
          alert_rule_test: [
            // not ready since 2m: still pending at 6m
            { eval_time: '6m', alertname: 'ClusterNodeNotReady', exp_alerts: [] },
            {
              eval_time: '10m',
              alertname: 'ClusterNodeNotReady',
              exp_alerts: [
                {
                  exp_labels: {
                    ...ALERT_LABELS,
                    severity: 'critical',
                    error_code: 'E0001',
                    condition: 'Ready',
                    status: 'true',
                    node: 'node-a',
                  },
                  exp_annotations: {
                    summary: 'Node node-a is not Ready',
                    description: 'Node node-a has not reported Ready=True for 5 minutes.',
                    runbook_url: `${RUNBOOK}/E0001-node-not-ready`,
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(output).toContain('SUCCESS');
  });

  it('CertificateExpiringSoon fires for a certificate expiring within 7 days, not for one with 30 days left', async () => {
    const day = 86400;
    const { output } = await promtoolTestRules({
      groups: groupsOf('agentic-stg-usw2'),
      tests: [
        {
          interval: '1m',
          input_series: [
            {
              series:
                'certmanager_certificate_expiration_timestamp_seconds{name="api-tls",namespace="apps",issuer_name="letsencrypt-staging"}',
              values: `${3 * day}x150`,
            },
            {
              series:
                'certmanager_certificate_expiration_timestamp_seconds{name="web-tls",namespace="apps",issuer_name="letsencrypt-staging"}',
              values: `${30 * day}x150`,
            },
          ],
          alert_rule_test: [
            { eval_time: '30m', alertname: 'CertificateExpiringSoon', exp_alerts: [] },
            {
              eval_time: '2h',
              alertname: 'CertificateExpiringSoon',
              exp_alerts: [
                {
                  exp_labels: {
                    ...ALERT_LABELS,
                    severity: 'high',
                    error_code: 'E0401',
                    name: 'api-tls',
                    namespace: 'apps',
                    issuer_name: 'letsencrypt-staging',
                  },
                  exp_annotations: {
                    summary: 'Certificate apps/api-tls expires within 7 days',
                    description:
                      'Certificate apps/api-tls expires in less than 7 days and has not been renewed.',
                    runbook_url: `${RUNBOOK}/E0401-cert-expiring`,
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(output).toContain('SUCCESS');
  });

  it('KarpenterProvisioningFailed fires for a NodeClaim that stays Launched=False, not for launched ones', async () => {
    const claim = (name: string, status: string, reason: string) =>
      `operator_nodeclaim_status_condition_count{group="karpenter.sh",kind="NodeClaim",namespace="",name="${name}",type="Launched",status="${status}",reason="${reason}"}`;
    const { output } = await promtoolTestRules({
      groups: groupsOf('agentic-prod-usw2'),
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: claim('gpu-inference-x7k2p', 'False', 'InsufficientCapacityError'), values: '1x30' },
            { series: claim('general-a1b2c', 'True', 'Launched'), values: '1x30' },
            // a claim that failed briefly and then launched: never 10 minutes in a row
            { series: claim('general-d4e5f', 'False', 'LaunchFailed'), values: '1x5 0x25' },
          ],
          alert_rule_test: [
            { eval_time: '5m', alertname: 'KarpenterProvisioningFailed', exp_alerts: [] },
            {
              eval_time: '15m',
              alertname: 'KarpenterProvisioningFailed',
              exp_alerts: [
                {
                  exp_labels: {
                    ...ALERT_LABELS,
                    severity: 'high',
                    error_code: 'E0002',
                    name: 'gpu-inference-x7k2p',
                    reason: 'InsufficientCapacityError',
                  },
                  exp_annotations: {
                    summary: 'Karpenter cannot launch NodeClaim gpu-inference-x7k2p',
                    description:
                      'NodeClaim gpu-inference-x7k2p has been Launched=False (InsufficientCapacityError) for 10 minutes; check NodePool limits, instance types and EC2 capacity.',
                    runbook_url: `${RUNBOOK}/E0002-node-provision-failed`,
                  },
                },
              ],
            },
          ],
        },
      ],
    });
    expect(output).toContain('SUCCESS');
  });

  it('KarpenterNodePoolExhausted fires when a NodePool passes 90% of a limit; the recording rules count nodes', async () => {
    const { output } = await promtoolTestRules({
      groups: groupsOf('agentic-prod-usw2'),
      tests: [
        {
          interval: '1m',
          input_series: [
            { series: 'karpenter_nodepools_usage{nodepool="general",resource_type="cpu"}', values: '950x30' },
            {
              series: 'karpenter_nodepools_limit{nodepool="general",resource_type="cpu"}',
              values: '1000x30',
            },
            {
              series: 'karpenter_nodepools_usage{nodepool="general",resource_type="memory"}',
              values: '100x30',
            },
            {
              series: 'karpenter_nodepools_limit{nodepool="general",resource_type="memory"}',
              values: '2000x30',
            },
            { series: 'kube_node_created_timestamp_seconds{node="node-a"}', values: '1x30' },
            { series: 'kube_node_created_timestamp_seconds{node="node-b"}', values: '1x30' },
          ],
          alert_rule_test: [
            {
              eval_time: '20m',
              alertname: 'KarpenterNodePoolExhausted',
              exp_alerts: [
                {
                  exp_labels: {
                    ...ALERT_LABELS,
                    severity: 'high',
                    error_code: 'E0301',
                    nodepool: 'general',
                    resource_type: 'cpu',
                  },
                  exp_annotations: {
                    summary: 'NodePool general is near its cpu limit',
                    description:
                      'NodePool general uses 95% of its cpu limit; pending pods will not get nodes.',
                    runbook_url: `${RUNBOOK}/E0301-nodepool-exhausted`,
                  },
                },
              ],
            },
          ],
          promql_expr_test: [
            {
              expr: 'infra_nodes_provisioned_total',
              eval_time: '5m',
              exp_samples: [
                { labels: 'infra_nodes_provisioned_total{node="node-a"}', value: 1 },
                { labels: 'infra_nodes_provisioned_total{node="node-b"}', value: 1 },
              ],
            },
          ],
        },
      ],
    });
    expect(output).toContain('SUCCESS');
  });

  it('fails (and says why) when an expectation is wrong: the tests can catch a broken rule', async () => {
    const err = await promtoolTestRules({
      groups: groupsOf('agentic-prod-usw2'),
      tests: [
        {
          interval: '1m',
          input_series: [
            {
              series: 'kube_node_status_condition{condition="Ready",status="true",node="node-a"}',
              values: '1x20',
            },
          ],
          alert_rule_test: [
            {
              eval_time: '10m',
              alertname: 'ClusterNodeNotReady',
              exp_alerts: [{ exp_labels: { node: 'node-a' } }],
            },
          ],
        },
      ],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromToolCheckError);
    expect((err as PromToolCheckError).output).toMatch(/alertname: ClusterNodeNotReady/);
  });
});
