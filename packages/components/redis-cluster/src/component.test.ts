import { clusterIssuersFor } from '@platform/component-cert-manager';
import { computeFleet, type Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, chartValuesFor, loadDefaultFleet, standIn } from './__fixtures__/rendered.ts';
import redisCluster, { type ChartValues, chartValues } from './index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

const valuesOf = (cluster: string, components = COMPONENTS) =>
  chartValuesFor(fleet, cluster, components) as unknown as ChartValues;

/** The fleet with component overrides on one cluster. */
function withOverride(cluster: string, chart: Record<string, unknown>): Fleet {
  return {
    ...fleet,
    clusters: fleet.clusters.map((c) =>
      c.name === cluster ? { ...c, components: { 'redis-cluster': { values: { chart } } } } : c,
    ),
  };
}

describe('redis-cluster component', () => {
  it('computes valid values for every cluster of the default fleet', () => {
    const { clusters, issues } = computeFleet(fleet, COMPONENTS);
    expect(issues).toEqual([]);
    expect(
      clusters.filter((c) => c.components.some((x) => x.definition.name === 'redis-cluster')),
    ).toHaveLength(4);
  });

  it('installs only our chart, in infrastructure, after Cilium and External Secrets', () => {
    expect(redisCluster).toMatchObject({
      name: 'redis-cluster',
      namespace: 'infrastructure',
      upstreamCharts: [],
      dependsOn: ['prometheus-operator-crds', 'cilium', 'external-secrets'],
    });
  });

  it('runs one standalone server in development, 3 masters in staging, 3 masters + 3 replicas in production', () => {
    const shape = (c: string) => {
      const v = valuesOf(c);
      return [v.mode, v.topology.masters, v.topology.replicasPerMaster, v.pdb.enabled];
    };
    expect(shape('agentic-dev-usw2')).toEqual(['standalone', 1, 0, false]);
    expect(shape('agentic-stg-usw2')).toEqual(['cluster', 3, 0, true]);
    expect(shape('agentic-prod-usw2')).toEqual(['cluster', 3, 1, true]);
  });

  it('scales the DR standby down to its masters', () => {
    const dr = valuesOf('agentic-dr-use1');
    expect([dr.mode, dr.topology.masters, dr.topology.replicasPerMaster]).toEqual(['cluster', 3, 0]);
  });

  it('gives an activated DR cluster (drActive) the replicas of the production primary', async () => {
    const { activateDr } = await import('@platform/core/testing');
    const dr = chartValuesFor(
      activateDr(fleet, 'agentic-dr-use1'),
      'agentic-dr-use1',
      COMPONENTS,
    ) as unknown as ChartValues;
    expect(dr.topology).toEqual(valuesOf('agentic-prod-usw2').topology);
    expect(dr.topology.replicasPerMaster).toBe(1);
  });

  it('sizes memory per environment and keeps maxmemory at 75% of the limit', () => {
    const prod = valuesOf('agentic-prod-usw2');
    expect(prod.resources.redis).toEqual({
      requests: { cpu: '250m', memory: '2Gi' },
      limits: { cpu: '1', memory: '2Gi' },
    });
    expect(prod.config.maxmemoryMb).toBe(1536);
    expect(valuesOf('agentic-dev-usw2').config.maxmemoryMb).toBe(384);
  });

  it('persists with AOF every second on ssd-standard everywhere, and keeps the client-facing service name', () => {
    for (const c of ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1']) {
      const v = valuesOf(c);
      expect([v.config.appendonly, v.config.appendfsync, v.persistence, v.fullname]).toEqual([
        true,
        'everysec',
        { storageClass: 'ssd-standard', size: '10Gi' },
        'redis',
      ]);
    }
  });

  it('reads the password from Vault through the vault-backend ClusterSecretStore, never inline', () => {
    expect(valuesOf('agentic-prod-usw2').auth).toEqual({
      secretName: 'redis-credentials',
      refreshInterval: '1h',
      secretStore: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      remoteRef: { key: 'secret/data/infrastructure/redis-password', property: 'password' },
    });
  });

  it('serves TLS from the vault-pki ClusterIssuer wherever cert-manager creates it, development too', () => {
    for (const c of ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1']) {
      expect(valuesOf(c).tls).toEqual({
        enabled: true,
        issuer: { kind: 'ClusterIssuer', name: 'vault-pki' },
        secretName: 'redis-tls',
        duration: '2160h',
        renewBefore: '720h',
        authClients: 'optional',
        reloadIntervalSeconds: 60,
      });
    }
    // cert-manager's chart creates vault-pki for every environment's issuer set
    for (const issuer of ['self-signed', 'letsencrypt-staging', 'letsencrypt-prod'])
      expect(clusterIssuersFor(issuer)).toContain('vault-pki');
    // without cert-manager nothing issues the certificate: plain text (development; production refuses it)
    const withoutCertManager = COMPONENTS.filter((c) => c.name !== 'cert-manager');
    const dev = computeFleet(fleet, withoutCertManager, { clusters: ['agentic-dev-usw2'] });
    expect(dev.issues).toEqual([]);
    const values = dev.clusters[0]?.components.find((c) => c.definition.name === 'redis-cluster')?.targets
      .chart?.values as unknown as ChartValues;
    expect(values.tls.enabled).toBe(false);
  });

  it('places replicas by zone everywhere, from the standard topology label', () => {
    for (const c of ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1']) {
      const v = valuesOf(c);
      expect([v.bootstrap.zones, v.zoneSpread.enabled, v.clusterConfig.requireFullCoverage]).toEqual([
        { enabled: true, topologyKey: 'topology.kubernetes.io/zone' },
        true,
        true,
      ]);
    }
  });

  it('keeps servers on on-demand capacity outside development when Karpenter runs the cluster', () => {
    const withKarpenter = [...COMPONENTS, standIn('karpenter')];
    expect(valuesOf('agentic-prod-usw2', withKarpenter).nodeSelector).toEqual({
      'karpenter.sh/capacity-type': 'on-demand',
    });
    expect(valuesOf('agentic-dev-usw2', withKarpenter).nodeSelector).toEqual({});
    expect(valuesOf('agentic-prod-usw2').nodeSelector).toEqual({});
  });

  it('takes cluster overrides above the environment', () => {
    const { clusters, issues } = computeFleet(
      withOverride('agentic-stg-usw2', { topology: { replicasPerMaster: 1 } }),
      COMPONENTS,
    );
    expect(issues).toEqual([]);
    const stg = clusters.find((c) => c.context.cluster.name === 'agentic-stg-usw2')!;
    const target = stg.components.find((c) => c.definition.name === 'redis-cluster')!.targets.chart!;
    expect((target.values as unknown as ChartValues).topology.replicasPerMaster).toBe(1);
    expect(target.provenance.get('topology.replicasPerMaster')?.at(-1)?.layer).toBe('cluster');
  });
});

describe('redis-cluster values schema', () => {
  const base = () => structuredClone(valuesOf('agentic-prod-usw2')) as Record<string, any>;

  it('rejects a typo with its path', () => {
    const v = base();
    v.topology.replica = 1;
    expect(chartValues.safeParse(v).error?.issues[0]).toMatchObject({
      code: 'unrecognized_keys',
      keys: ['replica'],
      path: ['topology'],
    });
  });

  it('rejects a latest image tag, an unknown StorageClass and a bad mode', () => {
    for (const mutate of [
      (v: Record<string, any>) => (v.image.tag = 'latest'),
      (v: Record<string, any>) => (v.persistence.storageClass = 'gp2'),
      (v: Record<string, any>) => (v.mode = 'sentinel'),
    ]) {
      const v = base();
      mutate(v);
      expect(chartValues.safeParse(v).success).toBe(false);
    }
  });

  it('reports an override typo on a cluster with the file, the component and the dotted path', () => {
    const { issues } = computeFleet(
      withOverride('agentic-prod-usw2', { config: { maxmemory: 100 } }),
      COMPONENTS,
    );
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'unknown-key',
        file: 'gitops/clusters/agentic-prod-usw2.yaml',
        cluster: 'agentic-prod-usw2',
        component: 'redis-cluster',
        path: 'chart.config.maxmemory',
        hint: 'Did you mean "maxmemoryMb"?',
      }),
    ]);
  });
});
