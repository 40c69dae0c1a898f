import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_GITOPS, renameCluster, type TmpFleet, tmpFleet, toHub } from './__fixtures__/tmp-fleet.ts';
import { loadFleet } from './load-fleet.ts';
import type { Cluster, Fleet } from './schema.ts';
import { validateFleet } from './validate-fleet.ts';

const PROD = 'gitops/clusters/agentic-prod-usw2.yaml';
const DEV = 'gitops/clusters/agentic-dev-usw2.yaml';
const DR = 'gitops/clusters/agentic-dr-use1.yaml';

describe('fleet rules on the inventory files', () => {
  let t: TmpFleet;
  beforeEach(async () => {
    t = await tmpFleet();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('rejects Kubernetes 1.27', async () => {
    await t.edit('clusters/agentic-prod-usw2.yaml', (doc) => doc.set('kubernetesVersion', '1.27'));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'kubernetes-version-unsupported',
        file: PROD,
        cluster: 'agentic-prod-usw2',
        path: 'kubernetesVersion',
        expected: '>= 1.28',
        found: '"1.27"',
        line: 7,
      }),
    ]);
  });

  it('rejects minSize > maxSize', async () => {
    await t.edit('clusters/agentic-prod-usw2.yaml', (doc) => doc.setIn(['nodePools', 0, 'minSize'], 7));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'node-pool-min-exceeds-max',
        file: PROD,
        cluster: 'agentic-prod-usw2',
        path: 'nodePools[0].minSize',
        expected: '<= maxSize (6)',
        found: '7',
      }),
    ]);
  });

  it('rejects a 2-node system pool on a primary cluster', async () => {
    await t.edit('clusters/agentic-prod-usw2.yaml', (doc) => doc.setIn(['nodePools', 0, 'minSize'], 2));
    const issues = await t.issues();
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'system-pool-too-small',
        file: PROD,
        cluster: 'agentic-prod-usw2',
        path: 'nodePools[0].minSize',
        expected: '>= 3',
        found: '2',
      }),
    ]);
    expect(issues[0]?.hint).toContain('role: dr');
  });

  it('accepts a 2-node system pool on a dr cluster but not a 1-node one', async () => {
    const fleet = await t.load();
    expect(fleet.clusters.find((c) => c.name === 'agentic-dr-use1')?.nodePools[0]?.minSize).toBe(2);
    await t.edit('clusters/agentic-dr-use1.yaml', (doc) => doc.setIn(['nodePools', 0, 'minSize'], 1));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'system-pool-too-small',
        file: DR,
        cluster: 'agentic-dr-use1',
        path: 'nodePools[0].minSize',
        expected: '>= 2',
        found: '1',
      }),
    ]);
  });

  it('refuses drActive on a primary cluster, naming the cluster, path, expected and found', async () => {
    await t.edit('clusters/agentic-prod-usw2.yaml', (doc) => doc.set('drActive', true));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'dr-active-without-dr-role',
        file: PROD,
        cluster: 'agentic-prod-usw2',
        path: 'drActive',
        expected: 'role: dr (drActive is only allowed on a DR cluster)',
        found: 'role: primary with drActive: true',
      }),
    ]);
  });

  it('requires the primary floor of the system pool on an activated dr cluster', async () => {
    await t.edit('clusters/agentic-dr-use1.yaml', (doc) => doc.set('drActive', true));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'system-pool-too-small',
        file: DR,
        path: 'nodePools[0].minSize',
        expected: '>= 3',
        found: '2',
      }),
    ]);
    await t.edit('clusters/agentic-dr-use1.yaml', (doc) => {
      doc.setIn(['nodePools', 0, 'minSize'], 3);
      doc.setIn(['nodePools', 0, 'maxSize'], 6);
    });
    expect(await t.issues()).toEqual([]);
  });

  it('requires a system pool', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.setIn(['nodePools', 0, 'name'], 'sytem'));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'missing-system-pool',
        cluster: 'agentic-dev-usw2',
        path: 'nodePools',
        hint: 'Did you mean "sytem"?',
      }),
    ]);
  });

  it('reports overlapping CIDRs between two clusters on both clusters', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) =>
      doc.setIn(['network', 'podCidr'], '10.0.128.0/17'),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'cidr-overlap',
        file: DEV,
        cluster: 'agentic-dev-usw2',
        path: 'network.podCidr',
        expected: 'a range disjoint from agentic-prod-usw2 network.vpcCidr (10.0.0.0/16)',
        found: '10.0.128.0/17',
      }),
      expect.objectContaining({
        code: 'cidr-overlap',
        file: PROD,
        cluster: 'agentic-prod-usw2',
        path: 'network.vpcCidr',
        expected: 'a range disjoint from agentic-dev-usw2 network.podCidr (10.0.128.0/17)',
        found: '10.0.0.0/16',
      }),
    ]);
  });

  it('reports overlapping CIDRs within one cluster', async () => {
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) =>
      doc.setIn(['network', 'serviceCidr'], '10.32.200.0/24'),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'cidr-overlap',
        cluster: 'agentic-stg-usw2',
        path: 'network.serviceCidr',
        expected: 'a range disjoint from network.vpcCidr (10.32.0.0/16)',
      }),
    ]);
  });

  it('rejects an invalid CIDR', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => {
      doc.setIn(['network', 'vpcCidr'], '10.16.300.0/16');
      doc.setIn(['network', 'serviceCidr'], '10.18.0.0/33');
    });
    const issues = await t.issues();
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'invalid-cidr',
        cluster: 'agentic-dev-usw2',
        path: 'network.vpcCidr',
        found: '"10.16.300.0/16"',
      }),
      expect.objectContaining({
        code: 'invalid-cidr',
        cluster: 'agentic-dev-usw2',
        path: 'network.serviceCidr',
        found: '"10.18.0.0/33"',
      }),
    ]);
    expect(issues[0]?.message).toContain('octet 300 is greater than 255');
  });

  it('rejects a CIDR with host bits set', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) =>
      doc.setIn(['network', 'vpcCidr'], '10.16.1.0/16'),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'cidr-not-network-address',
        path: 'network.vpcCidr',
        expected: '10.16.0.0/16',
        found: '"10.16.1.0/16"',
      }),
    ]);
  });

  it('requires the cost-center label', async () => {
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) => doc.deleteIn(['labels', 'cost-center']));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'missing-label',
        file: 'gitops/clusters/agentic-stg-usw2.yaml',
        cluster: 'agentic-stg-usw2',
        path: 'labels.cost-center',
        found: 'nothing',
      }),
    ]);
  });

  it('rejects a region not declared in fleet.yaml', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.set('region', 'us-west-3'));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'unknown-region',
        file: DEV,
        cluster: 'agentic-dev-usw2',
        path: 'region',
        expected: 'one of us-west-2, us-east-1, eu-west-1',
        found: '"us-west-3"',
        hint: 'Did you mean "us-west-2"?',
      }),
    ]);
  });

  it('reports a duplicate cluster name', async () => {
    await t.copy('clusters/agentic-dev-usw2.yaml', 'clusters/agentic-dev-usw2.yml');
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'duplicate-cluster-name',
        file: 'gitops/clusters/agentic-dev-usw2.yml',
        cluster: 'agentic-dev-usw2',
        path: 'name',
        found: `"agentic-dev-usw2", also in ${DEV}`,
      }),
    ]);
  });

  it('reports two clusters with the same environment, region and role', async () => {
    await t.copy('clusters/agentic-stg-usw2.yaml', 'clusters/agentic-stg2-usw2.yaml', (doc) =>
      renameCluster(doc, 'agentic-stg2-usw2', 'us-west-2', 64),
    );
    const issues = await t.issues();
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'duplicate-cluster',
        file: 'gitops/clusters/agentic-stg2-usw2.yaml',
        cluster: 'agentic-stg2-usw2',
        path: 'region',
        found: '(staging, us-west-2, primary)',
      }),
    ]);
    expect(issues[0]?.message).toMatch(/^duplicate cluster: agentic-stg-usw2/);
  });

  it('reports two clusters with the same Argo CD destination', async () => {
    await toHub(t);
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) =>
      doc.setIn(['destination', 'server'], 'https://agentic-prod-usw2.gr7.us-west-2.eks.amazonaws.com'),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'duplicate-destination',
        cluster: 'agentic-stg-usw2',
        path: 'destination.server',
      }),
    ]);
  });

  it('reports two clusters with the same cluster ID, naming both files', async () => {
    // agentic-prod-usw2 has no clusterId: its ID is derived from its name (125)
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) => doc.set('clusterId', 125));
    const issues = await t.issues();
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'duplicate-cluster-id',
        file: 'gitops/clusters/agentic-stg-usw2.yaml',
        cluster: 'agentic-stg-usw2',
        path: 'clusterId',
        found: '125',
        line: 30,
      }),
    ]);
    expect(issues[0]?.message).toBe(
      `cluster ID 125 (set) is also the ID of cluster agentic-prod-usw2 (derived from its name) in ${PROD}`,
    );
    expect(issues[0]?.hint).toContain('Set `clusterId`');
  });

  it('rejects a VPC id that is not one, naming file and field', async () => {
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) => doc.setIn(['network', 'vpcId'], 'vpc-xyz'));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        file: 'gitops/clusters/agentic-stg-usw2.yaml',
        path: 'network.vpcId',
        found: '"vpc-xyz"',
      }),
    ]);
  });

  it('accepts a PEM vaultCaBundle and rejects one that is not a certificate, naming file and field', async () => {
    // A placeholder, not a certificate: base64 of FAKE-CA-FOR-TESTS-ONLY
    const fake = '-----BEGIN CERTIFICATE-----\nRkFLRS1DQS1GT1ItVEVTVFMtT05MWQ==\n-----END CERTIFICATE-----\n';
    await t.edit('fleet.yaml', (doc) => doc.setIn(['regions', 0, 'vaultCaBundle'], fake));
    expect(await t.issues()).toEqual([]);
    await t.edit('fleet.yaml', (doc) =>
      doc.setIn(
        ['regions', 0, 'vaultCaBundle'],
        '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n',
      ),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({ file: 'gitops/fleet.yaml', path: 'regions[0].vaultCaBundle' }),
    ]);
  });

  it('accepts explicit cluster IDs that differ and rejects one out of range', async () => {
    await t.edit('clusters/agentic-stg-usw2.yaml', (doc) => doc.set('clusterId', 7));
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.set('clusterId', 8));
    expect(await t.issues()).toEqual([]);
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.set('clusterId', 256));
    expect(await t.issues()).toEqual([
      expect.objectContaining({ cluster: 'agentic-dev-usw2', path: 'clusterId' }),
    ]);
  });

  it('checks GPU sharing settings for consistency', async () => {
    await t.edit('environments/production.yaml', (doc) => doc.setIn(['gpu', 'migStrategy'], 'none'));
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'gpu-sharing-inconsistent',
        file: 'gitops/environments/production.yaml',
        path: 'gpu.migStrategy',
      }),
    ]);
  });

  it('keeps production on manual sync', async () => {
    await t.edit('environments/production.yaml', (doc) => doc.setIn(['sync', 'automated'], true));
    expect(await t.issues()).toEqual([
      expect.objectContaining({ code: 'production-auto-sync', path: 'sync.automated', found: 'true' }),
    ]);
  });
});

describe('validateFleet on an in-memory fleet', () => {
  const withCluster = (fleet: Fleet, name: string, change: (c: Cluster) => Cluster): Fleet => ({
    ...fleet,
    clusters: fleet.clusters.map((c) => (c.name === name ? change(c) : c)),
  });

  it('returns no issues for the default fleet', async () => {
    expect(validateFleet(await loadFleet(DEFAULT_GITOPS))).toEqual([]);
  });

  it('reports every problem, not only the first', async () => {
    const fleet = withCluster(await loadFleet(DEFAULT_GITOPS), 'agentic-prod-usw2', (c) => ({
      ...c,
      kubernetesVersion: '1.25',
      labels: {},
      nodePools: [{ ...c.nodePools[0]!, minSize: 9, maxSize: 4 }],
    }));
    expect(validateFleet(fleet).map((i) => `${i.code} ${i.path}`)).toEqual([
      'kubernetes-version-unsupported kubernetesVersion',
      'node-pool-min-exceeds-max nodePools[0].minSize',
      'missing-label labels.cost-center',
    ]);
  });
});

describe('endpoint, DR and metadata rules', () => {
  let t: TmpFleet;
  beforeEach(async () => {
    t = await tmpFleet();
  });
  afterEach(async () => {
    await t.cleanup();
  });

  it('blames the cluster whose endpoint names another cluster, naming the original file', async () => {
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) =>
      doc.set('apiServerEndpoint', 'https://agentic-stg-usw2.gr7.us-west-2.eks.amazonaws.com'),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'duplicate-endpoint',
        file: DEV,
        cluster: 'agentic-dev-usw2',
        path: 'apiServerEndpoint',
        message: expect.stringContaining('gitops/clusters/agentic-stg-usw2.yaml'),
      }),
    ]);
  });

  it('requires an endpoint naming a region to name the cluster region', async () => {
    await toHub(t);
    await t.edit('clusters/agentic-dr-use1.yaml', (doc) =>
      doc.setIn(['destination', 'server'], 'https://agentic-dr-use1.gr7.us-west-2.eks.amazonaws.com'),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({ code: 'endpoint-region-mismatch', file: DR, path: 'destination.server' }),
    ]);
  });

  it('requires a primary in the environment of a dr cluster', async () => {
    await t.remove('clusters/agentic-prod-usw2.yaml');
    expect(await t.issues()).toEqual([
      // the production failover name has no PRIMARY record either
      expect.objectContaining({
        code: 'dns-failover-pair',
        file: 'gitops/fleet.yaml',
        path: 'dnsFailover[0].environment',
        expected: 'exactly one primary production cluster',
        found: 'none',
      }),
      expect.objectContaining({
        code: 'dr-without-primary',
        file: DR,
        cluster: 'agentic-dr-use1',
        path: 'role',
      }),
    ]);
  });

  it('pairs a failover name with one primary, inside its zone, once per environment', async () => {
    await t.edit('fleet.yaml', (doc) => {
      doc.setIn(['dnsFailover', 0, 'host'], 'api.example.org');
      doc.addIn(['dnsFailover'], {
        environment: 'production',
        host: 'www.example.com',
        zone: 'example.com',
        healthCheckId: '00000000-0000-0000-0000-000000000001',
      });
    });
    expect(
      (await t.issues()).map((i) => `${i.code} ${i.path}: expected ${i.expected}, found ${i.found}`),
    ).toEqual([
      'dns-failover-pair dnsFailover[0].host: expected a name ending in .example.com, found api.example.org',
      'dns-failover-pair dnsFailover[1].environment: expected one entry per environment, found production',
    ]);
  });

  it('refuses a failover name in an environment with two primaries (two PRIMARY records)', async () => {
    await t.edit('fleet.yaml', (doc) => doc.setIn(['dnsFailover', 0, 'environment'], 'staging'));
    await t.edit('clusters/agentic-dev-usw2.yaml', (doc) => doc.set('environment', 'staging'));
    const issues = (await t.issues()).filter((i) => i.code === 'dns-failover-pair');
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'dnsFailover[0].environment',
        expected: 'exactly one primary staging cluster',
        found: 'agentic-dev-usw2, agentic-stg-usw2',
      }),
    ]);
  });

  it('checks label values and annotation sizes in overrides of every layer', async () => {
    await t.edit('fleet.yaml', (doc) =>
      doc.setIn(['regions', 0, 'components', 'istio', 'values', 'gateway', 'labels'], {
        team: 'y'.repeat(64),
      }),
    );
    await t.edit('environments/staging.yaml', (doc) =>
      doc.setIn(['components', 'istio', 'values', 'gateway', 'service', 'annotations'], {
        a: 'z'.repeat(200 * 1024),
        b: 'z'.repeat(100 * 1024),
      }),
    );
    expect(await t.issues()).toEqual([
      expect.objectContaining({
        code: 'metadata-too-large',
        file: 'gitops/fleet.yaml',
        path: 'regions[0].components.istio.values.gateway.labels.team',
      }),
      expect.objectContaining({
        code: 'metadata-too-large',
        file: 'gitops/environments/staging.yaml',
        path: 'components.istio.values.gateway.service.annotations',
        found: `${300 * 1024 + 2} bytes`,
      }),
    ]);
  });
});
