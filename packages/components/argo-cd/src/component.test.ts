import { renderUpstreamCharts } from '@platform/chart-harness';
import type { Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, compute, loadDefaultFleet, stub, withOverride } from './__fixtures__/fleet.ts';
import argoCd from './index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

describe('the argo-cd component', () => {
  it('pins argo-helm exactly, installs into argocd after Cilium, External Secrets and metrics-server, never prunes itself, applies server-side', () => {
    expect(argoCd).toMatchObject({
      name: 'argo-cd',
      namespace: 'argocd',
      dependsOn: ['prometheus-operator-crds', 'cilium', 'external-secrets', 'metrics-server'],
      sync: { serverSideApply: true, disablePrune: true },
    });
    expect(argoCd.upstreamCharts).toEqual([
      expect.objectContaining({
        id: 'argo-cd',
        repoURL: 'https://argoproj.github.io/argo-helm',
        chart: 'argo-cd',
        version: '10.1.1',
      }),
    ]);
  });
});

/** The last-applied-configuration annotation of a client-side apply holds at most this much. */
const ANNOTATION_LIMIT = 256 * 1024;

describe('the upstream argo-cd chart rendered with the generated values', () => {
  it('syncs server-side when an object does not fit a client-side apply (the ApplicationSet CRD)', async () => {
    const prod = compute(fleet, COMPONENTS).byCluster['agentic-prod-usw2']!;
    const rendered = await renderUpstreamCharts(
      argoCd,
      { 'argo-cd': { values: prod.upstream as Record<string, unknown> } },
      prod.context.cluster.kubernetesVersion,
      ['monitoring.coreos.com/v1'],
    );
    const large = rendered
      .get('argo-cd')!
      .filter((o) => JSON.stringify(o.manifest).length > ANNOTATION_LIMIT)
      .map((o) => (o.manifest.metadata as { name: string }).name);
    expect(large).toContain('applicationsets.argoproj.io');
    expect(argoCd.sync?.serverSideApply).toBe(true);
  }, 60_000);
});

describe('the upstream argo-cd chart behind the Istio gateway with SSO', () => {
  it('renders argocd-cm with the URL and the OIDC client, plain HTTP in argocd-cmd-params-cm, the group RBAC', async () => {
    const prod = compute(fleet, COMPONENTS).byCluster['agentic-prod-usw2']!;
    const rendered = await renderUpstreamCharts(
      argoCd,
      { 'argo-cd': { values: prod.upstream as Record<string, unknown> } },
      prod.context.cluster.kubernetesVersion,
      ['monitoring.coreos.com/v1'],
    );
    const data = (name: string) =>
      (
        rendered
          .get('argo-cd')!
          .find(
            (o) => o.manifest.kind === 'ConfigMap' && (o.manifest.metadata as { name: string }).name === name,
          )?.manifest as { data: Record<string, string> } | undefined
      )?.data;
    expect(data('argocd-cm')).toMatchObject({
      url: 'https://argocd.agentic-prod-usw2.us-west-2.example.com',
      'oidc.config': expect.stringContaining('clientSecret: $argocd-oidc:clientSecret'),
    });
    expect(data('argocd-cm')!['oidc.config']).toContain('issuer: https://sso.example.com/realms/platform');
    expect(data('argocd-cmd-params-cm')).toMatchObject({ 'server.insecure': 'true' });
    expect(data('argocd-rbac-cm')).toMatchObject({
      'policy.csv': 'g, platform-admins, role:admin\ng, platform-engineers, role:readonly\n',
      'policy.default': '',
      scopes: '[groups]',
    });
    // No Ingress, HTTPRoute or server-side certificate: the Istio gateway is the edge.
    expect(
      rendered
        .get('argo-cd')!
        .filter((o) => ['Ingress', 'HTTPRoute', 'Certificate'].includes(String(o.manifest.kind))),
    ).toEqual([]);
  }, 60_000);
});

describe('Argo CD metrics for the drift alert', () => {
  it('renders a ServiceMonitor for the application controller (argocd_app_info) where observability runs', async () => {
    const others = COMPONENTS.filter((c) => c.name !== 'observability');
    const prod = compute(fleet, [...others, stub('observability')]).byCluster['agentic-prod-usw2']!;
    const rendered = await renderUpstreamCharts(
      argoCd,
      { 'argo-cd': { values: prod.upstream as Record<string, unknown> } },
      prod.context.cluster.kubernetesVersion,
      ['monitoring.coreos.com/v1'],
    );
    const monitors = rendered
      .get('argo-cd')!
      .filter((o) => o.manifest.kind === 'ServiceMonitor')
      .map((o) => o.manifest as { metadata: { name: string }; spec: Record<string, any> });
    const controller = monitors.find((m) => m.metadata.name.endsWith('application-controller'));
    expect(controller?.spec.selector.matchLabels).toMatchObject({
      'app.kubernetes.io/component': 'application-controller',
    });
    expect(controller?.spec.endpoints).toEqual([expect.objectContaining({ port: 'http-metrics' })]);
  }, 60_000);
});

describe('argo-cd bad input', () => {
  it('rejects a production primary below the production HA minimums', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      'argo-cd': { server: { replicas: 2, autoscaling: { minReplicas: 2 } } },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        code: 'rule:production-ha-minimums',
        path: 'argo-cd.server.replicas',
        found: '2',
      }),
    ]);
  });

  it('rejects a Vault refresh interval below 1m (E0208)', () => {
    const f = withOverride(fleet, 'agentic-stg-usw2', {
      chart: { notificationsSecret: { refreshInterval: '30s' } },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        cluster: 'agentic-stg-usw2',
        code: 'rule:refresh-interval-minimum',
        path: 'chart.notificationsSecret.refreshInterval',
        expected: '>= 1m',
      }),
    ]);
  });

  it('rejects a notifier whose credential the ExternalSecret does not deliver', () => {
    const f = withOverride(fleet, 'agentic-dev-usw2', {
      'argo-cd': {
        notifications: {
          notifiers: {
            'service.webhook.github':
              'url: https://api.github.com\nheaders:\n- name: Authorization\n  value: $github-token\n',
          },
        },
      },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        code: 'rule:notifier-secrets-delivered',
        expected: expect.stringContaining('github-token'),
      }),
    ]);
  });

  it('rejects an inline Slack token and a typo, all at once', () => {
    // Assembled at run time so that no token-shaped literal sits in the repository.
    const fakeToken = ['xox', 'b-', '0'.repeat(10), '-', 'FAKE'.repeat(3)].join('');
    const f = withOverride(fleet, 'agentic-dev-usw2', {
      'argo-cd': {
        notifications: { notifiers: { 'service.slack': `token: ${fakeToken}\n` } },
        controller: { replicaz: 2 },
      },
    });
    const issues = compute(f).issues;
    expect(issues.map((i) => i.code).sort()).toEqual(['secret-literal', 'unknown-key']);
    expect(JSON.stringify(issues)).toContain('replicas');
  });

  it('rejects a chart-created notifications Secret', () => {
    const f = withOverride(fleet, 'agentic-prod-usw2', {
      'argo-cd': { notifications: { secret: { create: true } } },
    });
    expect(compute(f).issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      'rule:notifications-secret-external argo-cd.notifications.secret.create',
    ]);
  });
});
