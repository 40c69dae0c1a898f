import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLUSTERS, compute, loadDefaultFleet, stub } from './__fixtures__/fleet.ts';
import argoCd, { APPLICATION_HEALTH_LUA, CONSTRAINT_TEMPLATE_HEALTH_LUA } from './index.ts';

let by: ReturnType<typeof compute>['byCluster'];
beforeAll(async () => {
  const r = compute(await loadDefaultFleet());
  expect(r.issues).toEqual([]);
  by = r.byCluster;
});
const each = <T>(f: (c: (typeof by)[string]) => T) => CLUSTERS.map((c) => f(by[c]!));

describe('argo-cd values per environment (dev, staging, prod, DR)', () => {
  it('scales per environment: HA only in production, a scaled-down DR standby', () => {
    expect(each((c) => c.upstream.server.replicas)).toEqual([1, 2, 3, 2]);
    expect(each((c) => c.upstream.repoServer.replicas)).toEqual([1, 2, 3, 2]);
    // Standalone: each Argo CD manages one cluster, its own: one controller shard.
    expect(each((c) => c.upstream.controller.replicas)).toEqual([1, 1, 1, 1]);
    expect(each((c) => c.upstream.applicationSet.replicas)).toEqual([1, 2, 2, 1]);
    expect(each((c) => c.upstream['redis-ha'].enabled)).toEqual([false, false, true, false]);
    expect(each((c) => c.upstream.redis.enabled)).toEqual([true, true, false, true]);
    expect(each((c) => c.upstream.server.autoscaling)).toEqual([
      expect.objectContaining({ enabled: false }),
      expect.objectContaining({ enabled: false }),
      { enabled: true, minReplicas: 3, maxReplicas: 5 },
      expect.objectContaining({ enabled: false }),
    ]);
  });

  it('gives an activated DR cluster (drActive) the production HA of its primary', async () => {
    const { activateDr } = await import('@platform/core/testing');
    const active = compute(activateDr(await loadDefaultFleet(), 'agentic-dr-use1'));
    expect(active.issues).toEqual([]);
    const dr = active.byCluster['agentic-dr-use1']!.upstream;
    const prod = by['agentic-prod-usw2']!.upstream;
    for (const c of ['server', 'repoServer', 'controller', 'applicationSet'] as const)
      expect([c, dr[c].replicas, dr[c].pdb]).toEqual([c, prod[c].replicas, prod[c].pdb]);
    expect(dr.server.autoscaling).toEqual(prod.server.autoscaling);
    expect([dr.redis.enabled, dr['redis-ha'].enabled]).toEqual([false, true]);
  });

  it('has PDBs only where the profile wants them and a component has more than one pod', () => {
    expect(each((c) => c.upstream.server.pdb)).toEqual([
      { enabled: false, maxUnavailable: 1 },
      { enabled: true, maxUnavailable: 1 },
      { enabled: true, maxUnavailable: 1 },
      { enabled: true, maxUnavailable: 1 },
    ]);
    expect(each((c) => c.upstream.controller.pdb.enabled)).toEqual([false, false, false, false]);
  });

  it('leaves Progressive Syncs off, registers the OCI registry, restores the Application health check', () => {
    const a = by['agentic-stg-usw2']!.upstream;
    expect(a.configs.params['applicationsetcontroller.enable.progressive.syncs']).toBeUndefined();
    expect(a.configs.repositories?.karpenter).toEqual({
      url: 'public.ecr.aws/karpenter',
      name: 'karpenter',
      type: 'helm',
      enableOCI: 'true',
    });
    expect(a.configs.cm).toMatchObject({
      'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH_LUA,
      'resource.customizations.health.templates.gatekeeper.sh_ConstraintTemplate':
        CONSTRAINT_TEMPLATE_HEALTH_LUA,
    });
  });

  it('adds the ConstraintTemplate health check only where Gatekeeper runs, ServiceMonitors only with observability', async () => {
    const fleet = await loadDefaultFleet();
    // What Argo CD integrates is declared, and off unless the test turns it on.
    const off = ['gatekeeper', 'istio', 'observability'].map((n) => stub(n, () => false));
    const bare = compute(fleet, [
      argoCd,
      stub('cilium'),
      stub('external-secrets'),
      stub('metrics-server'),
      ...off,
    ]).byCluster['agentic-dev-usw2']!;
    expect(Object.keys(bare.upstream.configs.cm)).toEqual([
      'resource.customizations.health.argoproj.io_Application',
    ]);
    expect(bare.upstream.controller.metrics).toEqual({ enabled: true, serviceMonitor: { enabled: false } });
    const observed = compute(fleet, [
      argoCd,
      stub('cilium'),
      stub('external-secrets'),
      stub('metrics-server'),
      stub('observability'),
      ...off.filter((c) => c.name !== 'observability'),
    ]).byCluster['agentic-dev-usw2']!;
    expect(observed.upstream.server.metrics.serviceMonitor.enabled).toBe(true);
  });

  it('pages PagerDuty only in production, where the ExternalSecret also delivers the PagerDuty key', () => {
    expect(each((c) => Object.keys(c.upstream.notifications.notifiers).sort())).toEqual([
      ['service.slack'],
      ['service.slack'],
      ['service.pagerdutyv2', 'service.slack'],
      ['service.pagerdutyv2', 'service.slack'],
    ]);
    expect(each((c) => c.chart.notificationsSecret.data.map((d) => d.name))).toEqual([
      ['slack-token'],
      ['slack-token'],
      ['slack-token', 'pagerduty-key'],
      ['slack-token', 'pagerduty-key'],
    ]);
    expect(by['agentic-prod-usw2']!.upstream.notifications.subscriptions).toContainEqual({
      recipients: ['pagerdutyv2:default'],
      triggers: ['on-sync-failed'],
    });
  });

  it('runs on the system pool with the cost labels on every object, and no inline secret', () => {
    const a = by['agentic-prod-usw2']!.upstream;
    expect(a.global).toEqual({
      domain: 'argocd.agentic-prod-usw2.us-west-2.example.com',
      additionalLabels: { 'cost-center': 'platform-engineering', layer: 'l00', environment: 'production' },
      tolerations: [{ key: 'node-role', operator: 'Equal', value: 'system', effect: 'NoSchedule' }],
    });
    expect(a['redis-ha'].extraLabels).toEqual(a.global.additionalLabels);
    expect(a.notifications.secret.create).toBe(false);
    expect(a.notifications.argocdUrl).toBe('https://argocd.agentic-prod-usw2.us-west-2.example.com');
    expect(a.dex.enabled).toBe(false);
  });

  it('installs after Cilium and External Secrets', () => {
    expect(each((c) => c.wave)).toEqual([1, 1, 1, 1]);
  });
});

describe('argo-cd on the Istio gateway with OIDC SSO', () => {
  it('serves plain HTTP behind the gateway where Istio runs, keeps its own TLS and no SSO in development', () => {
    expect(each((c) => c.upstream.configs.params['server.insecure'])).toEqual([undefined, true, true, true]);
    expect(each((c) => c.upstream.configs.cm.url)).toEqual([
      undefined,
      'https://argocd.agentic-stg-usw2.us-west-2.example.com',
      'https://argocd.agentic-prod-usw2.us-west-2.example.com',
      'https://argocd.agentic-dr-use1.us-east-1.example.com',
    ]);
    expect(each((c) => c.chart.virtualService.enabled)).toEqual([false, true, true, true]);
    expect(each((c) => c.upstream.configs.cm['oidc.config'] !== undefined)).toEqual([
      false,
      true,
      true,
      true,
    ]);
    expect(each((c) => c.chart.oidcSecret.enabled)).toEqual([false, true, true, true]);
    expect(by['agentic-dev-usw2']!.upstream.configs.rbac).toBeUndefined();
  });

  it('logs in with the fleet OIDC client, its secret as $argocd-oidc:clientSecret, groups mapped to admin and readonly', () => {
    const a = by['agentic-prod-usw2']!.upstream;
    expect(parse(a.configs.cm['oidc.config']!)).toEqual({
      name: 'SSO',
      issuer: 'https://sso.example.com/realms/platform',
      clientID: 'argocd',
      clientSecret: '$argocd-oidc:clientSecret',
      requestedScopes: ['openid', 'profile', 'email', 'groups'],
    });
    expect(a.configs.rbac).toEqual({
      'policy.default': '',
      'policy.csv': 'g, platform-admins, role:admin\ng, platform-engineers, role:readonly\n',
      scopes: '[groups]',
    });
    expect(by['agentic-prod-usw2']!.chart.oidcSecret).toEqual({
      enabled: true,
      name: 'argocd-oidc',
      secretStore: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      refreshInterval: '1h',
      data: [{ name: 'clientSecret', remoteRef: { key: 'platform/argocd/oidc', property: 'clientSecret' } }],
    });
  });

  it("routes the Argo CD host, inside the Gateway's wildcard, to argocd-server on istio-system/ingress", () => {
    const s = by['agentic-stg-usw2']!;
    expect(s.chart.virtualService).toEqual({
      enabled: true,
      host: s.upstream.global.domain,
      gateway: 'istio-system/ingress',
      destination: { host: 'argo-cd-argocd-server.argocd.svc.cluster.local', port: 80 },
    });
    expect(s.upstream.global.domain).toMatch(/^argocd\.agentic-stg-usw2\.us-west-2\.example\.com$/);
  });

  it('leaves SSO out where the fleet configures none, but still publishes the server', async () => {
    const fleet = await loadDefaultFleet();
    const { sso: _, ...argocd } = fleet.settings.argocd;
    const r = compute({ ...fleet, settings: { ...fleet.settings, argocd } });
    expect(r.issues).toEqual([]);
    const p = r.byCluster['agentic-prod-usw2']!;
    expect(p.upstream.configs.cm['oidc.config']).toBeUndefined();
    expect(p.upstream.configs.rbac).toBeUndefined();
    expect([p.chart.oidcSecret.enabled, p.chart.virtualService.enabled]).toEqual([false, true]);
  });
});

describe('argo-cd in the topologies', () => {
  it('sizes controller shards to the clusters the Argo CD manages', async () => {
    const { controllerShards } = await import('./index.ts');
    expect([1, 3, 4, 7].map(controllerShards)).toEqual([1, 1, 2, 3]);
  });

  it('runs on every standalone cluster and only on the hub of a hub fleet', () => {
    type Fleet = NonNullable<Parameters<typeof argoCd.enabledByDefault>[0]['fleet']>;
    const fleet = { argocd: { namespace: 'argocd', topology: 'hub' as const } } as Fleet;
    const on = (hub?: boolean) =>
      argoCd.enabledByDefault({
        fleet,
        cluster: { hub } as Parameters<typeof argoCd.enabledByDefault>[0]['cluster'],
        environment: {} as Parameters<typeof argoCd.enabledByDefault>[0]['environment'],
      });
    expect([on(true), on(undefined)]).toEqual([true, false]);
    expect(
      argoCd.enabledByDefault({
        fleet: { argocd: { namespace: 'argocd' } } as Fleet,
        cluster: {} as Parameters<typeof argoCd.enabledByDefault>[0]['cluster'],
        environment: {} as Parameters<typeof argoCd.enabledByDefault>[0]['environment'],
      }),
    ).toBe(true);
  });
});
