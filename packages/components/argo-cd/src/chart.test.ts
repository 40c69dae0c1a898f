import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkChart, type RenderedObject } from '@platform/chart-harness';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CHART_DIR, CLUSTERS, compute, loadDefaultFleet } from './__fixtures__/fleet.ts';
import type { ChartValues } from './index.ts';

type ExternalSecret = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string> };
  spec: {
    refreshInterval: string;
    secretStoreRef: { kind: string; name: string };
    target: { name: string; creationPolicy: string; deletionPolicy: string };
    data: { secretKey: string; remoteRef: { key: string; property: string } }[];
  };
};

let objects: Map<string, RenderedObject[]>;
let findings: unknown[];
let values: Record<string, ChartValues>;

beforeAll(async () => {
  const { issues, byCluster } = compute(await loadDefaultFleet());
  expect(issues).toEqual([]);
  values = Object.fromEntries(Object.entries(byCluster).map(([c, v]) => [c, v.chart]));
  const scenarios = Object.entries(byCluster).map(([name, v]) => ({
    name,
    values: v.chart as Record<string, unknown>,
    namespace: 'argocd',
    releaseName: 'argo-cd-config',
    kubeVersion: `${v.context.cluster.kubernetesVersion}.0`,
  }));
  ({ objects, findings } = await checkChart(CHART_DIR, scenarios));
});

const manifests = (cluster: string) => (objects.get(cluster) ?? []).map((o) => o.manifest);
const named = (cluster: string, kind: string, name: string) =>
  manifests(cluster).find((m) => m.kind === kind && (m.metadata as { name: string }).name === name) as
    | Record<string, any>
    | undefined;
const secretOf = (cluster: string) =>
  named(cluster, 'ExternalSecret', 'argocd-notifications-secret') as unknown as ExternalSecret;

describe('charts/argo-cd rendered with the real helm for every cluster', () => {
  it('passes the harness (ESO v1 schema, served APIs, labels, no Secret with data)', () => {
    expect(findings).toEqual([]);
    expect(
      CLUSTERS.map((c) =>
        manifests(c)
          .map((m) => `${m.apiVersion} ${m.kind} ${(m.metadata as { name: string }).name}`)
          .sort(),
      ),
    ).toEqual([
      ['external-secrets.io/v1 ExternalSecret argocd-notifications-secret'],
      ...CLUSTERS.slice(1).map(() => [
        'external-secrets.io/v1 ExternalSecret argocd-notifications-secret',
        'external-secrets.io/v1 ExternalSecret argocd-oidc',
        'networking.istio.io/v1 VirtualService argocd-server',
      ]),
    ]);
  });

  it('publishes the server on the Istio ingress gateway, TLS ending there, to the plain HTTP port', () => {
    const vs = named('agentic-prod-usw2', 'VirtualService', 'argocd-server')!;
    expect(vs.metadata.namespace).toBe('argocd');
    expect(vs.metadata.annotations).toEqual({
      'argocd.argoproj.io/sync-options': 'SkipDryRunOnMissingResource=true',
    });
    expect(vs.spec).toEqual({
      hosts: ['argocd.agentic-prod-usw2.us-west-2.example.com'],
      gateways: ['istio-system/ingress'],
      http: [
        {
          route: [
            { destination: { host: 'argo-cd-argocd-server.argocd.svc.cluster.local', port: { number: 80 } } },
          ],
        },
      ],
    });
    expect(named('agentic-dr-use1', 'VirtualService', 'argocd-server')!.spec.hosts).toEqual([
      'argocd.agentic-dr-use1.us-east-1.example.com',
    ]);
    expect(named('agentic-dev-usw2', 'VirtualService', 'argocd-server')).toBeUndefined();
  });

  it('writes argocd-oidc from Vault, labelled part-of argocd so argocd-cm can reference it', () => {
    const es = named('agentic-stg-usw2', 'ExternalSecret', 'argocd-oidc')!;
    expect(es.spec).toEqual({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      target: {
        name: 'argocd-oidc',
        creationPolicy: 'Owner',
        deletionPolicy: 'Retain',
        template: {
          metadata: {
            labels: { 'app.kubernetes.io/part-of': 'argocd', 'app.kubernetes.io/component': 'server' },
          },
        },
      },
      data: [
        { secretKey: 'clientSecret', remoteRef: { key: 'platform/argocd/oidc', property: 'clientSecret' } },
      ],
    });
  });

  it('writes argocd-notifications-secret from the vault-backend store, Slack everywhere, PagerDuty in production', () => {
    const prod = secretOf('agentic-prod-usw2');
    expect(prod.metadata).toMatchObject({
      name: 'argocd-notifications-secret',
      namespace: 'argocd',
      labels: { 'cost-center': 'platform-engineering', layer: 'l00', environment: 'production' },
    });
    expect(prod.spec).toMatchObject({
      refreshInterval: '1h',
      secretStoreRef: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      target: { name: 'argocd-notifications-secret', creationPolicy: 'Owner', deletionPolicy: 'Retain' },
    });
    expect(CLUSTERS.map((c) => secretOf(c).spec.data.map((d) => d.secretKey))).toEqual([
      ['slack-token'],
      ['slack-token'],
      ['slack-token', 'pagerduty-key'],
      ['slack-token', 'pagerduty-key'],
    ]);
    expect(prod.spec.data[1]!.remoteRef).toEqual({
      key: 'platform/argocd/notifications',
      property: 'pagerduty-key',
    });
  });

  it('renders the hand-written edge scenarios clean', async () => {
    const edges = readdirSync(join(CHART_DIR, 'ci')).filter((f) => /^edge-.*-values\.yaml$/.test(f));
    expect(edges.length).toBeGreaterThan(0);
    const r = await checkChart(
      CHART_DIR,
      edges.map((f) => ({
        name: f,
        values: parse(readFileSync(join(CHART_DIR, 'ci', f), 'utf8')) as Record<string, unknown>,
      })),
    );
    expect(r.findings).toEqual([]);
  });

  it('fails rendering with one aggregated message for a refresh below 1m and a duplicated key', async () => {
    const bad = structuredClone(values['agentic-dev-usw2']!);
    bad.notificationsSecret.refreshInterval = '30s';
    bad.notificationsSecret.data.push(structuredClone(bad.notificationsSecret.data[0]!));
    const r = await checkChart(CHART_DIR, [{ name: 'bad', values: bad as Record<string, unknown> }]);
    expect(r.findings).toHaveLength(1);
    const message = (r.findings[0] as { message: string }).message;
    expect(message).toContain('argo-cd config values are invalid');
    expect(message).toContain('notificationsSecret.refreshInterval: at least 1m (E0208), found "30s"');
    expect(message).toContain('notificationsSecret.data: key "slack-token" is listed twice');
  });
});

describe('charts/argo-cd values.yaml', () => {
  it('documents every key with a "# --" comment and holds the development defaults', () => {
    const text = readFileSync(join(CHART_DIR, 'values.yaml'), 'utf8');
    const lines = text.split('\n');
    const undocumented = lines.flatMap((line, i) => {
      if (!/^\s*[a-zA-Z-]+:/.test(line)) return [];
      if (/^\s{4,}(key|property|remoteRef):/.test(line)) return [];
      let j = i - 1;
      while (j >= 0 && /^\s*#/.test(lines[j]!) && !/^\s*# --/.test(lines[j]!)) j--;
      return j >= 0 && /^\s*# --/.test(lines[j]!) ? [] : [line.trim()];
    });
    expect(undocumented).toEqual([]);
    const defaults = parse(text) as ChartValues;
    const dev = values['agentic-dev-usw2']!;
    expect(defaults.notificationsSecret).toEqual(dev.notificationsSecret);
    expect([defaults.virtualService, defaults.oidcSecret]).toEqual([dev.virtualService, dev.oidcSecret]);
  });
});
