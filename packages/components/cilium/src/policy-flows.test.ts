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
import { type CiliumPolicy, type FlowEndpoint, type FlowPeer, flowVerdict } from '@platform/fleet-checks';
import { beforeAll, describe, expect, it } from 'vitest';
import cilium from './index.ts';

/**
 * The clusterwide policies our chart renders for a strict (production) cluster, evaluated for a
 * table of flows as Cilium combines them (`flowVerdict`). "open" for in-cluster flows means the
 * clusterwide policies leave the decision to the namespaces' NetworkPolicies (platform-baseline
 * default-deny, Redis), which is what keeps them effective. The egress of the real components is
 * evaluated on the rendered default fleet (packages/fleet-checks, default-fleet.test.ts); here a
 * stand-in declares one endpoint, to show how the chart turns a declaration into a policy.
 */

const root = resolve(import.meta.dirname, '../../../..');

const standIn = (
  name: string,
  namespace: string,
  egress?: ComponentDefinition['egress'],
): ComponentDefinition => ({
  name,
  namespace,
  description: 'stand-in',
  upstreamCharts: [],
  dependsOn: [],
  enabledByDefault: () => true,
  values: () => ({}),
  rules: [],
  ...(egress ? { egress } : {}),
});

/** The stand-in's declaration: the region's Vault, on its port, for the whole namespace. */
const vaultEgress: ComponentDefinition['egress'] = (ctx) => {
  const vault = new URL(ctx.region.vaultAddress);
  return [
    {
      name: 'external-secrets-vault',
      namespace: 'external-secrets',
      fqdns: [vault.hostname],
      ports: [Number(vault.port)],
      purpose: 'Vault',
    },
  ];
};

type Endpoint = FlowEndpoint;
type Peer = FlowPeer;
const verdict = flowVerdict;

let policies: CiliumPolicy[];
beforeAll(async () => {
  const fleet: Fleet = withOverridesOnlyFor(await loadFleet(join(root, 'gitops')), ['cilium']);
  const components = [
    crds,
    cilium,
    standIn('istio', 'istio-system'),
    standIn('external-secrets', 'external-secrets', vaultEgress),
  ];
  const { clusters, issues } = computeFleet(fleet, components);
  expect(issues).toEqual([]);
  const cc = clusters.find((c) => c.context.cluster.name === 'agentic-prod-usw2')!;
  const values = cc.components.find((c) => c.definition.name === 'cilium')!.targets.chart!.values;
  const result = await checkChart(join(root, 'charts/cilium'), [
    { name: 'prod', values, releaseName: 'cilium-config' },
  ]);
  expect(result.findings).toEqual([]);
  policies = (result.objects.get('prod') ?? []).map((o) => o.manifest as unknown as CiliumPolicy);
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
      'ESO (its service account) -> the EKS Pod Identity agent',
      { ...eso, labels: { 'io.cilium.k8s.policy.serviceaccount': 'external-secrets' } },
      { ip: '169.254.170.23', port: 80 },
      'egress',
      'allowed',
    ],
    [
      'ESO (another service account) -> the Pod Identity agent',
      eso,
      { ip: '169.254.170.23', port: 80 },
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
