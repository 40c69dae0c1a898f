import { join, resolve } from 'node:path';
import { missingLabels, type RenderedObject, renderUpstreamCharts } from '@platform/chart-harness';
import istio from '@platform/component-istio';
import { computeFleet, type Fleet } from '@platform/core';
import { loadFleetFor, standIn, withClusterOverride } from '@platform/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import externalDns, { type ExternalDnsValues } from './index.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
/** The real istio (its Gateway hosts are what ExternalDNS publishes) and stand-ins for the rest. */
const COMPONENTS = [
  externalDns,
  istio,
  standIn('prometheus-operator-crds'),
  standIn('cilium'),
  standIn('metrics-server'),
  standIn('aws-load-balancer-controller'),
  // Istio integrates cert-manager, so the fleet declares it; off, as ExternalDNS does not need it.
  standIn('cert-manager', () => false),
];

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
});

function compute(f: Fleet) {
  const { clusters, issues } = computeFleet(f, COMPONENTS);
  const values: Record<string, ExternalDnsValues> = {};
  const gatewayHosts: Record<string, string[]> = {};
  const failoverHosts: Record<string, string> = {};
  for (const cc of clusters) {
    const comp = cc.components.find((c) => c.definition.name === 'external-dns');
    if (!comp) continue;
    values[cc.context.cluster.name] = comp.targets['external-dns']!.values as ExternalDnsValues;
    const i = cc.components.find((c) => c.definition.name === 'istio');
    if (i) {
      const chart = i.targets.chart!.values as {
        gateway: { hosts: string[] };
        failoverGateway: { enabled: boolean; host: string };
      };
      gatewayHosts[cc.context.cluster.name] = chart.gateway.hosts;
      if (chart.failoverGateway.enabled) failoverHosts[cc.context.cluster.name] = chart.failoverGateway.host;
    }
  }
  return { clusters, issues, values, gatewayHosts, failoverHosts };
}

describe('external-dns values', () => {
  it('pins the chart exactly and installs after Istio, wherever Istio is on by default', () => {
    expect(externalDns.upstreamCharts.map((u) => [u.repoURL, u.chart, u.version])).toEqual([
      ['https://kubernetes-sigs.github.io/external-dns/', 'external-dns', '1.21.1'],
    ]);
    expect(externalDns.dependsOn).toContain('istio');
    const { issues, values } = compute(fleet);
    expect(issues).toEqual([]);
    expect(Object.keys(values).sort()).toEqual(['agentic-dr-use1', 'agentic-prod-usw2', 'agentic-stg-usw2']);
  });

  it("owns the records by cluster name, filters on the region's zone, upsert-only in production", () => {
    const { values } = compute(fleet);
    expect(values['agentic-dr-use1']).toMatchObject({
      txtOwnerId: 'agentic-dr-use1',
      domainFilters: ['us-east-1.example.com', 'example.com'],
      policy: 'upsert-only',
      sources: ['istio-gateway'],
      env: [{ name: 'AWS_DEFAULT_REGION', value: 'us-east-1' }],
    });
    expect(values['agentic-prod-usw2']).toMatchObject({
      txtOwnerId: 'agentic-prod-usw2',
      policy: 'upsert-only',
    });
    expect(values['agentic-stg-usw2']).toMatchObject({ txtOwnerId: 'agentic-stg-usw2', policy: 'sync' });
    // two clusters of one region share the zone, never the owner
    expect(values['agentic-prod-usw2']!.domainFilters[0]).toEqual(
      values['agentic-stg-usw2']!.domainFilters[0],
    );
  });

  it("publishes every host of the cluster's Istio Gateway (inside the domain filters)", () => {
    const { values, gatewayHosts } = compute(fleet);
    for (const [cluster, hosts] of Object.entries(gatewayHosts)) {
      expect(hosts.length).toBeGreaterThan(0);
      for (const h of hosts) {
        const name = h.replace(/^\*\./, '');
        const inside = values[cluster]!.domainFilters.some((z) => name === z || name.endsWith(`.${z}`));
        expect({ cluster, host: h, inside }).toEqual({ cluster, host: h, inside: true });
      }
    }
  });

  it("adds the failover name's zone on the production primary and DR, excluding the other regions' zones below it", () => {
    const { values, failoverHosts } = compute(fleet);
    expect(values['agentic-prod-usw2']).toMatchObject({
      domainFilters: ['us-west-2.example.com', 'example.com'],
      excludeDomains: ['us-east-1.example.com', 'eu-west-1.example.com'],
    });
    expect(values['agentic-dr-use1']).toMatchObject({
      domainFilters: ['us-east-1.example.com', 'example.com'],
      excludeDomains: ['us-west-2.example.com', 'eu-west-1.example.com'],
    });
    expect(values['agentic-stg-usw2']!.domainFilters).toEqual(['us-west-2.example.com']);
    expect(values['agentic-stg-usw2']!.excludeDomains).toBeUndefined();
    // the failover host each of them publishes is inside a domain filter
    expect(failoverHosts).toEqual({
      'agentic-dr-use1': 'api.example.com',
      'agentic-prod-usw2': 'api.example.com',
    });
    for (const [c, h] of Object.entries(failoverHosts))
      expect(values[c]!.domainFilters.some((z) => h.endsWith(`.${z}`))).toBe(true);
  });

  it('refuses sync in production, a shared owner id and a zone of another region', () => {
    const f = withClusterOverride(fleet, 'agentic-prod-usw2', 'external-dns', {
      'external-dns': { policy: 'sync', txtOwnerId: 'platform', domainFilters: ['us-east-1.example.com'] },
    });
    expect(compute(f).issues).toEqual([
      expect.objectContaining({
        code: 'rule:txt-owner-is-the-cluster',
        cluster: 'agentic-prod-usw2',
        component: 'external-dns',
        path: 'external-dns.txtOwnerId',
        expected: '"agentic-prod-usw2"',
        found: '"platform"',
      }),
      expect.objectContaining({
        code: 'rule:upsert-only-in-production',
        path: 'external-dns.policy',
        found: '"sync"',
      }),
      expect.objectContaining({
        code: 'rule:domains-in-the-region-zone',
        path: 'external-dns.domainFilters.0',
        expected: 'us-west-2.example.com or a subdomain of it, or the failover zone example.com',
        found: 'us-east-1.example.com',
      }),
    ]);
  });

  it('reports istio as a missing dependency where external-dns is on without it', () => {
    const f = withClusterOverride(
      withClusterOverride(fleet, 'agentic-dev-usw2', 'external-dns', {}, true),
      'agentic-stg-usw2',
      'istio',
      {},
      false,
    );
    expect(compute(f).issues.map((i) => `${i.cluster} ${i.code} ${i.path}`)).toEqual([
      'agentic-dev-usw2 missing-dependency components.istio.enabled',
      'agentic-dev-usw2 rule:istio-sources-need-istio external-dns.sources',
      'agentic-stg-usw2 missing-dependency components.istio.enabled',
      'agentic-stg-usw2 rule:istio-sources-need-istio external-dns.sources',
    ]);
  });
});

describe('the upstream external-dns chart rendered with the generated values', () => {
  const rendered = new Map<string, { environment: string; objects: RenderedObject[] }>();
  beforeAll(async () => {
    const { clusters } = compute(fleet);
    for (const cc of clusters) {
      const comp = cc.components.find((c) => c.definition.name === 'external-dns');
      if (!comp) continue;
      const objects = await renderUpstreamCharts(
        externalDns,
        comp.targets,
        cc.context.cluster.kubernetesVersion,
        ['monitoring.coreos.com/v1', 'networking.istio.io/v1'],
      );
      rendered.set(cc.context.cluster.name, {
        environment: cc.context.environment.name,
        objects: objects.get('external-dns')!,
      });
    }
  }, 120_000);

  const manifests = (cluster: string) =>
    rendered.get(cluster)!.objects.map((o) => o.manifest as Record<string, any>);

  it('runs with the Istio gateway source, the AWS provider and the owner id of the cluster', () => {
    const d = manifests('agentic-prod-usw2').find((m) => m.kind === 'Deployment')!;
    const args: string[] = d.spec.template.spec.containers[0].args;
    expect(args).toEqual(
      expect.arrayContaining([
        '--source=istio-gateway',
        '--policy=upsert-only',
        '--registry=txt',
        '--txt-owner-id=agentic-prod-usw2',
        '--domain-filter=us-west-2.example.com',
        '--provider=aws',
        '--aws-zone-type=public',
      ]),
    );
  });

  it("writes the failover zone but not the other regions' zones below it (rendered arguments)", () => {
    const args = (c: string): string[] =>
      manifests(c).find((m) => m.kind === 'Deployment')!.spec.template.spec.containers[0].args;
    expect(args('agentic-dr-use1')).toEqual(
      expect.arrayContaining([
        '--domain-filter=us-east-1.example.com',
        '--domain-filter=example.com',
        '--exclude-domains=us-west-2.example.com',
        '--exclude-domains=eu-west-1.example.com',
      ]),
    );
    expect(args('agentic-stg-usw2').filter((a) => /domain/.test(a))).toEqual([
      '--domain-filter=us-west-2.example.com',
    ]);
  });

  it('may read Istio Gateways (the RBAC the source needs) and has no IRSA annotation', () => {
    const role = manifests('agentic-stg-usw2').find((m) => m.kind === 'ClusterRole')!;
    expect(role.rules).toEqual(
      expect.arrayContaining([expect.objectContaining({ apiGroups: ['networking.istio.io'] })]),
    );
    const sa = manifests('agentic-stg-usw2').find((m) => m.kind === 'ServiceAccount')!;
    expect([sa.metadata.name, sa.metadata.annotations]).toEqual(['external-dns', undefined]);
  });

  it('labels every Deployment as Gatekeeper requires', () => {
    expect(rendered.size).toBe(3);
    for (const [cluster, r] of rendered) {
      const required = { 'cost-center': 'platform-engineering', layer: 'l00', environment: r.environment };
      expect({ cluster, missing: missingLabels(r.objects, required) }).toEqual({ cluster, missing: [] });
    }
  });
});
