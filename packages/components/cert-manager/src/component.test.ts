import { join, resolve } from 'node:path';
import { checkChart, missingLabels, renderUpstreamCharts } from '@platform/chart-harness';
import cilium from '@platform/component-cilium';
import crds from '@platform/component-prometheus-operator-crds';
import { computeFleet, type Fleet, loadFleet, withOverridesOnlyFor } from '@platform/core';
import { standIn } from '@platform/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import certManager, { type CertManagerValues, type ChartValues } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
/** Cilium integrates Istio, so the fleet declares it; off, as these tests run without it. */
const COMPONENTS = [crds, cilium, certManager, standIn('istio', () => false)];
let fleet: Fleet;
beforeAll(async () => {
  fleet = withOverridesOnlyFor(await loadFleet(join(root, 'gitops')), [
    'prometheus-operator-crds',
    'cilium',
    'cert-manager',
  ]);
});

// A placeholder, not a certificate: base64 of FAKE-CA-FOR-TESTS-ONLY
const FAKE_CA = '-----BEGIN CERTIFICATE-----\nRkFLRS1DQS1GT1ItVEVTVFMtT05MWQ==\n-----END CERTIFICATE-----\n';
/** The fleet with a private CA for Vault in us-east-1 only. */
function withVaultCa(f: Fleet): Fleet {
  const regions = f.settings.regions.map((r) =>
    r.name === 'us-east-1' ? { ...r, vaultCaBundle: FAKE_CA } : r,
  );
  return { ...f, settings: { ...f.settings, regions } };
}

function computed() {
  const { clusters, issues } = computeFleet(fleet, COMPONENTS);
  expect(issues).toEqual([]);
  return Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'cert-manager')!;
      return [
        cc.context.cluster.name,
        {
          upstream: comp.targets['cert-manager']!.values as CertManagerValues,
          chart: comp.targets.chart!.values as ChartValues,
        },
      ];
    }),
  );
}

describe('cert-manager values', () => {
  it('installs CRDs with crds.enabled (not the deprecated installCRDs) and keeps them', () => {
    const v = computed()['agentic-prod-usw2']!.upstream;
    expect(v.crds).toEqual({ enabled: true, keep: true });
    expect(v).not.toHaveProperty('installCRDs');
  });

  it('scales replicas and PDBs with the environment', () => {
    const c = computed();
    expect([
      c['agentic-dev-usw2']!.upstream.replicaCount,
      c['agentic-dev-usw2']!.upstream.podDisruptionBudget.enabled,
    ]).toEqual([1, false]);
    expect([
      c['agentic-prod-usw2']!.upstream.replicaCount,
      c['agentic-prod-usw2']!.upstream.podDisruptionBudget.enabled,
    ]).toEqual([3, true]);
  });

  it('creates the issuers of each environment with its default issuer', () => {
    const c = computed();
    expect(c['agentic-dev-usw2']!.chart).toMatchObject({
      defaultIssuer: 'self-signed',
      issuers: ['self-signed', 'vault-pki'],
    });
    expect(c['agentic-stg-usw2']!.chart).toMatchObject({
      defaultIssuer: 'letsencrypt-staging',
      issuers: ['self-signed', 'letsencrypt-staging', 'vault-pki'],
    });
    expect(c['agentic-prod-usw2']!.chart).toMatchObject({
      defaultIssuer: 'letsencrypt-prod',
      issuers: ['self-signed', 'letsencrypt-staging', 'letsencrypt-prod', 'vault-pki'],
    });
  });

  it('solves DNS-01 in the cluster region and signs with the Vault of that region', () => {
    const dr = computed()['agentic-dr-use1']!.chart;
    expect(dr.acme.region).toBe('us-east-1');
    expect(dr.vault.server).toBe('https://vault.us-east-1.example.com:8200');
  });

  it('fails when production would default to the staging ACME issuer', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-prod-usw2'
          ? {
              ...c,
              components: { 'cert-manager': { values: { chart: { defaultIssuer: 'letsencrypt-staging' } } } },
            }
          : c,
      ),
    };
    const { issues } = computeFleet(f, COMPONENTS);
    expect(issues.map((i) => i.code)).toEqual(['rule:no-staging-acme-by-default-in-production']);
  });
});

describe('charts/cert-manager rendered with the real helm', () => {
  it('renders valid cert-manager.io/v1 ClusterIssuers for every cluster, only those of the environment', async () => {
    const scenarios = Object.entries(computed()).map(([name, v]) => ({
      name,
      values: v.chart,
      namespace: 'cert-manager',
    }));
    const result = await checkChart(join(root, 'charts/cert-manager'), scenarios);
    expect(result.findings).toEqual([]);
    const issuers = (cluster: string) =>
      (result.objects.get(cluster) ?? [])
        .filter((o) => o.manifest.kind === 'ClusterIssuer')
        .map((o) => (o.manifest.metadata as { name: string }).name)
        .sort();
    expect(issuers('agentic-dev-usw2')).toEqual(['self-signed', 'vault-pki']);
    expect(issuers('agentic-prod-usw2')).toEqual([
      'letsencrypt-prod',
      'letsencrypt-staging',
      'self-signed',
      'vault-pki',
    ]);
    const prod = result.objects
      .get('agentic-prod-usw2')!
      .find((o) => (o.manifest.metadata as { name: string }).name === 'letsencrypt-prod')!;
    expect((prod.manifest.metadata as { annotations?: Record<string, string> }).annotations).toEqual({
      'platform.gitops/default-issuer': 'true',
    });
  });
});

describe('the Route53 failover name (fleet.yaml dnsFailover)', () => {
  it("solves DNS-01 in the failover name's zone too, on the production primary and DR only", async () => {
    const v = computed();
    const scenarios = ['agentic-dr-use1', 'agentic-stg-usw2'].map((name) => ({
      name,
      values: v[name]!.chart,
      namespace: 'cert-manager',
    }));
    const result = await checkChart(join(root, 'charts/cert-manager'), scenarios);
    expect(result.findings).toEqual([]);
    const zones = (cluster: string, issuer: string) =>
      (
        result.objects.get(cluster)!.find((o) => (o.manifest.metadata as { name: string }).name === issuer)!
          .manifest as {
          spec: { acme: { solvers: { selector: { dnsZones: string[] } }[] } };
        }
      ).spec.acme.solvers[0]!.selector.dnsZones;
    expect(zones('agentic-dr-use1', 'letsencrypt-prod')).toEqual(['us-east-1.example.com', 'example.com']);
    expect(zones('agentic-stg-usw2', 'letsencrypt-staging')).toEqual(['us-west-2.example.com']);
    expect(v['agentic-prod-usw2']!.chart.acme.extraDnsZones).toEqual(['example.com']);
  });
});

describe('Vault TLS trust in the vault-pki issuer', () => {
  it("sets caBundle (base64 PEM, as the CRD requires) from the region's vaultCaBundle only", async () => {
    const { clusters, issues } = computeFleet(withVaultCa(fleet), COMPONENTS);
    expect(issues).toEqual([]);
    const scenarios = ['agentic-dr-use1', 'agentic-prod-usw2'].map((name) => ({
      name,
      namespace: 'cert-manager',
      values: clusters
        .find((c) => c.context.cluster.name === name)!
        .components.find((c) => c.definition.name === 'cert-manager')!.targets.chart!.values,
    }));
    const result = await checkChart(join(root, 'charts/cert-manager'), scenarios);
    expect(result.findings).toEqual([]);
    const vault = (name: string) =>
      (
        result.objects
          .get(name)!
          .find(
            (o) =>
              (o.manifest.metadata as { name: string }).name === 'vault-pki' &&
              o.manifest.kind === 'ClusterIssuer',
          )!.manifest as { spec: { vault: { caBundle?: string } } }
      ).spec.vault;
    expect(Buffer.from(vault('agentic-dr-use1').caBundle ?? '', 'base64').toString()).toBe(FAKE_CA);
    expect(vault('agentic-prod-usw2').caBundle).toBeUndefined();
  });
});

describe('cert-manager bad input', () => {
  it('rejects an unknown issuer name with a suggestion', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-stg-usw2'
          ? {
              ...c,
              components: { 'cert-manager': { values: { chart: { defaultIssuer: 'letsencrypt-stagign' } } } },
            }
          : c,
      ),
    };
    const { issues } = computeFleet(f, COMPONENTS);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'invalid-value',
        cluster: 'agentic-stg-usw2',
        component: 'cert-manager',
        path: 'chart.defaultIssuer',
        file: 'gitops/clusters/agentic-stg-usw2.yaml',
        hint: 'Did you mean "letsencrypt-staging"?',
      }),
    ]);
  });
});

describe('the upstream cert-manager chart rendered with the generated values', () => {
  it('labels every Deployment, StatefulSet, DaemonSet and Namespace as Gatekeeper requires', async () => {
    const { clusters, issues } = computeFleet(fleet, COMPONENTS);
    expect(issues).toEqual([]);
    for (const cc of clusters) {
      const comp = cc.components.find((c) => c.definition.name === 'cert-manager')!;
      const objects = (
        await renderUpstreamCharts(certManager, comp.targets, cc.context.cluster.kubernetesVersion, [
          'monitoring.coreos.com/v1',
        ])
      ).get('cert-manager')!;
      expect(objects.filter((o) => o.manifest.kind === 'Deployment')).toHaveLength(3);
      const required = {
        'cost-center': 'platform-engineering',
        layer: 'l00',
        environment: cc.context.environment.name,
      };
      expect({ cluster: cc.context.cluster.name, missing: missingLabels(objects, required) }).toEqual({
        cluster: cc.context.cluster.name,
        missing: [],
      });
    }
  }, 120_000);
  it('spreads every replicated Deployment across zones and nodes, selecting its own pods', async () => {
    const { clusters } = computeFleet(fleet, COMPONENTS);
    for (const cc of clusters) {
      const comp = cc.components.find((c) => c.definition.name === 'cert-manager')!;
      const rendered = await renderUpstreamCharts(
        certManager,
        comp.targets,
        cc.context.cluster.kubernetesVersion,
        ['monitoring.coreos.com/v1'],
      );
      const deployments = [...rendered.values()]
        .flat()
        .map((o) => o.manifest as { metadata: { name: string }; spec: Record<string, any> })
        .filter((m) => (m as { kind?: string }).kind === 'Deployment');
      for (const d of deployments) {
        const pod = d.spec.template;
        const spreads = (pod.spec.topologySpreadConstraints ?? []) as {
          topologyKey: string;
          labelSelector: { matchLabels: Record<string, string> };
        }[];
        const where = `${cc.context.cluster.name} ${d.metadata.name}`;
        if (d.spec.replicas > 1) {
          expect(
            spreads.map((s) => s.topologyKey),
            where,
          ).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
          for (const s of spreads)
            expect(pod.metadata.labels, where).toMatchObject(s.labelSelector.matchLabels);
        } else expect(spreads, where).toEqual([]);
      }
      expect(deployments.some((d) => d.spec.replicas > 1)).toBe(cc.context.environment.replicas > 1);
    }
  }, 120_000);
});
