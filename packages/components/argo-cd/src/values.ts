import type { ClusterContext, LayeredValues } from '@platform/core';
import { notifiers, subscriptions, templates, triggers } from './notifications.ts';

export const NAMESPACE = 'argocd';

/**
 * The health of an Application as seen by its parent (app of apps): Argo CD 1.8+ no longer
 * assesses child Applications, so waves of Applications would not wait without this.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/health/#argocd-app
 */
export const APPLICATION_HEALTH_LUA = `hs = {}
hs.status = "Progressing"
hs.message = ""
if obj.status ~= nil and obj.status.health ~= nil then
  hs.status = obj.status.health.status
  if obj.status.health.message ~= nil then
    hs.message = obj.status.health.message
  end
end
return hs
`;

/** HA per environment with the catalog C12 production minimums (server 3, repo-server 2, ...). */
export function argoCdLayers(ctx: ClusterContext): LayeredValues {
  const env = ctx.environment;
  const n = env.replicas;
  const ha = n > 1;
  const pdb = { enabled: env.pdb.enabled };
  const min = (floor: number) => (env.name === 'production' ? Math.max(floor, n) : Math.min(n, 2));
  return {
    defaults: {
      'argo-cd': {
        global: { domain: `argocd.${ctx.region.dnsZone}` },
        configs: {
          params: { 'applicationsetcontroller.enable.progressive.syncs': true, 'server.insecure': false },
          cm: {
            'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
            'timeout.reconciliation': '180s',
          },
        },
        controller: { replicas: 1, pdb: { enabled: false } },
        server: { replicas: 1, pdb: { enabled: false } },
        repoServer: { replicas: 1, pdb: { enabled: false } },
        applicationSet: { replicas: 1, pdb: { enabled: false } },
        redis: { enabled: true },
        'redis-ha': { enabled: false },
        notifications: {
          enabled: true,
          argocdUrl: `https://argocd.${ctx.region.dnsZone}`,
          secret: { create: false },
          notifiers,
          triggers,
          templates,
          subscriptions,
        },
      },
      chart: {
        environment: env.name,
        labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
        notificationsSecret: { vaultKey: 'platform/argocd/notifications', refreshInterval: '1h' },
      },
    },
    environment: {
      'argo-cd': {
        controller: { replicas: min(2), pdb },
        server: { replicas: min(3), pdb },
        repoServer: { replicas: min(2), pdb },
        applicationSet: { replicas: min(2), pdb },
        redis: { enabled: !ha },
        'redis-ha': { enabled: ha },
      },
    },
  };
}
