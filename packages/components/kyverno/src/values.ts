import { admissionExemptNamespaces, EXCLUDED_NAMESPACES } from '@platform/component-gatekeeper';
import {
  type ClusterContext,
  SYSTEM_NODE_TAINT,
  type TypedLayeredValues,
  workloadLabelsFor,
} from '@platform/core';
import type { ChartValues, KyvernoValues, Targets } from './schema.ts';

export const NAMESPACE = 'kyverno';

/** Kyverno v1.19.0, the application version of chart 3.9.0. */
export const KYVERNO_VERSION = 'v1.19.0';

/**
 * The namespaces no Kyverno policy admits: the same ones Gatekeeper exempts (its constraint's
 * exclusions and its admission exemptions, docs/decisions.md#admission), plus Kyverno's own.
 * Taken from the gatekeeper component so that the two engines cannot drift apart.
 */
export function exemptNamespaces(ctx: Pick<ClusterContext, 'fleet'>): string[] {
  return [...new Set([...EXCLUDED_NAMESPACES, ...admissionExemptNamespaces(ctx), NAMESPACE])].sort();
}

/** The organisation's registries: its ECR registries and its GitHub packages (docs/decisions.md#admission). */
export const ORG_REGISTRIES = ['*.dkr.ecr.*.amazonaws.com/*', 'ghcr.io/example-org/*'];

/** Admission replicas: 3 in production (HA webhook), the profile's count elsewhere. */
export function admissionReplicas(env: ClusterContext['environment']): number {
  return env.name === 'production' ? Math.max(3, env.replicas) : env.replicas;
}

/**
 * Kyverno values per layer: the upstream chart with the fleet's labels, the system taint
 * tolerated and the webhooks skipping the exempt namespaces; our chart with the two supply-chain
 * ClusterPolicies. Signatures are enforced in staging and production and audited in development;
 * the vulnerability gate enforces on the organisation's images and only audits third-party ones.
 */
export function kyvernoLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const exempt = exemptNamespaces(ctx);
  const monitor = { serviceMonitor: { enabled: true } };
  const upstream: KyvernoValues = {
    customLabels: workloadLabelsFor(ctx),
    global: { tolerations: [{ ...SYSTEM_NODE_TAINT, operator: 'Equal' }] },
    config: {
      webhooks: {
        namespaceSelector: {
          matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: exempt }],
        },
      },
      excludeKyvernoNamespace: true,
    },
    test: { image: { tag: KYVERNO_VERSION } },
    admissionController: {
      replicas: 1,
      podDisruptionBudget: { enabled: false, minAvailable: 0 },
      ...monitor,
    },
    backgroundController: { replicas: 1, ...monitor },
    cleanupController: { replicas: 1, ...monitor },
    reportsController: { replicas: 1, ...monitor },
  };
  const chart: ChartValues = {
    environment: env.name,
    labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
    webhookTimeoutSeconds: 30,
    exemptNamespaces: exempt,
    skipLabel: { key: 'skip-signature-verification', value: 'true' },
    orgRegistries: ORG_REGISTRIES,
    signatures: {
      failureAction: 'Enforce',
      keyless: {
        subject: 'https://github.com/example-org/*',
        issuer: 'https://token.actions.githubusercontent.com',
        rekorUrl: 'https://rekor.sigstore.dev',
      },
      sbomPredicate: 'https://spdx.dev/Document',
    },
    vulnerabilities: {
      predicate: 'https://cosign.sigstore.dev/attestation/vuln/v1',
      orgFailureAction: 'Enforce',
      thirdPartyFailureAction: 'Audit',
      maxCritical: 0,
      highBelow: 5,
    },
  };
  const replicas = admissionReplicas(env);
  const action = env.name === 'development' ? 'Audit' : 'Enforce';
  return {
    defaults: { kyverno: upstream, chart },
    environment: {
      kyverno: {
        admissionController: {
          replicas,
          podDisruptionBudget: {
            enabled: env.pdb.enabled && replicas > 1,
            minAvailable: replicas > 1 ? replicas - 1 : 0,
          },
        },
        backgroundController: { replicas: Math.min(2, env.replicas) },
        cleanupController: { replicas: Math.min(2, env.replicas) },
        reportsController: { replicas: Math.min(2, env.replicas) },
      },
      chart: {
        signatures: { failureAction: action },
        vulnerabilities: { orgFailureAction: action },
      },
    },
  };
}
