import { join, resolve } from 'node:path';
import { checkChart, checkObjects, missingLabels, renderUpstreamCharts } from '@platform/chart-harness';
import certManager from '@platform/component-cert-manager';
import cilium from '@platform/component-cilium';
import crds from '@platform/component-prometheus-operator-crds';
import {
  computeFleet,
  type Fleet,
  loadFleet,
  POD_IDENTITY_ROLES,
  withOverridesOnlyFor,
} from '@platform/core';
import { standIn } from '@platform/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import externalSecrets, { chartValues, type EsoValues } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
/** Cilium integrates Istio, so the fleet declares it; off, as these tests run without it. */
const COMPONENTS = [crds, cilium, certManager, externalSecrets, standIn('istio', () => false)];
let fleet: Fleet;
beforeAll(async () => {
  fleet = withOverridesOnlyFor(await loadFleet(join(root, 'gitops')), [
    'prometheus-operator-crds',
    'cilium',
    'cert-manager',
    'external-secrets',
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

function computed(cluster: string) {
  const { clusters, issues } = computeFleet(fleet, COMPONENTS);
  expect(issues).toEqual([]);
  const comp = clusters
    .find((c) => c.context.cluster.name === cluster)!
    .components.find((c) => c.definition.name === 'external-secrets')!;
  return {
    eso: comp.targets['external-secrets']!.values as EsoValues,
    reloader: comp.targets.reloader!.values as { reloader: { enableHA: boolean } },
    chart: comp.targets.chart!.values as { vault: { server: string } },
    wave: comp.wave,
  };
}

describe('external-secrets values', () => {
  it('is HA with PDBs outside development, single replica without PDB in development', () => {
    const dev = computed('agentic-dev-usw2');
    const prod = computed('agentic-prod-usw2');
    expect([
      dev.eso.replicaCount,
      dev.eso.podDisruptionBudget.enabled,
      dev.reloader.reloader.enableHA,
    ]).toEqual([1, false, false]);
    expect([
      prod.eso.replicaCount,
      prod.eso.podDisruptionBudget.enabled,
      prod.reloader.reloader.enableHA,
    ]).toEqual([3, true, true]);
    expect(prod.eso.webhook.replicaCount).toBe(3);
  });

  it('reads Vault in the cluster region: the primary in us-west-2, the replica in us-east-1', () => {
    expect(computed('agentic-prod-usw2').chart.vault.server).toBe('https://vault.us-west-2.example.com:8200');
    expect(computed('agentic-dr-use1').chart.vault.server).toBe('https://vault.us-east-1.example.com:8200');
  });

  it('installs after the monitoring CRDs, cilium and cert-manager (its webhook certificate)', () => {
    expect(computed('agentic-prod-usw2').wave).toBe(3);
  });

  it('rejects a refresh interval below one minute (E0208)', () => {
    const v = structuredClone(computed('agentic-prod-usw2').chart) as Record<string, unknown>;
    v.externalSecrets = [
      {
        name: 'x',
        namespace: 'a',
        refreshInterval: '30s',
        target: 'x',
        data: [{ secretKey: 'k', remoteRef: { key: 'p' } }],
      },
    ];
    const res = chartValues.safeParse(v);
    expect(res.success).toBe(false);
    expect(res.error?.issues[0]?.message).toMatch(/below 1m.*E0208/);
  });

  it('reports a rule violation for more than one replica without leader election', () => {
    const c = computeFleet(fleet, COMPONENTS).clusters.find(
      (x) => x.context.cluster.name === 'agentic-prod-usw2',
    )!;
    const values = Object.fromEntries(
      Object.entries(c.components.find((x) => x.definition.name === 'external-secrets')!.targets).map(
        ([t, tv]) => [t, structuredClone(tv.values)],
      ),
    ) as Record<string, any>;
    values['external-secrets'].leaderElect = false;
    const found = externalSecrets.rules.flatMap((r) => r.check(values, c.context) ?? []);
    expect(found).toEqual([{ path: 'external-secrets.leaderElect', expected: 'true', found: 'false' }]);
  });
});

describe('charts/external-secrets rendered with the real helm', () => {
  it('renders an external-secrets.io/v1 ClusterSecretStore per cluster and the ExternalSecrets asked for', async () => {
    const chartDir = join(root, 'charts/external-secrets');
    const { clusters } = computeFleet(fleet, COMPONENTS);
    const scenarios = clusters.map((cc) => ({
      name: cc.context.cluster.name,
      values: cc.components.find((c) => c.definition.name === 'external-secrets')!.targets.chart!.values,
    }));
    const withSecret = structuredClone(scenarios[0]!);
    withSecret.name = 'with-secret';
    (withSecret.values as Record<string, unknown>).externalSecrets = [
      {
        name: 'redis-auth',
        namespace: 'data',
        refreshInterval: '1h',
        target: 'redis-auth',
        data: [{ secretKey: 'password', remoteRef: { key: 'platform/redis', property: 'password' } }],
      },
    ];
    const result = await checkChart(chartDir, [...scenarios, withSecret]);
    expect(result.findings).toEqual([]);
    const kinds = (result.objects.get('with-secret') ?? []).map(
      (o) => `${o.manifest.apiVersion} ${o.manifest.kind}`,
    );
    expect(kinds.sort()).toEqual([
      'external-secrets.io/v1 ClusterSecretStore',
      'external-secrets.io/v1 ClusterSecretStore',
      'external-secrets.io/v1 ClusterSecretStore',
      'external-secrets.io/v1 ExternalSecret',
    ]);
  });

  it('renders the vault-pki and aws-secrets-manager ClusterSecretStores, valid against the v1 CRD', async () => {
    const { clusters } = computeFleet(withVaultCa(fleet), COMPONENTS);
    const scenarios = ['agentic-prod-usw2', 'agentic-dr-use1'].map((name) => ({
      name,
      values: clusters
        .find((c) => c.context.cluster.name === name)!
        .components.find((c) => c.definition.name === 'external-secrets')!.targets.chart!.values,
    }));
    // checkChart validates every store against the external-secrets.io/v1 CRD schema
    const result = await checkChart(join(root, 'charts/external-secrets'), scenarios);
    expect(result.findings).toEqual([]);
    const store = (scenario: string, name: string) =>
      result.objects
        .get(scenario)!
        .find((o) => o.manifest.kind === 'ClusterSecretStore' && (o.manifest.metadata as any).name === name)
        ?.manifest as { spec: { provider: Record<string, any> } } | undefined;
    expect(store('agentic-prod-usw2', 'vault-pki')?.spec.provider).toEqual({
      vault: {
        server: 'https://vault.us-west-2.example.com:8200',
        path: 'pki_int',
        version: 'v1',
        auth: {
          kubernetes: {
            mountPath: 'kubernetes-agentic-prod-usw2',
            role: 'external-secrets',
            serviceAccountRef: { name: 'external-secrets', namespace: 'external-secrets' },
          },
        },
      },
    });
    // the same private-CA trust as vault-backend where the region has one
    expect(
      Buffer.from(store('agentic-dr-use1', 'vault-pki')!.spec.provider.vault.caBundle, 'base64').toString(),
    ).toBe(FAKE_CA);
    // no auth block: the controller's own credentials, from its EKS Pod Identity association
    expect(store('agentic-prod-usw2', 'aws-secrets-manager')?.spec.provider).toEqual({
      aws: { service: 'SecretsManager', region: 'us-west-2' },
    });
    expect(store('agentic-dr-use1', 'aws-secrets-manager')?.spec.provider).toEqual({
      aws: { service: 'SecretsManager', region: 'us-east-1' },
    });
    expect(POD_IDENTITY_ROLES).toContainEqual(
      expect.objectContaining({
        component: 'external-secrets',
        namespace: 'external-secrets',
        serviceAccount: 'external-secrets',
        purpose: expect.stringContaining('secretsmanager:GetSecretValue'),
      }),
    );
  });

  it("trusts the private CA of the region's Vault in the store (caBundle, base64) and nowhere else", async () => {
    const { clusters, issues } = computeFleet(withVaultCa(fleet), COMPONENTS);
    expect(issues).toEqual([]);
    const scenarios = ['agentic-dr-use1', 'agentic-prod-usw2'].map((name) => ({
      name,
      values: clusters
        .find((c) => c.context.cluster.name === name)!
        .components.find((c) => c.definition.name === 'external-secrets')!.targets.chart!.values,
    }));
    const result = await checkChart(join(root, 'charts/external-secrets'), scenarios);
    expect(result.findings).toEqual([]);
    const vault = (name: string) =>
      (
        result.objects.get(name)!.find((o) => o.manifest.kind === 'ClusterSecretStore')!.manifest as {
          spec: { provider: { vault: { caBundle?: string; caProvider?: unknown } } };
        }
      ).spec.provider.vault;
    expect(Buffer.from(vault('agentic-dr-use1').caBundle ?? '', 'base64').toString()).toBe(FAKE_CA);
    expect(vault('agentic-prod-usw2').caBundle).toBeUndefined();
  });

  it('would reject the unserved external-secrets.io/v1beta1 (the harness check can fail)', async () => {
    const chartDir = join(root, 'charts/external-secrets');
    const result = await checkChart(chartDir, [
      { name: 'x', values: { vault: { server: 'https://vault.example.com' } } },
    ]);
    const store = result.objects.get('x')![0]!;
    const findings = await checkObjects(
      [{ ...store, manifest: { ...store.manifest, apiVersion: 'external-secrets.io/v1beta1' } }],
      { scenario: 'x' },
    );
    expect(findings.map((f) => f.check)).toContain('served-api');
    expect(findings.find((f) => f.check === 'served-api')?.message).toMatch(/external-secrets\.io\/v1/);
  });
});

describe('external-secrets bad input', () => {
  it('rejects a Vault address that is not https', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-dr-use1'
          ? {
              ...c,
              components: {
                'external-secrets': {
                  values: { chart: { vault: { server: 'http://vault.example.com:8200' } } },
                },
              },
            }
          : c,
      ),
    };
    const { issues } = computeFleet(f, COMPONENTS);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'rule:vault-https',
        cluster: 'agentic-dr-use1',
        path: 'chart.vault.server',
        expected: 'an https:// URL',
      }),
    ]);
  });

  it('scales the DR cluster to two controller replicas', () => {
    expect(computed('agentic-dr-use1').eso.replicaCount).toBe(2);
  });
});

describe('the upstream external-secrets and reloader charts rendered with the generated values', () => {
  it('label every Deployment, StatefulSet, DaemonSet and Namespace as Gatekeeper requires', async () => {
    const { clusters, issues } = computeFleet(fleet, COMPONENTS);
    expect(issues).toEqual([]);
    for (const cc of clusters) {
      const comp = cc.components.find((c) => c.definition.name === 'external-secrets')!;
      const rendered = await renderUpstreamCharts(
        externalSecrets,
        comp.targets,
        cc.context.cluster.kubernetesVersion,
        ['monitoring.coreos.com/v1'],
      );
      const objects = [...rendered.values()].flat();
      // controller, webhook, reloader: no cert controller, cert-manager issues the webhook certificate
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
      const comp = cc.components.find((c) => c.definition.name === 'external-secrets')!;
      const rendered = await renderUpstreamCharts(
        externalSecrets,
        comp.targets,
        cc.context.cluster.kubernetesVersion,
        ['monitoring.coreos.com/v1'],
      );
      const deployments = [...rendered.values()]
        .flat()
        .map((o) => o.manifest as { metadata: { name: string }; spec: Record<string, any> })
        .filter(
          (m) => (m as { kind?: string }).kind === 'Deployment' && !m.metadata.name.includes('reloader'),
        );
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

  it("issues the webhook's serving certificate from the vault-pki ClusterIssuer through cert-manager", async () => {
    const { clusters, issues } = computeFleet(fleet, COMPONENTS);
    expect(issues).toEqual([]);
    for (const cc of clusters) {
      const comp = cc.components.find((c) => c.definition.name === 'external-secrets')!;
      const certIssuers = cc.components.find((c) => c.definition.name === 'cert-manager')!.targets.chart!
        .values as { issuers: string[] };
      expect(certIssuers.issuers).toContain('vault-pki');
      const rendered = await renderUpstreamCharts(
        externalSecrets,
        comp.targets,
        cc.context.cluster.kubernetesVersion,
        ['monitoring.coreos.com/v1', 'cert-manager.io/v1'],
      );
      const objects = [...rendered.values()].flat();
      const certs = objects.filter((o) => o.manifest.kind === 'Certificate');
      expect(certs.map((c) => c.manifest.apiVersion)).toEqual(['cert-manager.io/v1']);
      const cert = certs[0]!.manifest as { metadata: { name: string; namespace: string }; spec: any };
      expect(cert.metadata).toMatchObject({
        name: 'external-secrets-webhook',
        namespace: 'external-secrets',
      });
      expect(cert.spec).toMatchObject({
        issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'vault-pki' },
        secretName: 'external-secrets-webhook',
        duration: '2160h',
        renewBefore: '720h',
      });
      expect(cert.spec.dnsNames).toContain('external-secrets-webhook.external-secrets.svc');
      // the Secret the webhook serves from is the Certificate's, and the CA injector fills its CA in
      const webhook = objects.find(
        (o) =>
          o.manifest.kind === 'Deployment' &&
          (o.manifest.metadata as { name: string }).name === 'external-secrets-webhook',
      )!.manifest as any;
      expect(webhook.spec.template.spec.volumes).toContainEqual(
        expect.objectContaining({
          secret: expect.objectContaining({ secretName: 'external-secrets-webhook' }),
        }),
      );
      const vwc = objects.find((o) => o.manifest.kind === 'ValidatingWebhookConfiguration')!.manifest as any;
      expect(vwc.metadata.annotations['cert-manager.io/inject-ca-from']).toBe(
        'external-secrets/external-secrets-webhook',
      );
      // the chart's self-managed Secret and the cert controller are gone
      expect(
        objects.filter((o) => (o.manifest.metadata as { name: string }).name.includes('cert-controller')),
      ).toEqual([]);
      expect(objects.filter((o) => o.manifest.kind === 'Secret')).toEqual([]);
    }
  }, 120_000);
});
