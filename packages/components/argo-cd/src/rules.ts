import {
  durationSeconds,
  isScaledDownStandby,
  type ParsedTargets,
  type RuleViolation,
  type TypedComponentRule,
} from '@platform/core';
import { referencedSecretKeys } from './notifications.ts';
import type { Targets } from './schema.ts';
import { OIDC_SECRET, PRODUCTION_MINIMUMS } from './values.ts';

const argo = (v: ParsedTargets<Targets>) => v['argo-cd'];
const chart = (v: ParsedTargets<Targets>) => v.chart;

/** The Secret the notifications controller reads (the chart's default `notifications.secret.name`). */
export const NOTIFICATIONS_SECRET = 'argocd-notifications-secret';

/** Seconds of a duration (shared with the other components, from @platform/core). */
export { durationSeconds };

/** The template names a trigger's conditions send (`send: [a, b]`). */
export function sentTemplates(triggerText: string): string[] {
  return [...triggerText.matchAll(/send:\s*\[([^\]]*)\]/g)].flatMap((m) =>
    (m[1] ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
}

/** Cross-field rules of the Argo CD values; all are evaluated and every violation reported. */
export const argoCdRules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'one-redis',
    description: 'exactly one of redis and redis-ha is enabled',
    check: (v) => {
      const a = argo(v);
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
    description: `production runs Argo CD HA: server >= ${PRODUCTION_MINIMUMS.server}, repo-server >= ${PRODUCTION_MINIMUMS.repoServer}, redis-ha, PDBs; a DR standby at least 2 and 2`,
    check: (v, ctx) => {
      if (ctx.environment.name !== 'production') return undefined;
      const a = argo(v);
      const dr = isScaledDownStandby(ctx.cluster);
      const min = dr ? { server: 2, repoServer: 2 } : PRODUCTION_MINIMUMS;
      const out: RuleViolation[] = [];
      for (const c of ['server', 'repoServer'] as const) {
        if (a[c].replicas < min[c])
          out.push({ path: `argo-cd.${c}.replicas`, expected: `>= ${min[c]}`, found: String(a[c].replicas) });
        if (!a[c].pdb.enabled)
          out.push({ path: `argo-cd.${c}.pdb.enabled`, expected: 'true', found: 'false' });
      }
      if (!dr && !a['redis-ha'].enabled)
        out.push({ path: 'argo-cd.redis-ha.enabled', expected: 'true (production primary)', found: 'false' });
      return out;
    },
  },
  {
    id: 'server-autoscaling-bounds',
    description: 'the API server HPA keeps at least the configured replicas and min <= max',
    check: (v) => {
      const s = argo(v).server;
      if (!s.autoscaling.enabled) return undefined;
      const out: RuleViolation[] = [];
      if (s.autoscaling.minReplicas > s.autoscaling.maxReplicas)
        out.push({
          path: 'argo-cd.server.autoscaling.minReplicas',
          expected: `<= maxReplicas (${s.autoscaling.maxReplicas})`,
          found: String(s.autoscaling.minReplicas),
        });
      if (s.autoscaling.minReplicas < s.replicas)
        out.push({
          path: 'argo-cd.server.autoscaling.minReplicas',
          expected: `>= server.replicas (${s.replicas})`,
          found: String(s.autoscaling.minReplicas),
        });
      return out;
    },
  },
  {
    id: 'no-progressive-syncs',
    description:
      'Progressive Syncs stay off: with them the ApplicationSet controller writes automated.enabled: false on every RollingSync Application, and self-heal no longer corrects drift',
    check: (v) =>
      argo(v).configs.params['applicationsetcontroller.enable.progressive.syncs'] === true
        ? [
            {
              path: 'argo-cd.configs.params.applicationsetcontroller.enable.progressive.syncs',
              expected: 'unset or false',
              found: 'true',
            },
          ]
        : undefined,
  },
  {
    id: 'notifications-secret-external',
    description: `notification credentials come from our ExternalSecret into ${NOTIFICATIONS_SECRET}, never from a chart-created Secret`,
    check: (v) => {
      const out: RuleViolation[] = [];
      if (argo(v).notifications.secret.create)
        out.push({ path: 'argo-cd.notifications.secret.create', expected: 'false', found: 'true' });
      if (chart(v).notificationsSecret.name !== NOTIFICATIONS_SECRET)
        out.push({
          path: 'chart.notificationsSecret.name',
          expected: JSON.stringify(NOTIFICATIONS_SECRET),
          found: JSON.stringify(chart(v).notificationsSecret.name),
        });
      return out;
    },
  },
  {
    id: 'notifier-secrets-delivered',
    description: 'every $key the notifiers reference is a key of the ExternalSecret',
    check: (v) => {
      const delivered = new Set(chart(v).notificationsSecret.data.map((d) => d.name));
      return referencedSecretKeys(argo(v).notifications.notifiers)
        .filter((k) => !delivered.has(k))
        .map((k) => ({
          path: 'chart.notificationsSecret.data',
          expected: `an entry named ${JSON.stringify(k)} (referenced as $${k} by a notifier)`,
          found: JSON.stringify([...delivered]),
          hint: 'Add the key to the ExternalSecret (and to Vault), or remove the notifier that needs it.',
        }));
    },
  },
  {
    id: 'insecure-only-behind-the-gateway',
    description:
      'the API server serves plain HTTP (server.insecure) only behind the Istio gateway, which terminates TLS',
    check: (v) =>
      argo(v).configs.params['server.insecure'] === true && !chart(v).virtualService.enabled
        ? [
            {
              path: 'argo-cd.configs.params.server.insecure',
              expected: 'false unless chart.virtualService.enabled (TLS at the gateway)',
              found: 'true',
              hint: 'Enable istio on the cluster, or leave server.insecure unset so the server keeps its own TLS.',
            },
          ]
        : undefined,
  },
  {
    id: 'oidc-secret-delivered',
    description: `oidc.config reads its client secret from the ${OIDC_SECRET} Secret our ExternalSecret writes, never inline`,
    check: (v) => {
      const config = argo(v).configs.cm['oidc.config'];
      if (config === undefined) return undefined;
      const o = chart(v).oidcSecret;
      const ref = /^clientSecret:\s*(\S+)\s*$/m.exec(config)?.[1];
      const expected = `$${o.name}:${o.data[0]?.name ?? 'clientSecret'}`;
      const out: RuleViolation[] = [];
      if (ref !== expected)
        out.push({
          path: 'argo-cd.configs.cm.oidc.config',
          expected: `clientSecret: ${expected}`,
          found:
            ref === undefined
              ? 'no clientSecret'
              : `clientSecret: ${ref.startsWith('$') ? ref : '<inline value>'}`,
        });
      if (!o.enabled) out.push({ path: 'chart.oidcSecret.enabled', expected: 'true', found: 'false' });
      return out;
    },
  },
  {
    id: 'refresh-interval-minimum',
    description: 'secrets are refreshed from Vault at most once a minute (E0208)',
    check: (v) => {
      const r = chart(v).notificationsSecret.refreshInterval;
      return durationSeconds(r) < 60
        ? [{ path: 'chart.notificationsSecret.refreshInterval', expected: '>= 1m', found: JSON.stringify(r) }]
        : undefined;
    },
  },
  {
    id: 'notifications-consistent',
    description: 'subscriptions name configured triggers, and triggers send configured templates',
    check: (v) => {
      const n = argo(v).notifications;
      const out: RuleViolation[] = [];
      n.subscriptions.forEach((s, i) => {
        for (const t of s.triggers)
          if (n.triggers[`trigger.${t}`] === undefined)
            out.push({
              path: `argo-cd.notifications.subscriptions[${i}].triggers`,
              expected: `configured triggers (${Object.keys(n.triggers).join(', ')})`,
              found: JSON.stringify(t),
            });
      });
      for (const [name, text] of Object.entries(n.triggers))
        for (const t of sentTemplates(text))
          if (n.templates[`template.${t}`] === undefined)
            out.push({
              path: `argo-cd.notifications.triggers.${name}`,
              expected: 'to send configured templates',
              found: JSON.stringify(t),
            });
      return out;
    },
  },
];
