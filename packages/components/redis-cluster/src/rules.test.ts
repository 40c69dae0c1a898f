import { type ClusterContext, computeFleet, type Fleet } from '@platform/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMPONENTS, loadDefaultFleet } from './__fixtures__/rendered.ts';
import { memoryMiB, redisRules } from './index.ts';

let fleet: Fleet;
beforeAll(async () => {
  fleet = await loadDefaultFleet();
});

/** Runs every rule on one cluster's computed values after `mutate`; returns the violations. */
function violations(cluster: string, mutate: (chart: Record<string, any>) => void = () => {}) {
  const cc = computeFleet(fleet, COMPONENTS).clusters.find((c) => c.context.cluster.name === cluster)!;
  const chart = structuredClone(
    cc.components.find((c) => c.definition.name === 'redis-cluster')!.targets.chart!.values,
  ) as Record<string, any>;
  mutate(chart);
  return redisRules.flatMap((r) =>
    (r.check({ chart }, cc.context as ClusterContext) ?? []).map((v) => ({ id: r.id, ...v })),
  );
}
const ids = (cluster: string, mutate: (chart: Record<string, any>) => void) =>
  violations(cluster, mutate).map((v) => v.id);

describe('redis-cluster rules', () => {
  it('hold on the computed values of every cluster', () => {
    for (const c of ['agentic-dev-usw2', 'agentic-stg-usw2', 'agentic-prod-usw2', 'agentic-dr-use1'])
      expect(violations(c)).toEqual([]);
  });

  it('fails cluster mode with fewer than 3 masters', () => {
    expect(violations('agentic-stg-usw2', (v) => (v.topology.masters = 2))).toEqual([
      {
        id: 'cluster-needs-three-masters',
        path: 'chart.topology.masters',
        expected: '>= 3 in cluster mode',
        found: '2',
        hint: 'Use 3 or more masters, or mode standalone.',
      },
    ]);
  });

  it('fails more than 2 replicas per master', () => {
    expect(ids('agentic-prod-usw2', (v) => (v.topology.replicasPerMaster = 3))).toEqual([
      'replicas-per-master-range',
    ]);
  });

  it('fails a standalone server with several masters or replicas', () => {
    expect(
      violations('agentic-dev-usw2', (v) => {
        v.topology.masters = 3;
        v.topology.replicasPerMaster = 1;
      }).map((v) => [v.id, v.path]),
    ).toEqual([
      ['standalone-is-one-server', 'chart.topology.masters'],
      ['standalone-is-one-server', 'chart.topology.replicasPerMaster'],
    ]);
  });

  it('fails a production primary without replicas or in standalone mode, but not the DR standby', () => {
    expect(ids('agentic-prod-usw2', (v) => (v.topology.replicasPerMaster = 0))).toEqual([
      'production-survives-a-node',
    ]);
    expect(
      violations('agentic-prod-usw2', (v) => {
        v.mode = 'standalone';
        v.topology = { masters: 1, replicasPerMaster: 0 };
      }).map((v) => [v.id, v.path]),
    ).toEqual([['production-survives-a-node', 'chart.mode']]);
    expect(violations('agentic-dr-use1')).toEqual([]);
  });

  it('fails AOF off or appendfsync no outside development, and allows it in development', () => {
    expect(ids('agentic-stg-usw2', (v) => (v.config.appendonly = false))).toEqual([
      'aof-outside-development',
    ]);
    expect(ids('agentic-prod-usw2', (v) => (v.config.appendfsync = 'no'))).toEqual([
      'aof-outside-development',
    ]);
    expect(ids('agentic-dev-usw2', (v) => (v.config.appendonly = false))).toEqual([]);
  });

  it('fails maxmemory above 80% of the memory limit', () => {
    expect(violations('agentic-prod-usw2', (v) => (v.config.maxmemoryMb = 1700))).toEqual([
      expect.objectContaining({
        id: 'maxmemory-below-limit',
        path: 'chart.config.maxmemoryMb',
        expected: '<= 1638 (memory limit 2Gi)',
        found: '1700',
      }),
    ]);
  });

  it('fails the HDD StorageClass for AOF and a ServiceMonitor without the exporter', () => {
    expect(ids('agentic-prod-usw2', (v) => (v.persistence.storageClass = 'hdd-archive'))).toEqual([
      'no-hdd-for-aof',
    ]);
    expect(ids('agentic-prod-usw2', (v) => (v.metrics.enabled = false))).toEqual([
      'servicemonitor-needs-exporter',
    ]);
  });

  it('reports every violation at once', () => {
    expect(
      ids('agentic-prod-usw2', (v) => {
        v.topology.masters = 1;
        v.persistence.storageClass = 'hdd-archive';
        v.config.maxmemoryMb = 4096;
      }),
    ).toEqual(['cluster-needs-three-masters', 'maxmemory-below-limit', 'no-hdd-for-aof']);
  });

  it('reaches the user through the values pipeline with the rule id and the cluster', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-stg-usw2'
          ? { ...c, components: { 'redis-cluster': { values: { chart: { topology: { masters: 2 } } } } } }
          : c,
      ),
    };
    expect(computeFleet(f, COMPONENTS).issues).toEqual([
      expect.objectContaining({
        code: 'rule:cluster-needs-three-masters',
        cluster: 'agentic-stg-usw2',
        component: 'redis-cluster',
        path: 'chart.topology.masters',
      }),
    ]);
  });
});

describe('redis-cluster TLS rules', () => {
  it('fail TLS without an issuer name, an issuer the cluster lacks, and renewal after expiry', () => {
    expect(
      violations('agentic-stg-usw2', (v) => {
        v.tls.issuer.name = '';
      }),
    ).toEqual([
      {
        id: 'tls-needs-issuer',
        path: 'chart.tls.issuer.name',
        expected: 'a cert-manager issuer such as "vault-pki" (tls.enabled is true)',
        found: '""',
        hint: 'Name the issuer, or set tls.enabled false.',
      },
    ]);
    expect(violations('agentic-stg-usw2', (v) => (v.tls.issuer.name = 'letsencrypt-prod'))).toEqual([
      {
        id: 'tls-issuer-exists',
        path: 'chart.tls.issuer.name',
        expected: 'one of the ClusterIssuers of staging: self-signed, letsencrypt-staging, vault-pki',
        found: '"letsencrypt-prod"',
      },
    ]);
    expect(violations('agentic-prod-usw2', (v) => (v.tls.renewBefore = '2160h'))).toEqual([
      expect.objectContaining({
        id: 'tls-renews-before-expiry',
        path: 'chart.tls.renewBefore',
        expected: 'shorter than tls.duration (2160h)',
        found: '"2160h"',
      }),
    ]);
  });

  it('fails TLS off in production, and allows it elsewhere', () => {
    expect(ids('agentic-prod-usw2', (v) => (v.tls.enabled = false))).toEqual(['tls-in-production']);
    expect(ids('agentic-dr-use1', (v) => (v.tls.enabled = false))).toEqual(['tls-in-production']);
    expect(ids('agentic-stg-usw2', (v) => (v.tls.enabled = false))).toEqual([]);
  });

  it('fails TLS on a cluster without cert-manager, through the values pipeline with cluster, component, path, expected and found', () => {
    const f: Fleet = {
      ...fleet,
      clusters: fleet.clusters.map((c) =>
        c.name === 'agentic-dev-usw2'
          ? { ...c, components: { 'redis-cluster': { values: { chart: { tls: { enabled: true } } } } } }
          : c,
      ),
    };
    const withoutCertManager = COMPONENTS.filter((c) => c.name !== 'cert-manager');
    expect(computeFleet(f, withoutCertManager, { clusters: ['agentic-dev-usw2'] }).issues).toEqual([
      expect.objectContaining({
        code: 'rule:tls-needs-cert-manager',
        cluster: 'agentic-dev-usw2',
        component: 'redis-cluster',
        path: 'chart.tls.enabled',
        expected: 'false (cert-manager is not enabled on this cluster)',
        found: 'true',
      }),
    ]);
  });
});

describe('redis-cluster replica zones rule', () => {
  it('fails zone-unaware pairing in production with replicas, and zone-aware pairing without the zone spread', () => {
    expect(violations('agentic-prod-usw2', (v) => (v.bootstrap.zones.enabled = false))).toEqual([
      {
        id: 'replica-zones',
        path: 'chart.bootstrap.zones.enabled',
        expected: 'true in production with replicas',
        found: 'false',
        hint: "Without it redis-cli may put a replica in its master's zone.",
      },
    ]);
    expect(
      violations('agentic-prod-usw2', (v) => (v.zoneSpread.enabled = false)).map((v) => [v.id, v.path]),
    ).toEqual([['replica-zones', 'chart.zoneSpread.enabled']]);
    // without replicas there is nothing to place
    expect(ids('agentic-stg-usw2', (v) => (v.zoneSpread.enabled = false))).toEqual([]);
    expect(ids('agentic-dr-use1', (v) => (v.bootstrap.zones.enabled = false))).toEqual([]);
  });
});

describe('memoryMiB', () => {
  it.each([
    ['512Mi', 512],
    ['2Gi', 2048],
    ['1.5Gi', 1536],
    ['1048576Ki', 1024],
    ['1G', 1e9 / 1048576],
  ])('reads %s as %d MiB', (q, mib) => {
    expect(memoryMiB(q)).toBeCloseTo(mib);
  });

  it('returns undefined for what is not a memory quantity', () => {
    expect(memoryMiB('lots')).toBeUndefined();
  });
});
