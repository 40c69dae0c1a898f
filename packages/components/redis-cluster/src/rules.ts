import { clusterIssuersFor } from '@platform/component-cert-manager';
import type { ComponentRule, RuleViolation } from '@platform/core';
import type { ChartValues } from './schema.ts';

const chart = (v: Readonly<Record<string, unknown>>) => v.chart as ChartValues;

const UNITS: Readonly<Record<string, number>> = {
  '': 1 / (1024 * 1024),
  Ki: 1 / 1024,
  Mi: 1,
  Gi: 1024,
  Ti: 1024 * 1024,
  k: 1000 / (1024 * 1024),
  M: 1e6 / (1024 * 1024),
  G: 1e9 / (1024 * 1024),
};

/** A Kubernetes memory quantity in MiB (`512Mi` -> 512, `2Gi` -> 2048), or undefined. */
export function memoryMiB(quantity: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G)?$/.exec(quantity);
  const unit = UNITS[m?.[2] ?? ''];
  return m?.[1] === undefined || unit === undefined ? undefined : Number(m[1]) * unit;
}

/** maxmemory may use this share of the container memory limit (the rest: forks, buffers). */
export const MAXMEMORY_SHARE = 0.8;

const one = (v: RuleViolation): RuleViolation[] => [v];

/**
 * Cross-field rules of the Redis values (docs/decisions.md#redis-topology); all are evaluated and every violation is
 * reported. `templates/validate.yaml` repeats the topology rules so Helm rejects them too.
 */
export const redisRules: readonly ComponentRule[] = [
  {
    id: 'cluster-needs-three-masters',
    description: 'Redis Cluster needs at least 3 masters (a majority must elect a failover)',
    check: (v) => {
      const c = chart(v);
      return c.mode === 'cluster' && c.topology.masters < 3
        ? one({
            path: 'chart.topology.masters',
            expected: '>= 3 in cluster mode',
            found: String(c.topology.masters),
            hint: 'Use 3 or more masters, or mode standalone.',
          })
        : undefined;
    },
  },
  {
    id: 'replicas-per-master-range',
    description: 'Redis Cluster runs 0 to 2 replicas per master',
    check: (v) => {
      const r = chart(v).topology.replicasPerMaster;
      return chart(v).mode === 'cluster' && r > 2
        ? one({ path: 'chart.topology.replicasPerMaster', expected: '0 to 2', found: String(r) })
        : undefined;
    },
  },
  {
    id: 'standalone-is-one-server',
    description: 'standalone mode runs exactly one server',
    check: (v) => {
      const c = chart(v);
      if (c.mode !== 'standalone') return undefined;
      const out: RuleViolation[] = [];
      if (c.topology.masters !== 1)
        out.push({
          path: 'chart.topology.masters',
          expected: '1 in standalone mode',
          found: String(c.topology.masters),
        });
      if (c.topology.replicasPerMaster !== 0)
        out.push({
          path: 'chart.topology.replicasPerMaster',
          expected: '0 in standalone mode',
          found: String(c.topology.replicasPerMaster),
          hint: 'For replicas use mode cluster.',
        });
      return out;
    },
  },
  {
    id: 'production-survives-a-node',
    description: 'a production primary runs cluster mode with a replica per master',
    check: (v, ctx) => {
      const c = chart(v);
      if (ctx.environment.name !== 'production' || ctx.cluster.role !== 'primary') return undefined;
      if (c.mode === 'cluster' && c.topology.replicasPerMaster >= 1) return undefined;
      return c.mode !== 'cluster'
        ? one({ path: 'chart.mode', expected: '"cluster" in production', found: JSON.stringify(c.mode) })
        : one({
            path: 'chart.topology.replicasPerMaster',
            expected: '>= 1 in production (a lost master must fail over to its replica)',
            found: String(c.topology.replicasPerMaster),
          });
    },
  },
  {
    id: 'aof-outside-development',
    description: 'staging and production persist with AOF (RPO 1 min)',
    check: (v, ctx) => {
      const c = chart(v).config;
      if (ctx.environment.name === 'development') return undefined;
      if (!c.appendonly) return one({ path: 'chart.config.appendonly', expected: 'true', found: 'false' });
      return c.appendfsync === 'no'
        ? one({
            path: 'chart.config.appendfsync',
            expected: '"everysec" or "always"',
            found: '"no"',
            hint: 'With "no" the kernel decides when to flush: more than a minute of writes can be lost.',
          })
        : undefined;
    },
  },
  {
    id: 'maxmemory-below-limit',
    description: `maxmemory must stay below ${MAXMEMORY_SHARE * 100}% of the memory limit (fork headroom)`,
    check: (v) => {
      const c = chart(v);
      const limit = memoryMiB(c.resources.redis.limits.memory);
      if (limit === undefined) return undefined; // the schema reports the malformed quantity
      const max = Math.floor(limit * MAXMEMORY_SHARE);
      return c.config.maxmemoryMb > max
        ? one({
            path: 'chart.config.maxmemoryMb',
            expected: `<= ${max} (memory limit ${c.resources.redis.limits.memory})`,
            found: String(c.config.maxmemoryMb),
            hint: 'Raise resources.redis.limits.memory or lower maxmemoryMb; otherwise an AOF rewrite can get the pod OOM-killed.',
          })
        : undefined;
    },
  },
  {
    id: 'no-hdd-for-aof',
    description: 'AOF fsyncs every second: it needs an SSD StorageClass, not the st1 hdd-archive',
    check: (v) =>
      chart(v).persistence.storageClass === 'hdd-archive'
        ? one({
            path: 'chart.persistence.storageClass',
            expected: 'ssd-standard, ssd-high-iops or ssd-encrypted',
            found: '"hdd-archive"',
          })
        : undefined,
  },
  {
    id: 'servicemonitor-needs-exporter',
    description: 'the ServiceMonitor scrapes the exporter sidecar',
    check: (v) => {
      const m = chart(v).metrics;
      return m.serviceMonitor.enabled && !m.enabled
        ? one({
            path: 'chart.metrics.enabled',
            expected: 'true (serviceMonitor.enabled is true)',
            found: 'false',
          })
        : undefined;
    },
  },
  {
    id: 'tls-needs-issuer',
    description: 'TLS needs the issuer that signs the certificate',
    check: (v) => {
      const t = chart(v).tls;
      return t.enabled && t.issuer.name === ''
        ? one({
            path: 'chart.tls.issuer.name',
            expected: 'a cert-manager issuer such as "vault-pki" (tls.enabled is true)',
            found: '""',
            hint: 'Name the issuer, or set tls.enabled false.',
          })
        : undefined;
    },
  },
  {
    id: 'tls-needs-cert-manager',
    description: 'the Redis certificate is issued by cert-manager, which must run on the cluster',
    check: (v, ctx) =>
      chart(v).tls.enabled && !ctx.enabledComponents.has('cert-manager')
        ? one({
            path: 'chart.tls.enabled',
            expected: 'false (cert-manager is not enabled on this cluster)',
            found: 'true',
            hint: 'Enable cert-manager on the cluster, or turn Redis TLS off.',
          })
        : undefined,
  },
  {
    id: 'tls-issuer-exists',
    description: 'the ClusterIssuer of the Redis certificate must be one cert-manager creates on the cluster',
    check: (v, ctx) => {
      const t = chart(v).tls;
      if (!t.enabled || t.issuer.kind !== 'ClusterIssuer' || t.issuer.name === '') return undefined;
      if (!ctx.enabledComponents.has('cert-manager')) return undefined; // tls-needs-cert-manager
      const issuers = clusterIssuersFor(ctx.environment.tlsIssuer);
      return issuers.some((i) => i === t.issuer.name)
        ? undefined
        : one({
            path: 'chart.tls.issuer.name',
            expected: `one of the ClusterIssuers of ${ctx.environment.name}: ${issuers.join(', ')}`,
            found: JSON.stringify(t.issuer.name),
          });
    },
  },
  {
    id: 'tls-renews-before-expiry',
    description: 'the certificate must be renewed before it expires',
    check: (v) => {
      const t = chart(v).tls;
      return t.enabled && Number.parseInt(t.renewBefore, 10) >= Number.parseInt(t.duration, 10)
        ? one({
            path: 'chart.tls.renewBefore',
            expected: `shorter than tls.duration (${t.duration})`,
            found: JSON.stringify(t.renewBefore),
          })
        : undefined;
    },
  },
  {
    id: 'tls-in-production',
    description: 'production serves Redis over TLS only (the password must not cross the network in clear)',
    check: (v, ctx) =>
      ctx.environment.name === 'production' && !chart(v).tls.enabled
        ? one({
            path: 'chart.tls.enabled',
            expected: 'true in production',
            found: 'false',
            hint: 'Production needs cert-manager with the vault-pki ClusterIssuer.',
          })
        : undefined,
  },
  {
    id: 'replica-zones',
    description:
      'with replicas, each master and its replica must be in different zones (cluster-require-full-coverage stops the cluster when a zone takes both)',
    check: (v, ctx) => {
      const c = chart(v);
      if (c.mode !== 'cluster' || c.topology.replicasPerMaster === 0) return undefined;
      const out: RuleViolation[] = [];
      if (ctx.environment.name === 'production' && !c.bootstrap.zones.enabled)
        out.push({
          path: 'chart.bootstrap.zones.enabled',
          expected: 'true in production with replicas',
          found: 'false',
          hint: "Without it redis-cli may put a replica in its master's zone.",
        });
      if (c.bootstrap.zones.enabled && !c.zoneSpread.enabled)
        out.push({
          path: 'chart.zoneSpread.enabled',
          expected: 'true (bootstrap.zones.enabled places replicas by zone)',
          found: 'false',
          hint: 'Without the zone spread the pods may share one zone, and the bootstrap refuses to pair them.',
        });
      return out;
    },
  },
];
