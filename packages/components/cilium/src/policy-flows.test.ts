import { join, resolve } from 'node:path';
import { checkChart } from '@platform/chart-harness';
import crds from '@platform/component-prometheus-operator-crds';
import {
  type ComponentDefinition,
  computeFleet,
  type Fleet,
  loadFleet,
  withOverridesOnlyFor,
} from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import cilium from './index.ts';

/**
 * The clusterwide policies our chart renders for a strict (production) cluster, evaluated for a
 * table of flows as Cilium combines them: deny rules win, allows add up, and an endpoint is in
 * default deny for a direction when any policy selecting it says so. "not allowed" for in-cluster
 * flows means the clusterwide policies leave the decision to the namespaces' NetworkPolicies
 * (platform-baseline default-deny, Redis), which is what keeps them effective.
 */

const root = resolve(import.meta.dirname, '../../../..');

const standIn = (name: string, namespace: string): ComponentDefinition => ({
  name,
  namespace,
  description: 'stand-in',
  upstreamCharts: [],
  dependsOn: [],
  enabledByDefault: () => true,
  values: () => ({}),
  rules: [],
});

interface Endpoint {
  namespace: string;
  nsLabels?: Record<string, string>;
  labels?: Record<string, string>;
}
type Peer = { world: true } | { endpoint: Endpoint } | { fqdn: string; port: number };
type Policy = { spec: Record<string, unknown> };
type Selector = {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
};

function labelOf(ep: Endpoint, key: string): string | undefined {
  const k = key.replace(/^k8s:/, '');
  if (k === 'io.kubernetes.pod.namespace') return ep.namespace;
  const ns = /^io\.cilium\.k8s\.namespace\.labels\.(.+)$/.exec(k);
  if (ns) return ep.nsLabels?.[ns[1] as string];
  return ep.labels?.[k];
}

function selects(sel: Selector | undefined, ep: Endpoint): boolean {
  if (sel === undefined) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labelOf(ep, k) !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const v = labelOf(ep, e.key);
    const ok =
      e.operator === 'In'
        ? v !== undefined && (e.values ?? []).includes(v)
        : e.operator === 'NotIn'
          ? v === undefined || !(e.values ?? []).includes(v)
          : e.operator === 'Exists'
            ? v !== undefined
            : v === undefined;
    if (!ok) return false;
  }
  return true;
}

type Rule = Record<string, unknown>;
const ports = (r: Rule) =>
  ((r.toPorts as { ports: { port: string }[] }[] | undefined) ?? []).flatMap((p) =>
    p.ports.map((x) => Number(x.port)),
  );

function peerMatches(r: Rule, peer: Peer, dir: 'from' | 'to'): boolean {
  const entities = (r[`${dir}Entities`] as string[] | undefined) ?? [];
  const portOk = (port: number) => ports(r).length === 0 || ports(r).includes(port);
  if ('world' in peer) return entities.includes('world') || entities.includes('all');
  if ('endpoint' in peer)
    return (
      entities.some((e) => e === 'cluster' || e === 'all') ||
      ((r[`${dir}Endpoints`] as Selector[] | undefined) ?? []).some((s) => selects(s, peer.endpoint))
    );
  const fqdn = ((r.toFQDNs as { matchName?: string; matchPattern?: string }[] | undefined) ?? []).some((f) =>
    f.matchName !== undefined
      ? f.matchName === peer.fqdn
      : new RegExp(`^${(f.matchPattern ?? '').replace(/\./g, '\\.').replace(/\*/g, '[-a-z0-9.]*')}$`).test(
          peer.fqdn,
        ),
  );
  return (fqdn || entities.includes('world') || entities.includes('all')) && portOk(peer.port);
}

/** allowed, denied (default deny or a deny rule), or open (no clusterwide decision). */
function verdict(policies: Policy[], ep: Endpoint, peer: Peer, dir: 'ingress' | 'egress'): string {
  const mine = policies.filter((p) => selects(p.spec.endpointSelector as Selector, ep));
  const side = dir === 'ingress' ? 'from' : 'to';
  if (mine.some((p) => ((p.spec[`${dir}Deny`] as Rule[]) ?? []).some((r) => peerMatches(r, peer, side))))
    return 'denied';
  if (mine.some((p) => ((p.spec[dir] as Rule[]) ?? []).some((r) => peerMatches(r, peer, side))))
    return 'allowed';
  const defaultDeny = mine.some((p) => {
    const d = (p.spec.enableDefaultDeny as Record<string, boolean> | undefined)?.[dir];
    return d ?? (p.spec[dir] !== undefined || p.spec[`${dir}Deny`] !== undefined);
  });
  return defaultDeny ? 'denied' : 'open';
}

let policies: Policy[];
beforeAll(async () => {
  const fleet: Fleet = withOverridesOnlyFor(await loadFleet(join(root, 'gitops')), ['cilium']);
  const components = [
    crds,
    cilium,
    standIn('istio', 'istio-system'),
    standIn('cert-manager', 'cert-manager'),
    standIn('external-secrets', 'external-secrets'),
    standIn('observability', 'monitoring'),
    standIn('opencost', 'infrastructure'),
  ];
  const { clusters, issues } = computeFleet(fleet, components);
  expect(issues).toEqual([]);
  const cc = clusters.find((c) => c.context.cluster.name === 'agentic-prod-usw2')!;
  const values = cc.components.find((c) => c.definition.name === 'cilium')!.targets.chart!.values;
  const result = await checkChart(join(root, 'charts/cilium'), [
    { name: 'prod', values, releaseName: 'cilium-config' },
  ]);
  expect(result.findings).toEqual([]);
  policies = (result.objects.get('prod') ?? []).map((o) => o.manifest as Policy);
}, 120_000);

const agent: Endpoint = {
  namespace: 'agent-pool-default',
  nsLabels: { tier: 'agent' },
  labels: { app: 'agent' },
};
const dataLayer: Endpoint = {
  namespace: 'data-layer',
  nsLabels: { tier: 'application' },
  labels: { app: 'x' },
};
const redis: Endpoint = {
  namespace: 'infrastructure',
  nsLabels: { tier: 'platform' },
  labels: { 'app.kubernetes.io/name': 'redis' },
};
const gateway: Endpoint = {
  namespace: 'istio-system',
  nsLabels: { tier: 'platform' },
  labels: { istio: 'ingressgateway' },
};
const apiGateway: Endpoint = {
  namespace: 'api-gateway',
  nsLabels: { tier: 'application' },
  labels: { app: 'api' },
};
const eso: Endpoint = {
  namespace: 'external-secrets',
  nsLabels: { tier: 'platform' },
  labels: { 'app.kubernetes.io/name': 'external-secrets' },
};
const prometheus: Endpoint = { namespace: 'monitoring', labels: { 'app.kubernetes.io/name': 'prometheus' } };
const at = (name: string): Endpoint => ({
  namespace: 'monitoring',
  labels: { 'app.kubernetes.io/name': name },
});

describe('the clusterwide policies of a strict cluster, for a table of flows', () => {
  it.each([
    ['agent pool -> Redis (ingress at Redis)', redis, { endpoint: agent }, 'ingress', 'open'],
    ['data layer -> Redis (ingress at Redis)', redis, { endpoint: dataLayer }, 'ingress', 'open'],
    ['agent pool -> anything in the cluster (egress)', agent, { endpoint: redis }, 'egress', 'denied'],
    ['Prometheus -> every scrape port (egress)', prometheus, { endpoint: agent }, 'egress', 'allowed'],
    ['internet -> Istio ingress gateway :443', gateway, { world: true }, 'ingress', 'allowed'],
    ['internet -> an API gateway pod', apiGateway, { world: true }, 'ingress', 'denied'],
    ['internet -> Redis', redis, { world: true }, 'ingress', 'denied'],
    ['ESO -> Vault :8200', eso, { fqdn: 'vault.us-west-2.example.com', port: 8200 }, 'egress', 'allowed'],
    [
      'ESO -> Vault on another port',
      eso,
      { fqdn: 'vault.us-west-2.example.com', port: 443 },
      'egress',
      'denied',
    ],
    [
      'cert-manager -> ACME',
      { namespace: 'cert-manager', labels: {} },
      { fqdn: 'acme-v02.api.letsencrypt.org', port: 443 },
      'egress',
      'allowed',
    ],
    [
      'cert-manager -> Route53',
      { namespace: 'cert-manager', labels: {} },
      { fqdn: 'route53.amazonaws.com', port: 443 },
      'egress',
      'allowed',
    ],
    ['Loki -> S3', at('loki'), { fqdn: 'chunks.s3.us-west-2.amazonaws.com', port: 443 }, 'egress', 'allowed'],
    ['Tempo -> S3', at('tempo'), { fqdn: 's3.us-west-2.amazonaws.com', port: 443 }, 'egress', 'allowed'],
    [
      'Alertmanager -> Slack',
      at('alertmanager'),
      { fqdn: 'hooks.slack.com', port: 443 },
      'egress',
      'allowed',
    ],
    [
      'Alertmanager -> PagerDuty',
      at('alertmanager'),
      { fqdn: 'events.pagerduty.com', port: 443 },
      'egress',
      'allowed',
    ],
    ['Grafana -> Slack', at('grafana'), { fqdn: 'hooks.slack.com', port: 443 }, 'egress', 'denied'],
    [
      'OpenCost -> AWS pricing',
      { namespace: 'infrastructure', labels: { 'app.kubernetes.io/name': 'opencost' } },
      { fqdn: 'api.pricing.us-east-1.amazonaws.com', port: 443 },
      'egress',
      'allowed',
    ],
    [
      'Redis -> AWS pricing',
      redis,
      { fqdn: 'api.pricing.us-east-1.amazonaws.com', port: 443 },
      'egress',
      'denied',
    ],
    ['agent pool -> the internet', agent, { fqdn: 'example.com', port: 443 }, 'egress', 'denied'],
    ['ESO -> the internet', eso, { fqdn: 'example.com', port: 443 }, 'egress', 'denied'],
  ] as [string, Endpoint, Peer, 'ingress' | 'egress', string][])(
    '%s: %s',
    (_name, ep, peer, dir, expected) => {
      expect(verdict(policies, ep, peer, dir)).toBe(expected);
    },
  );

  it('allows `cluster` clusterwide to no endpoint of a self-isolated tier, in either direction', () => {
    for (const ep of [agent, dataLayer, apiGateway]) {
      expect(verdict(policies, ep, { endpoint: redis }, 'ingress')).not.toBe('allowed');
      expect(verdict(policies, ep, { endpoint: redis }, 'egress')).not.toBe('allowed');
    }
  });
});
