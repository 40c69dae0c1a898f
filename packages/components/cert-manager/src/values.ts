import {
  type ClusterContext,
  failoverRecordOf,
  type TypedLayeredValues,
  workloadLabelsFor,
  zoneAndHostSpread,
} from '@platform/core';
import { type ChartValues, ISSUERS, type Targets } from './schema.ts';

export const NAMESPACE = 'cert-manager';

const small = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } };

/**
 * The ClusterIssuers our chart creates for an environment's default issuer (`tlsIssuer`): that
 * one, self-signed (bootstrap) and Vault PKI everywhere. Other components read it to know which
 * issuers a cluster has (the Redis certificate needs `vault-pki`).
 */
export function clusterIssuersFor(tls: string): ChartValues['issuers'] {
  const set = new Set<string>(['self-signed', tls, 'vault-pki']);
  // Production keeps the staging ACME issuer to test new names without hitting rate limits.
  if (tls === 'letsencrypt-prod') set.add('letsencrypt-staging');
  return ISSUERS.filter((i) => set.has(i));
}

/** The pod labels of each cert-manager Deployment (release cert-manager), which its spread selects. */
const pods = (name: string, component: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': 'cert-manager',
  'app.kubernetes.io/component': component,
});

export function certManagerLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const replicas = Math.min(env.replicas, 3);
  const pdb = { enabled: env.pdb.enabled && replicas > 1, minAvailable: 1 };
  return {
    defaults: {
      'cert-manager': {
        // Gatekeeper denies workloads without these labels in production
        global: { commonLabels: workloadLabelsFor(ctx) },
        crds: { enabled: true, keep: true },
        replicaCount: 1,
        podDisruptionBudget: { enabled: false, minAvailable: 1 },
        resources: { requests: { cpu: '50m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } },
        topologySpreadConstraints: [],
        webhook: {
          replicaCount: 1,
          podDisruptionBudget: { enabled: false, minAvailable: 1 },
          resources: small,
          topologySpreadConstraints: [],
        },
        cainjector: {
          replicaCount: 1,
          podDisruptionBudget: { enabled: false, minAvailable: 1 },
          resources: small,
          topologySpreadConstraints: [],
        },
        prometheus: { enabled: true, servicemonitor: { enabled: true } },
      },
      chart: {
        environment: env.name,
        labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
        defaultIssuer: env.tlsIssuer,
        issuers: clusterIssuersFor(env.tlsIssuer),
        acme: {
          email: 'platform-team@example.com',
          region: ctx.region.name,
          dnsZone: ctx.region.dnsZone,
          // The failover name's certificate is issued on each cluster that serves it (docs/decisions.md#dns-failover).
          extraDnsZones: [failoverRecordOf(ctx.fleet, ctx.cluster)?.zone ?? ctx.region.dnsZone].filter(
            (z) => z !== ctx.region.dnsZone,
          ),
        },
        vault: {
          server: ctx.region.vaultAddress,
          path: 'pki_int/sign/platform',
          mountPath: `/v1/auth/kubernetes-${ctx.cluster.name}`,
          role: 'cert-manager',
          serviceAccount: 'cert-manager-vault-issuer',
          // TLS trust for a Vault behind a private CA (docs/decisions.md#vault-tls-trust)
          ...(ctx.region.vaultCaBundle ? { caBundle: ctx.region.vaultCaBundle } : {}),
        },
      },
    },
    environment: {
      'cert-manager': {
        replicaCount: replicas,
        podDisruptionBudget: pdb,
        topologySpreadConstraints: zoneAndHostSpread(replicas, pods('cert-manager', 'controller')),
        webhook: {
          replicaCount: replicas,
          podDisruptionBudget: pdb,
          topologySpreadConstraints: zoneAndHostSpread(replicas, pods('webhook', 'webhook')),
        },
        cainjector: {
          replicaCount: Math.min(replicas, 2),
          podDisruptionBudget: { ...pdb, enabled: pdb.enabled },
          topologySpreadConstraints: zoneAndHostSpread(
            Math.min(replicas, 2),
            pods('cainjector', 'cainjector'),
          ),
        },
      },
    },
  };
}
