import type { ComponentRule } from '@platform/core';
import type { ArgoCdValues } from './schema.ts';

export const argoCdRules: readonly ComponentRule[] = [
  {
    id: 'one-redis',
    description: 'exactly one of redis and redis-ha is enabled',
    check: (v) => {
      const a = v['argo-cd'] as ArgoCdValues;
      return a.redis.enabled === a['redis-ha'].enabled
        ? [
            {
              path: 'argo-cd.redis-ha.enabled',
              expected: `${!a.redis.enabled} (the opposite of redis.enabled)`,
              found: String(a['redis-ha'].enabled),
            },
          ]
        : undefined;
    },
  },
  {
    id: 'production-ha-minimums',
    description: 'production runs Argo CD server x3 and repo-server x2 at least (catalog C12)',
    check: (v, ctx) => {
      if (ctx.environment.name !== 'production') return undefined;
      const a = v['argo-cd'] as ArgoCdValues;
      const out = [];
      if (a.server.replicas < 3)
        out.push({ path: 'argo-cd.server.replicas', expected: '>= 3', found: String(a.server.replicas) });
      if (a.repoServer.replicas < 2)
        out.push({
          path: 'argo-cd.repoServer.replicas',
          expected: '>= 2',
          found: String(a.repoServer.replicas),
        });
      return out;
    },
  },
  {
    id: 'notifications-secret-external',
    description: 'notification credentials come from the ExternalSecret, never from a chart-created Secret',
    check: (v) =>
      (v['argo-cd'] as ArgoCdValues).notifications.secret.create
        ? [{ path: 'argo-cd.notifications.secret.create', expected: 'false', found: 'true' }]
        : undefined,
  },
];
