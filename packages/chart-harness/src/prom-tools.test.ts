import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  amtoolCheckConfig,
  amtoolRoutes,
  locatePromTool,
  PromToolCheckError,
  PromToolNotFoundError,
  promtoolCheckRules,
  promtoolTestRules,
  type RuleGroup,
  ruleGroupsFromObjects,
} from './prom-tools.ts';

let base: string;
beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'prom-tools-lookup-'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function fakeTool(dir: string, name: string): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, 0o755);
  return path;
}

const GROUPS: RuleGroup[] = [
  {
    name: 'example',
    rules: [
      { record: 'job:up:sum', expr: 'sum by (job) (up)' },
      {
        alert: 'TargetDown',
        expr: 'up == 0',
        for: '5m',
        labels: { severity: 'high' },
        annotations: { summary: '{{ $labels.job }} is down' },
      },
    ],
  },
];

describe('locatePromTool', () => {
  it('finds the tool on PATH and prefers $PROMTOOL_BIN', () => {
    const onPath = fakeTool(join(base, 'path'), 'promtool');
    expect(locatePromTool('promtool', { env: { PATH: join(base, 'path') } })).toBe(onPath);
    const explicit = fakeTool(join(base, 'explicit'), 'promtool');
    expect(locatePromTool('promtool', { env: { PATH: join(base, 'path'), PROMTOOL_BIN: explicit } })).toBe(
      explicit,
    );
  });

  it('names the Debian package when the tool is missing', () => {
    const lookup = () => locatePromTool('amtool', { env: { PATH: join(base, 'nowhere') } });
    expect(lookup).toThrow(PromToolNotFoundError);
    expect(lookup).toThrow(/Debian package `prometheus-alertmanager`/);
    expect(() => locatePromTool('promtool', { env: { PATH: '' } })).toThrow(/Debian package `prometheus`/);
  });

  it('does not fall back when an explicit $AMTOOL_BIN is not executable', () => {
    fakeTool(join(base, 'path2'), 'amtool');
    expect(() =>
      locatePromTool('amtool', { env: { PATH: join(base, 'path2'), AMTOOL_BIN: join(base, 'missing') } }),
    ).toThrow(/missing/);
  });
});

describe('ruleGroupsFromObjects', () => {
  it('collects spec.groups of every PrometheusRule, named by object, and ignores other kinds', () => {
    const objects = [
      {
        source: 'x/templates/a.yaml',
        manifest: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      },
      {
        source: 'x/templates/r.yaml',
        manifest: {
          apiVersion: 'monitoring.coreos.com/v1',
          kind: 'PrometheusRule',
          metadata: { name: 'r', namespace: 'monitoring' },
          spec: { groups: GROUPS },
        },
      },
      {
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'bare' },
        spec: {},
      },
    ];
    expect(ruleGroupsFromObjects(objects)).toEqual([
      { object: 'monitoring/r', groups: GROUPS },
      { object: 'bare', groups: [] },
    ]);
  });
});

describe('promtool', () => {
  it('check rules accepts valid groups and rejects a bad expression with promtool output', async () => {
    await expect(promtoolCheckRules(GROUPS)).resolves.toMatchObject({
      output: expect.stringMatching(/SUCCESS: 2 rules found/),
    });
    const bad: RuleGroup[] = [{ name: 'bad', rules: [{ alert: 'Broken', expr: 'sum(up' }] }];
    const err = await promtoolCheckRules(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromToolCheckError);
    expect((err as PromToolCheckError).output).toMatch(/unclosed left parenthesis|parse error/);
  });

  it('test rules runs unit tests: passing tests resolve, a wrong expectation rejects naming the alert', async () => {
    const tests = [
      {
        interval: '1m',
        input_series: [{ series: 'up{job="api"}', values: '0x10' }],
        alert_rule_test: [
          { eval_time: '3m', alertname: 'TargetDown', exp_alerts: [] },
          {
            eval_time: '6m',
            alertname: 'TargetDown',
            exp_alerts: [
              {
                exp_labels: { severity: 'high', job: 'api' },
                exp_annotations: { summary: 'api is down' },
              },
            ],
          },
        ],
        promql_expr_test: [
          {
            expr: 'job:up:sum',
            eval_time: '1m',
            exp_samples: [{ labels: 'job:up:sum{job="api"}', value: 0 }],
          },
        ],
      },
    ];
    await expect(promtoolTestRules({ groups: GROUPS, tests })).resolves.toMatchObject({
      output: expect.stringMatching(/SUCCESS/),
    });
    const wrong = [
      {
        ...tests[0]!,
        alert_rule_test: [
          {
            eval_time: '3m',
            alertname: 'TargetDown',
            exp_alerts: [{ exp_labels: { severity: 'high', job: 'api' } }],
          },
        ],
      },
    ];
    const err = await promtoolTestRules({
      ruleFiles: [
        `groups:\n  - name: example\n    rules:\n      - alert: TargetDown\n        expr: up == 0\n        for: 5m\n        labels: {severity: high}\n`,
      ],
      tests: wrong,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PromToolCheckError);
    expect((err as PromToolCheckError).output).toMatch(/alertname: TargetDown/);
  });

  it('test rules rejects when no rules are given', async () => {
    await expect(promtoolTestRules({ tests: [] })).rejects.toThrow(/no rules given/);
  });
});

describe('amtool', () => {
  const config = {
    route: {
      receiver: 'default',
      routes: [
        { receiver: 'pager', matchers: ['severity="critical"'], continue: true },
        { receiver: 'chat', matchers: ['severity=~"critical|high"'] },
      ],
    },
    receivers: [{ name: 'default' }, { name: 'pager' }, { name: 'chat' }],
  };

  it('check-config accepts a valid configuration and rejects an unknown receiver', async () => {
    await expect(amtoolCheckConfig(config)).resolves.toMatchObject({
      output: expect.stringMatching(/SUCCESS/),
    });
    const bad = { ...config, receivers: [{ name: 'default' }] };
    await expect(amtoolCheckConfig(bad)).rejects.toThrow(/undefined receiver "pager"/);
  });

  it('routes test lists the receivers in order, following continue', async () => {
    expect(await amtoolRoutes(config, { severity: 'critical' })).toEqual(['pager', 'chat']);
    expect(await amtoolRoutes(config, { severity: 'high' })).toEqual(['chat']);
    expect(await amtoolRoutes(config, { severity: 'low' })).toEqual(['default']);
  });
});
