import type { ClusterContext } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { compute, loadDefaultFleet } from './__fixtures__/fleet.ts';
import { type ArgoCdValues, argoCdRules, type ChartValues, durationSeconds } from './index.ts';

type Both = { 'argo-cd': ArgoCdValues; chart: ChartValues };
let prod: Both;
let ctx: ClusterContext;
beforeAll(async () => {
  const p = compute(await loadDefaultFleet()).byCluster['agentic-prod-usw2']!;
  prod = { 'argo-cd': p.upstream, chart: p.chart };
  ctx = p.context;
});

function run(
  id: string,
  mutate: (v: Both) => void,
  context: (c: ClusterContext) => ClusterContext = (c) => c,
) {
  const v = structuredClone(prod);
  mutate(v);
  const rule = argoCdRules.find((r) => r.id === id);
  if (!rule) throw new Error(`no rule ${id}`);
  return (rule.check(v, context(ctx)) ?? []).map((x) => x.path).sort();
}

const automated = (c: ClusterContext) => ({
  ...c,
  environment: { ...c.environment, sync: { automated: true, prune: true, selfHeal: true } },
});

const cases: {
  id: string;
  mutate: (v: Both) => void;
  context?: (c: ClusterContext) => ClusterContext;
  paths: string[];
}[] = [
  {
    id: 'one-redis',
    mutate: (v) => {
      v['argo-cd'].redis.enabled = true;
    },
    paths: ['argo-cd.redis-ha.enabled'],
  },
  {
    id: 'production-ha-minimums',
    mutate: (v) => {
      v['argo-cd'].server.replicas = 2;
      v['argo-cd'].repoServer.pdb.enabled = false;
      v['argo-cd']['redis-ha'].enabled = false;
    },
    paths: ['argo-cd.redis-ha.enabled', 'argo-cd.repoServer.pdb.enabled', 'argo-cd.server.replicas'],
  },
  {
    id: 'server-autoscaling-bounds',
    mutate: (v) => {
      v['argo-cd'].server.autoscaling = { enabled: true, minReplicas: 6, maxReplicas: 5 };
    },
    paths: ['argo-cd.server.autoscaling.minReplicas'],
  },
  {
    id: 'no-progressive-syncs',
    mutate: (v) => {
      v['argo-cd'].configs.params['applicationsetcontroller.enable.progressive.syncs'] = true;
    },
    context: automated,
    paths: ['argo-cd.configs.params.applicationsetcontroller.enable.progressive.syncs'],
  },
  {
    id: 'notifications-secret-external',
    mutate: (v) => {
      v['argo-cd'].notifications.secret.create = true;
      v.chart.notificationsSecret.name = 'slack';
    },
    paths: ['argo-cd.notifications.secret.create', 'chart.notificationsSecret.name'],
  },
  {
    id: 'notifier-secrets-delivered',
    mutate: (v) => {
      v.chart.notificationsSecret.data = v.chart.notificationsSecret.data.filter(
        (d) => d.name !== 'pagerduty-key',
      );
    },
    paths: ['chart.notificationsSecret.data'],
  },
  {
    id: 'insecure-only-behind-the-gateway',
    mutate: (v) => {
      v.chart.virtualService.enabled = false;
    },
    paths: ['argo-cd.configs.params.server.insecure'],
  },
  {
    id: 'oidc-secret-delivered',
    mutate: (v) => {
      v['argo-cd'].configs.cm['oidc.config'] = v['argo-cd'].configs.cm['oidc.config']!.replace(
        '$argocd-oidc:clientSecret',
        'not-a-real-secret',
      );
      v.chart.oidcSecret.enabled = false;
    },
    paths: ['argo-cd.configs.cm.oidc.config', 'chart.oidcSecret.enabled'],
  },
  {
    id: 'refresh-interval-minimum',
    mutate: (v) => {
      v.chart.notificationsSecret.refreshInterval = '30s';
    },
    paths: ['chart.notificationsSecret.refreshInterval'],
  },
  {
    id: 'notifications-consistent',
    mutate: (v) => {
      v['argo-cd'].notifications.subscriptions.push({
        recipients: ['slack:alerts'],
        triggers: ['on-sync-running'],
      });
      delete v['argo-cd'].notifications.templates['template.app-out-of-sync'];
    },
    paths: [
      'argo-cd.notifications.subscriptions[3].triggers',
      'argo-cd.notifications.triggers.trigger.on-out-of-sync-1h',
    ],
  },
];

describe('argo-cd rules', () => {
  it('has a test case for every rule', () => {
    expect(cases.map((c) => c.id).sort()).toEqual(argoCdRules.map((r) => r.id).sort());
  });

  it('hold for the computed production values', () => {
    for (const r of argoCdRules) expect(r.check(prod, ctx) ?? [], r.id).toEqual([]);
  });

  it.each(cases)('fails $id, naming the offending paths', ({ id, mutate, context, paths }) => {
    expect(run(id, mutate, context)).toEqual(paths);
  });

  it('holds the DR standby to its own floor (two servers, no redis-ha required)', () => {
    const dr = (c: ClusterContext) => ({ ...c, cluster: { ...c.cluster, role: 'dr' as const } });
    const scaledDown = (v: Both) => {
      v['argo-cd'].server.replicas = 2;
      v['argo-cd'].repoServer.replicas = 2;
      v['argo-cd']['redis-ha'].enabled = false;
      v['argo-cd'].redis.enabled = true;
    };
    expect(run('production-ha-minimums', scaledDown, dr)).toEqual([]);
  });

  it('reads durations in seconds', () => {
    expect([durationSeconds('30s'), durationSeconds('15m'), durationSeconds('1h')]).toEqual([30, 900, 3600]);
  });
});
