import { hasTlsIssuer } from '@platform/component-redis-cluster';
import { type ClusterContext, type TypedLayeredValues, workloadLabelsFor } from '@platform/core';
import type { ChartValues, KedaValues, Targets } from './schema.ts';

export const NAMESPACE = 'keda';
/** The Vault key of the Redis password (the same the redis-cluster component reads). */
export const REDIS_PASSWORD_KEY = 'secret/data/infrastructure/redis-password';

const small = { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

/** Replicas of each KEDA Deployment: two from the environment default of 2 up (one leader, one standby). */
export function kedaReplicas(ctx: Pick<ClusterContext, 'environment'>): number {
  return ctx.environment.replicas > 1 ? 2 : 1;
}

/**
 * Values of the KEDA component per layer (docs/decisions.md#keda): the operator, metrics server
 * and webhooks with replicas and PDBs from the environment, Secrets readable in `keda` only, and
 * the ClusterTriggerAuthentication of the Redis scalers where Redis runs.
 */
export function kedaLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const replicas = kedaReplicas(ctx);
  const pdb = env.pdb.enabled && replicas > 1 ? { minAvailable: 1 } : {};
  const upstream: KedaValues = {
    additionalLabels: workloadLabelsFor(ctx),
    crds: { install: true },
    operator: { replicaCount: 1 },
    metricsServer: { replicaCount: 1 },
    webhooks: { replicaCount: 1 },
    podDisruptionBudget: { operator: {}, metricServer: {}, webhooks: {} },
    resources: {
      operator: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      metricServer: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '1Gi' } },
      webhooks: small,
    },
    permissions: { operator: { restrict: { secret: true } }, metricServer: { restrict: { secret: true } } },
    prometheus: { operator: { enabled: true, serviceMonitor: { enabled: true } } },
  };
  const chart: ChartValues = {
    environment: env.name,
    labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
    redis: {
      enabled: ctx.enabledComponents.has('redis-cluster'),
      triggerAuthentication: 'redis-trigger-auth',
      secretName: 'keda-redis-credentials',
      refreshInterval: '1h',
      secretStore: { kind: 'ClusterSecretStore', name: 'vault-backend' },
      remoteRef: { key: REDIS_PASSWORD_KEY, property: 'password' },
      // Redis serves TLS only wherever its vault-pki certificate can be issued (docs/decisions.md#redis-tls)
      tls: {
        enabled: ctx.enabledComponents.has('redis-cluster') && hasTlsIssuer(ctx),
        caSecretName: 'keda-redis-ca',
        secretStore: { kind: 'ClusterSecretStore', name: 'vault-pki' },
        remoteRef: { key: 'cert/ca_chain', property: 'certificate' },
      },
    },
  };
  return {
    defaults: { keda: upstream, chart },
    environment: {
      keda: {
        operator: { replicaCount: replicas },
        metricsServer: { replicaCount: replicas },
        webhooks: { replicaCount: replicas },
        podDisruptionBudget: { operator: pdb, metricServer: pdb, webhooks: pdb },
      },
    },
  };
}
