import { GATEWAY_NAME, NAMESPACE as ISTIO_NAMESPACE } from '@platform/component-istio';
import type { ArgocdSso, ClusterContext, TypedLayeredValues } from '@platform/core';
import { isScaledDownStandby } from '@platform/core';
import { healthCustomizations } from './health.ts';
import { notifiers, subscriptions, templates, triggers } from './notifications.ts';
import type { ArgoCdValues, ChartValues, Targets } from './schema.ts';

export const NAMESPACE = 'argocd';

/** Production minimums for HA (docs/decisions.md#replicas): server 3, repo-server 2. */
export const PRODUCTION_MINIMUMS = { server: 3, repoServer: 2 } as const;

/**
 * Clusters one application-controller shard reconciles. Argo CD shards by cluster: a standalone
 * Argo CD manages only its own cluster (one shard; more replicas would idle), the hub of a hub
 * fleet gets one shard per this many clusters, distributed round-robin.
 * @see https://argo-cd.readthedocs.io/en/stable/operator-manual/high_availability/#argocd-application-controller
 */
export const CLUSTERS_PER_SHARD = 3;

/** Application-controller replicas (shards) for the number of clusters this Argo CD manages. */
export function controllerShards(managedClusters: number): number {
  return Math.max(1, Math.ceil(managedClusters / CLUSTERS_PER_SHARD));
}

/**
 * Public OCI Helm registries the fleet's charts come from. Argo CD pulls an OCI chart only from a
 * repository registered with `enableOCI: "true"` (Karpenter's chart is on public.ecr.aws).
 */
export const OCI_REPOSITORIES = {
  karpenter: { url: 'public.ecr.aws/karpenter', name: 'karpenter', type: 'helm', enableOCI: 'true' },
} as const;

/** Vault KV path (in the vault-backend store) of the notification credentials. */
export const NOTIFICATIONS_VAULT_KEY = 'platform/argocd/notifications';

/** The Secret holding the OIDC client secret (argocd-cm references it as `$argocd-oidc:clientSecret`). */
export const OIDC_SECRET = 'argocd-oidc';
/** Vault KV path (in the vault-backend store) of the OIDC client secret, property `clientSecret`. */
export const OIDC_VAULT_KEY = 'platform/argocd/oidc';

/** The API server's Service of the upstream chart (release `argo-cd`); port 80 serves plain HTTP when server.insecure is set. */
export const SERVER_SERVICE = 'argo-cd-argocd-server';

/** The Istio ingress Gateway the Argo CD server is published on (docs/decisions.md#argocd-sso). */
export const INGRESS_GATEWAY = `${ISTIO_NAMESPACE}/${GATEWAY_NAME}`;

/** argocd-cm `oidc.config`: the fleet's OIDC client, its secret read from the argocd-oidc Secret. */
export function oidcConfig(sso: ArgocdSso): string {
  return [
    `name: ${JSON.stringify(sso.name)}`,
    `issuer: ${sso.issuer}`,
    `clientID: ${JSON.stringify(sso.clientId)}`,
    `clientSecret: $${OIDC_SECRET}:clientSecret`,
    'requestedScopes: ["openid", "profile", "email", "groups"]',
    '',
  ].join('\n');
}

/** argocd-rbac-cm: the SSO groups mapped to the built-in roles, nothing for anyone else. */
export function ssoRbac(sso: ArgocdSso) {
  const lines = [
    ...sso.adminGroups.map((g) => `g, ${g}, role:admin`),
    ...sso.readonlyGroups.map((g) => `g, ${g}, role:readonly`),
  ];
  return { 'policy.default': '', 'policy.csv': `${lines.join('\n')}\n`, scopes: '[groups]' };
}

/** The system pool is tainted node-role=system:NoSchedule; Argo CD runs there. */
export const SYSTEM_POOL_TOLERATIONS = [
  { key: 'node-role', operator: 'Equal' as const, value: 'system', effect: 'NoSchedule' as const },
];

const res = (cpu: string, memory: string, cpuLimit: string, memoryLimit: string) => ({
  requests: { cpu, memory },
  limits: { cpu: cpuLimit, memory: memoryLimit },
});
const pdbOff = { enabled: false };

/** Per-component replicas of a DR standby (scaled down, docs/decisions.md#disaster-recovery). */
export const DR_REPLICAS = { server: 2, repoServer: 2, controller: 1, applicationSet: 1 } as const;

/** Replicas per component: `max(minimum, profile)` in production, the profile elsewhere. */
export function replicasFor(env: ClusterContext['environment'], managedClusters = 1) {
  const n = env.replicas;
  const prod = env.name === 'production';
  return {
    server: prod ? Math.max(PRODUCTION_MINIMUMS.server, n) : n,
    repoServer: prod ? Math.max(PRODUCTION_MINIMUMS.repoServer, n) : n,
    controller: controllerShards(managedClusters),
    applicationSet: Math.min(n, 2),
  };
}

/**
 * The Argo CD that owns this cluster's ApplicationSets (the cluster's own in the standalone
 * topology, the hub's in a hub fleet; docs/decisions.md#replicas): HA per environment, controller
 * shards sized to the clusters it manages, the OCI repository Karpenter's chart needs, the
 * Application health check, notifications routed by outcome (see notifications.ts) with credentials from Vault
 * through our chart's ExternalSecret. No progressive syncs: RollingSync would turn automated sync
 * off on the generated Applications.
 */
export function argoCdLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const production = env.name === 'production';
  const costCenter = ctx.cluster.labels['cost-center'] ?? 'platform-engineering';
  const domain = `argocd.${ctx.cluster.name}.${ctx.region.dnsZone}`;
  const monitoring = ctx.enabledComponents.has('observability');
  const metrics = { enabled: true, serviceMonitor: { enabled: monitoring } };
  const labels = { 'cost-center': costCenter, layer: 'l00', environment: env.name };
  const managed = ctx.managedClusters ?? 1;
  const shards = controllerShards(managed);
  // Published on the Istio ingress gateway where Istio runs (docs/decisions.md#argocd-sso): TLS ends
  // at the gateway (the wildcard certificate of *.<cluster>.<zone> from the environment's issuer),
  // so the server speaks plain HTTP behind it. Elsewhere (development) it stays private, with its
  // own TLS, reached by port-forward, and without SSO (no callback URL would reach it).
  const exposed = ctx.enabledComponents.has('istio');
  const sso = exposed ? ctx.fleet.argocd.sso : undefined;
  const upstream: ArgoCdValues = {
    global: {
      domain,
      additionalLabels: labels,
      tolerations: SYSTEM_POOL_TOLERATIONS,
    },
    configs: {
      params: {
        ...(shards > 1 ? { 'controller.sharding.algorithm': 'round-robin' } : {}),
        ...(exposed ? { 'server.insecure': true } : {}),
      },
      cm: {
        ...healthCustomizations(ctx.enabledComponents.has('gatekeeper')),
        ...(exposed ? { url: `https://${domain}` } : {}),
        ...(sso ? { 'oidc.config': oidcConfig(sso) } : {}),
      },
      ...(sso ? { rbac: ssoRbac(sso) } : {}),
      repositories: OCI_REPOSITORIES,
    },
    dex: { enabled: false },
    controller: { replicas: 1, pdb: pdbOff, resources: res('250m', '256Mi', '1000m', '1Gi'), metrics },
    server: {
      replicas: 1,
      autoscaling: { enabled: false, minReplicas: 1, maxReplicas: 5 },
      pdb: pdbOff,
      resources: res('100m', '128Mi', '500m', '512Mi'),
      metrics,
    },
    repoServer: { replicas: 1, pdb: pdbOff, resources: res('100m', '256Mi', '1000m', '1Gi'), metrics },
    applicationSet: { replicas: 1, pdb: pdbOff, resources: res('50m', '64Mi', '500m', '256Mi'), metrics },
    redis: { enabled: true, resources: res('50m', '64Mi', '200m', '256Mi') },
    'redis-ha': {
      enabled: false,
      tolerations: SYSTEM_POOL_TOLERATIONS,
      extraLabels: labels,
      redis: { resources: res('100m', '128Mi', '500m', '512Mi') },
      sentinel: { resources: res('50m', '64Mi', '200m', '128Mi') },
      haproxy: { resources: res('50m', '64Mi', '200m', '128Mi') },
    },
    notifications: {
      enabled: true,
      argocdUrl: `https://${domain}`,
      context: { cluster: ctx.cluster.name, environment: env.name },
      resources: res('50m', '64Mi', '200m', '128Mi'),
      metrics,
      secret: { create: false },
      notifiers: notifiers(false),
      triggers,
      templates,
      subscriptions: subscriptions(false),
    },
  };
  const store = { kind: 'ClusterSecretStore', name: 'vault-backend' } as const;
  const chart: ChartValues = {
    environment: env.name,
    labels: { 'cost-center': costCenter, layer: 'l00' },
    notificationsSecret: {
      name: 'argocd-notifications-secret',
      secretStore: store,
      refreshInterval: '1h',
      data: [{ name: 'slack-token', remoteRef: { key: NOTIFICATIONS_VAULT_KEY, property: 'slack-token' } }],
    },
    virtualService: {
      enabled: exposed,
      host: domain,
      gateway: INGRESS_GATEWAY,
      destination: { host: `${SERVER_SERVICE}.${NAMESPACE}.svc.cluster.local`, port: 80 },
    },
    oidcSecret: {
      enabled: sso !== undefined,
      name: OIDC_SECRET,
      secretStore: store,
      refreshInterval: '1h',
      data: [{ name: 'clientSecret', remoteRef: { key: OIDC_VAULT_KEY, property: 'clientSecret' } }],
    },
  };
  const r = replicasFor(env, managed);
  const pdb = (replicas: number) => ({ enabled: env.pdb.enabled && replicas > 1, maxUnavailable: 1 });
  const layers: TypedLayeredValues<Targets> = {
    defaults: { 'argo-cd': upstream, chart },
    environment: {
      'argo-cd': {
        controller: { replicas: r.controller, pdb: pdb(r.controller) },
        server: {
          replicas: r.server,
          pdb: pdb(r.server),
          // Production scales the API server out under load (HPA up to 5).
          autoscaling: { enabled: production, minReplicas: r.server, maxReplicas: Math.max(5, r.server) },
        },
        repoServer: { replicas: r.repoServer, pdb: pdb(r.repoServer) },
        applicationSet: { replicas: r.applicationSet, pdb: pdb(r.applicationSet) },
        redis: { enabled: !production },
        'redis-ha': { enabled: production },
        ...(production
          ? { notifications: { notifiers: notifiers(true), subscriptions: subscriptions(true) } }
          : {}),
      },
      ...(production
        ? {
            chart: {
              notificationsSecret: {
                data: [
                  ...chart.notificationsSecret.data,
                  {
                    name: 'pagerduty-key',
                    remoteRef: { key: NOTIFICATIONS_VAULT_KEY, property: 'pagerduty-key' },
                  },
                ],
              },
            },
          }
        : {}),
    },
  };
  if (isScaledDownStandby(ctx.cluster)) {
    // The DR standby is scaled down (docs/decisions.md#disaster-recovery): two API and repo servers, no HPA, one shard, plain Redis
    // (a two-node system pool cannot hold redis-ha's three hard anti-affine pods).
    const d = DR_REPLICAS;
    layers.role = {
      'argo-cd': {
        controller: { replicas: d.controller, pdb: pdb(d.controller) },
        server: { replicas: d.server, pdb: pdb(d.server), autoscaling: { enabled: false } },
        repoServer: { replicas: d.repoServer, pdb: pdb(d.repoServer) },
        applicationSet: { replicas: d.applicationSet, pdb: pdb(d.applicationSet) },
        redis: { enabled: true },
        'redis-ha': { enabled: false },
      },
    };
  }
  return layers;
}
