import {
  type ClusterContext,
  isScaledDownStandby,
  type TypedLayeredValues,
  workloadLabelsFor,
  zoneAndHostSpread,
} from '@platform/core';
import type { Targets } from './schema.ts';

export const NAMESPACE = 'external-secrets';

const small = { requests: { cpu: '50m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } };
const controller = { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '512Mi' } };

/** The pod labels of each ESO Deployment (release external-secrets), which its spread selects. */
const pods = (name: string) => ({
  'app.kubernetes.io/name': name,
  'app.kubernetes.io/instance': 'external-secrets',
});

/** ESO with HA per environment, Reloader, and the vault-backend store of the cluster's region. */
export function externalSecretsLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const replicas = Math.min(env.replicas, 3);
  const pdb = { enabled: env.pdb.enabled && replicas > 1, minAvailable: 1 };
  // Gatekeeper denies workloads without these labels in production
  const labels = workloadLabelsFor(ctx);
  return {
    defaults: {
      'external-secrets': {
        commonLabels: labels,
        installCRDs: true,
        replicaCount: 1,
        leaderElect: true,
        podDisruptionBudget: { enabled: false, minAvailable: 1 },
        resources: controller,
        serviceMonitor: { enabled: true },
        topologySpreadConstraints: [],
        webhook: {
          replicaCount: 1,
          podDisruptionBudget: { enabled: false, minAvailable: 1 },
          resources: small,
          topologySpreadConstraints: [],
          // The serving certificate from the fleet's internal CA (docs/decisions.md#secret-stores-redis-tls)
          certManager: {
            enabled: true,
            addInjectorAnnotations: true,
            cert: {
              create: true,
              issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'vault-pki' },
              // docs/decisions.md#certificate-renewal
              duration: '2160h',
              renewBefore: '720h',
            },
          },
        },
        certController: { create: false },
      },
      reloader: {
        reloader: {
          watchGlobally: true,
          reloadStrategy: 'annotations',
          enableHA: false,
          deployment: { replicas: 1, resources: small, labels },
        },
      },
      chart: {
        environment: env.name,
        labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
        vault: {
          server: ctx.region.vaultAddress,
          path: 'secret',
          version: 'v2',
          auth: {
            mountPath: `kubernetes-${ctx.cluster.name}`,
            role: 'external-secrets',
            serviceAccount: { name: 'external-secrets', namespace: NAMESPACE },
          },
          // TLS trust for a Vault behind a private CA (docs/decisions.md#vault-tls-trust)
          ...(ctx.region.vaultCaBundle ? { caBundle: ctx.region.vaultCaBundle } : {}),
        },
        // Read-only: Vault returns a certificate's private key only when it issues it, and
        // cert-manager (the vault-pki ClusterIssuer) does the issuing, so the store serves the
        // public side: the CA chain and issued certificates (docs/decisions.md#secret-stores-redis-tls).
        vaultPki: { path: 'pki_int' },
        awsSecretsManager: { region: ctx.region.name },
        externalSecrets: [],
      },
    },
    environment: {
      'external-secrets': {
        replicaCount: replicas,
        podDisruptionBudget: pdb,
        topologySpreadConstraints: zoneAndHostSpread(replicas, pods('external-secrets')),
        webhook: {
          replicaCount: replicas,
          podDisruptionBudget: pdb,
          topologySpreadConstraints: zoneAndHostSpread(replicas, pods('external-secrets-webhook')),
        },
      },
      reloader: { reloader: { enableHA: replicas > 1, deployment: { replicas: Math.min(replicas, 2) } } },
    },
    ...(isScaledDownStandby(ctx.cluster)
      ? { role: { 'external-secrets': { replicaCount: 2, webhook: { replicaCount: 2 } } } }
      : {}),
  };
}
