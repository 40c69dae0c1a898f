import { join, resolve } from 'node:path';
import {
  checkChart,
  missingLabels,
  type RenderedObject,
  renderUpstreamCharts,
} from '@platform/chart-harness';
import { computeFleet, type Fleet, type Values } from '@platform/core';
import { loadFleetFor, standIn, withClusterOverride } from '@platform/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import keda, { type ChartValues, type KedaValues } from './index.ts';

const root = resolve(import.meta.dirname, '../../../..');
const COMPONENTS = [
  keda,
  standIn('prometheus-operator-crds'),
  standIn('cilium'),
  standIn('external-secrets'),
  standIn('redis-cluster'),
  // off unless a test turns it on: with its vault-pki issuer, Redis serves TLS
  standIn('cert-manager', () => false),
];
let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadFleetFor(join(root, 'gitops'), COMPONENTS);
});

function computed(f: Fleet = fleet, components = COMPONENTS) {
  const { clusters, issues } = computeFleet(f, components);
  expect(issues).toEqual([]);
  return Object.fromEntries(
    clusters.map((cc) => {
      const comp = cc.components.find((c) => c.definition.name === 'keda')!;
      return [
        cc.context.cluster.name,
        {
          context: cc.context,
          targets: comp.targets,
          upstream: comp.targets.keda!.values as KedaValues,
          chart: comp.targets.chart!.values as ChartValues,
        },
      ];
    }),
  );
}

type Manifest = Record<string, any>;
const manifests = (objects: readonly RenderedObject[]) => objects.map((o) => o.manifest as Manifest);

describe('keda values', () => {
  it('runs one replica in development and two with PDBs in production', () => {
    const c = computed();
    expect(c['agentic-dev-usw2']!.upstream.operator.replicaCount).toBe(1);
    expect(c['agentic-dev-usw2']!.upstream.podDisruptionBudget.operator).toEqual({});
    const prod = c['agentic-prod-usw2']!.upstream;
    expect([prod.operator.replicaCount, prod.metricsServer.replicaCount, prod.webhooks.replicaCount]).toEqual(
      [2, 2, 2],
    );
    expect(prod.podDisruptionBudget).toEqual({
      operator: { minAvailable: 1 },
      metricServer: { minAvailable: 1 },
      webhooks: { minAvailable: 1 },
    });
  });

  it('lets KEDA read Secrets of its own namespace only', () => {
    for (const v of Object.values(computed()))
      expect(v.upstream.permissions).toEqual({
        operator: { restrict: { secret: true } },
        metricServer: { restrict: { secret: true } },
      });
  });

  it('creates the Redis trigger authentication only where redis-cluster runs', () => {
    expect(computed()['agentic-prod-usw2']!.chart.redis.enabled).toBe(true);
    const noRedis = [...COMPONENTS.slice(0, 4), standIn('redis-cluster', () => false), COMPONENTS[5]!];
    expect(computed(fleet, noRedis)['agentic-prod-usw2']!.chart.redis.enabled).toBe(false);
  });
});

describe('keda rules', () => {
  const issuesOf = (values: Record<string, Values>, cluster = 'agentic-prod-usw2') =>
    computeFleet(withClusterOverride(fleet, cluster, 'keda', values), COMPONENTS).issues;

  it('refuses a single operator in production', () => {
    expect(issuesOf({ keda: { operator: { replicaCount: 1 } } })).toEqual([
      expect.objectContaining({
        code: 'rule:keda-ha-in-production',
        cluster: 'agentic-prod-usw2',
        component: 'keda',
        path: 'keda.operator.replicaCount',
      }),
      // ...and its PDB would then block every drain
      expect.objectContaining({
        code: 'rule:keda-pdb-fits-replicas',
        path: 'keda.podDisruptionBudget.operator.minAvailable',
      }),
    ]);
  });

  it('refuses the Redis trigger authentication where Redis does not run', () => {
    const noRedis = [...COMPONENTS.slice(0, 4), standIn('redis-cluster', () => false), COMPONENTS[5]!];
    const { issues } = computeFleet(
      withClusterOverride(fleet, 'agentic-stg-usw2', 'keda', { chart: { redis: { enabled: true } } }),
      noRedis,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'rule:keda-redis-auth-needs-redis',
        cluster: 'agentic-stg-usw2',
        path: 'chart.redis.enabled',
      }),
    ]);
  });

  it('refuses giving KEDA cluster-wide Secret access, naming the key', () => {
    expect(issuesOf({ keda: { permissions: { operator: { restrict: { secret: false } } } } })).toEqual([
      expect.objectContaining({ code: 'invalid-value', path: 'keda.permissions.operator.restrict.secret' }),
    ]);
  });
});

describe('charts/keda rendered with the real helm', () => {
  it('renders the ExternalSecret and the ClusterTriggerAuthentication that reads it', async () => {
    const scenarios = Object.entries(computed()).map(([name, v]) => ({
      name,
      values: v.chart,
      releaseName: 'keda-config',
      namespace: 'keda',
    }));
    const result = await checkChart(join(root, 'charts/keda'), scenarios);
    expect(result.findings).toEqual([]);
    const prod = manifests(result.objects.get('agentic-prod-usw2')!);
    expect(prod.map((m) => `${m.apiVersion} ${m.kind}/${m.metadata.name}`).sort()).toEqual([
      'external-secrets.io/v1 ExternalSecret/keda-redis-credentials',
      'keda.sh/v1alpha1 ClusterTriggerAuthentication/redis-trigger-auth',
    ]);
    const cta = prod.find((m) => m.kind === 'ClusterTriggerAuthentication')!;
    expect(cta.spec.secretTargetRef).toEqual([
      { parameter: 'password', name: 'keda-redis-credentials', key: 'password' },
    ]);
  });

  it('gives the Redis scalers TLS and the CA chain of Vault PKI where Redis serves TLS', async () => {
    const withIssuer = [...COMPONENTS.slice(0, -1), standIn('cert-manager')];
    const v = computed(fleet, withIssuer);
    expect(computed()['agentic-prod-usw2']!.chart.redis.tls.enabled).toBe(false); // no cert-manager
    const scenarios = Object.entries(v).map(([name, c]) => ({
      name,
      values: c.chart,
      releaseName: 'keda-config',
      namespace: 'keda',
    }));
    const result = await checkChart(join(root, 'charts/keda'), scenarios);
    expect(result.findings).toEqual([]);
    for (const [name] of Object.entries(v)) {
      const objects = manifests(result.objects.get(name)!);
      const cta = objects.find((m) => m.kind === 'ClusterTriggerAuthentication')!;
      expect({ name, refs: cta.spec.secretTargetRef }).toEqual({
        name,
        refs: [
          { parameter: 'password', name: 'keda-redis-credentials', key: 'password' },
          { parameter: 'tls', name: 'keda-redis-ca', key: 'tls' },
          { parameter: 'ca', name: 'keda-redis-ca', key: 'ca.crt' },
        ],
      });
      const ca = objects.find((m) => m.kind === 'ExternalSecret' && m.metadata.name === 'keda-redis-ca')!;
      expect(ca.spec.secretStoreRef).toEqual({ kind: 'ClusterSecretStore', name: 'vault-pki' });
      expect(ca.spec.data).toEqual([
        { secretKey: 'ca', remoteRef: { key: 'cert/ca_chain', property: 'certificate' } },
      ]);
      expect(ca.spec.target.template.data).toEqual({ 'ca.crt': '{{ .ca }}', tls: 'enable' });
    }
  });

  it('refuses to install outside the keda namespace', async () => {
    const v = computed()['agentic-dev-usw2']!.chart;
    const result = await checkChart(join(root, 'charts/keda'), [
      { name: 'x', values: v, releaseName: 'keda-config', namespace: 'default' },
    ]);
    expect(result.findings).toEqual([
      expect.objectContaining({
        check: 'render',
        message: expect.stringMatching(/release namespace must be keda/),
      }),
    ]);
  });
});

describe('the upstream keda chart rendered with the generated values', () => {
  let rendered: Map<string, Manifest[]>;
  beforeAll(async () => {
    rendered = new Map();
    for (const [name, v] of Object.entries(computed())) {
      const objects = (
        await renderUpstreamCharts(keda, v.targets, v.context.cluster.kubernetesVersion, [
          'monitoring.coreos.com/v1',
        ])
      ).get('keda')!;
      const required = {
        'cost-center': 'platform-engineering',
        layer: 'l00',
        environment: v.context.environment.name,
      };
      expect({ name, missing: missingLabels(objects, required) }).toEqual({ name, missing: [] });
      rendered.set(name, manifests(objects));
    }
  }, 180_000);

  it('renders two replicas of each Deployment and three PDBs in production', () => {
    const prod = rendered.get('agentic-prod-usw2')!;
    expect(
      prod
        .filter((m) => m.kind === 'Deployment')
        .map((m) => [m.metadata.name, m.spec.replicas])
        .sort(),
    ).toEqual([
      ['keda-admission-webhooks', 2],
      ['keda-operator', 2],
      ['keda-operator-metrics-apiserver', 2],
    ]);
    expect(prod.filter((m) => m.kind === 'PodDisruptionBudget')).toHaveLength(3);
    expect(rendered.get('agentic-dev-usw2')!.filter((m) => m.kind === 'PodDisruptionBudget')).toHaveLength(0);
  });

  it('grants no cluster-wide get on Secrets', () => {
    for (const [name, objects] of rendered) {
      const secretGets = objects
        .filter((m) => m.kind === 'ClusterRole')
        .flatMap((m) => (m.rules ?? []).map((r: Manifest) => ({ role: m.metadata.name, ...r })))
        .filter((r) => r.resources?.includes('secrets') && r.verbs?.includes('get') && !r.resourceNames);
      expect({ name, secretGets }).toEqual({ name, secretGets: [] });
    }
  });
});
