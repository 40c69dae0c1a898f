import { clusterIssuersFor } from '@platform/component-cert-manager';
import type { ClusterContext, EnvironmentName, LayeredValues, Values } from '@platform/core';
import { isScaledDownStandby } from '@platform/core';
import type { ChartValues } from './schema.ts';
import { EXPORTER_IMAGE, SERVER_IMAGE } from './versions.ts';

type Resources = ChartValues['resources']['redis'];

/** Shape and size of the store per environment (docs/decisions.md#redis-topology). */
interface EnvironmentShape {
  mode: ChartValues['mode'];
  masters: number;
  replicasPerMaster: number;
  resources: Resources;
  /** About 75% of the memory limit: room for AOF rewrite forks and replication buffers. */
  maxmemoryMb: number;
}

/**
 * Standalone in development; in staging a cluster of 3 masters without replicas
 * (3 pods, the smallest valid cluster); in production 3 masters + 3 replicas (6 pods). Memory requests
 * equal limits where the data must not be squeezed by node pressure (staging, production).
 */
export const ENVIRONMENT_SHAPES: Readonly<Record<EnvironmentName, EnvironmentShape>> = {
  development: {
    mode: 'standalone',
    masters: 1,
    replicasPerMaster: 0,
    resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
    maxmemoryMb: 384,
  },
  staging: {
    mode: 'cluster',
    masters: 3,
    replicasPerMaster: 0,
    resources: { requests: { cpu: '100m', memory: '1Gi' }, limits: { cpu: '500m', memory: '1Gi' } },
    maxmemoryMb: 768,
  },
  production: {
    mode: 'cluster',
    masters: 3,
    replicasPerMaster: 1,
    resources: { requests: { cpu: '250m', memory: '2Gi' }, limits: { cpu: '1', memory: '2Gi' } },
    maxmemoryMb: 1536,
  },
};

/** Namespace of the component, also in the Vault path of the password. */
export const NAMESPACE = 'infrastructure';

/** The ClusterIssuer of the Redis certificate: the fleet's internal CA in Vault. */
export const TLS_ISSUER = 'vault-pki';

/**
 * Whether the cluster has the issuer of the Redis certificate: cert-manager runs there and its
 * chart creates `vault-pki` for the environment (every environment does today, development too).
 * A cluster override that drops the issuer from cert-manager's list is not seen here.
 */
export function hasTlsIssuer(ctx: ClusterContext): boolean {
  return (
    ctx.enabledComponents.has('cert-manager') &&
    clusterIssuersFor(ctx.environment.tlsIssuer).includes(TLS_ISSUER)
  );
}

function defaults(ctx: ClusterContext): ChartValues {
  const dev = ENVIRONMENT_SHAPES.development;
  return {
    environment: ctx.environment.name,
    cluster: ctx.cluster.name,
    labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
    // clients use redis.infrastructure.svc.cluster.local:6379 in both modes
    fullname: 'redis',
    clusterDomain: 'cluster.local',
    mode: dev.mode,
    topology: { masters: dev.masters, replicasPerMaster: dev.replicasPerMaster },
    image: { ...SERVER_IMAGE, pullPolicy: 'IfNotPresent' },
    clusterConfig: {
      busPort: 16379,
      nodeTimeoutMs: 5000,
      requireFullCoverage: true,
      preferredEndpointType: 'hostname',
    },
    config: {
      maxmemoryMb: dev.maxmemoryMb,
      maxmemoryPolicy: 'noeviction',
      appendonly: true,
      appendfsync: 'everysec',
    },
    service: { port: 6379 },
    persistence: { storageClass: 'ssd-standard', size: '10Gi' },
    resources: {
      redis: dev.resources,
      exporter: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '64Mi' } },
      bootstrap: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '200m', memory: '64Mi' } },
    },
    auth: {
      secretName: 'redis-credentials',
      refreshInterval: '1h',
      secretStore: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      remoteRef: { key: `secret/data/${NAMESPACE}/redis-password`, property: 'password' },
    },
    tls: {
      enabled: false,
      issuer: { kind: 'ClusterIssuer', name: TLS_ISSUER },
      secretName: 'redis-tls',
      // docs/decisions.md#certificate-renewal
      duration: '2160h',
      renewBefore: '720h',
      // clients authenticate with the password; a certificate, when presented, must be valid
      authClients: 'optional',
      reloadIntervalSeconds: 60,
    },
    metrics: {
      enabled: true,
      image: { ...EXPORTER_IMAGE },
      port: 9121,
      serviceMonitor: { enabled: true, interval: '30s', scrapeTimeout: '10s', labels: {} },
    },
    networkPolicy: {
      enabled: true,
      // L01 reads the handoff queue, outbox and DLQ; KEDA reads list lengths
      clientNamespaces: ['data-layer', 'keda'],
      // Prometheus runs in `monitoring` (as the Cilium baseline assumes) or `infrastructure` (docs/decisions.md#names)
      metricsNamespaces: ['infrastructure', 'monitoring'],
      dnsNamespace: 'kube-system',
      // EKS serves the API on 443
      apiServerPort: 443,
    },
    pdb: { enabled: false, maxUnavailable: 1 },
    zoneSpread: { enabled: true },
    nodeSelector: {},
    priorityClassName: '',
    podSecurity: { runAsUser: 999, runAsGroup: 1000, fsGroup: 1000 },
    bootstrap: {
      timeoutSeconds: 300,
      backoffLimit: 2,
      // with cluster-require-full-coverage, a zone holding a master and its replica takes the
      // whole cluster down with it (docs/decisions.md#redis-replica-zones)
      zones: { enabled: true, topologyKey: 'topology.kubernetes.io/zone' },
    },
  };
}

function environmentLayer(ctx: ClusterContext): Values {
  const shape = ENVIRONMENT_SHAPES[ctx.environment.name];
  const onDemand = ctx.environment.name !== 'development' && ctx.enabledComponents.has('karpenter');
  return {
    mode: shape.mode,
    topology: { masters: shape.masters, replicasPerMaster: shape.replicasPerMaster },
    config: { maxmemoryMb: shape.maxmemoryMb },
    resources: { redis: shape.resources },
    // PDBs follow the environment: off in development, on in staging and production; a single pod has none
    pdb: { enabled: ctx.environment.pdb.enabled && shape.mode === 'cluster' },
    // TLS wherever the vault-pki issuer exists (docs/decisions.md#redis-tls)
    tls: { enabled: hasTlsIssuer(ctx) },
    // a stateful store stays off spot capacity where Karpenter could place it there
    ...(onDemand ? { nodeSelector: { 'karpenter.sh/capacity-type': 'on-demand' } } : {}),
  };
}

/**
 * The values of our chart per layer: component defaults, the environment's shape (docs/decisions.md#redis-topology),
 * and the DR role: a standby keeps cluster mode with its 3 masters but runs no replicas until
 * it is activated (scaled down, docs/decisions.md#disaster-recovery).
 */
export function redisLayers(ctx: ClusterContext): LayeredValues {
  return {
    defaults: { chart: defaults(ctx) as unknown as Values },
    environment: { chart: environmentLayer(ctx) },
    ...(isScaledDownStandby(ctx.cluster) ? { role: { chart: { topology: { replicasPerMaster: 0 } } } } : {}),
  };
}
