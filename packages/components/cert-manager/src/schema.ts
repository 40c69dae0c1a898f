import {
  chartEnvironment,
  podDisruptionBudgetValues,
  resourceRequirements,
  topologySpreadConstraints,
  workloadLabels,
} from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set on the cert-manager chart and on our issuers chart.
 * @see https://cert-manager.io/docs/installation/helm/
 */

const resources = resourceRequirements;
const pdb = podDisruptionBudgetValues;
const spreads = topologySpreadConstraints;

/** Values of the upstream `cert-manager` chart that we set (`crds.enabled`, not the deprecated installCRDs). */
export const certManagerValues = z
  .strictObject({
    global: z.strictObject({
      commonLabels: workloadLabels.meta({
        description:
          'Labels on every object (and ACME solver pods): the labels Gatekeeper requires on workloads',
      }),
    }),
    crds: z.strictObject({
      enabled: z.boolean().meta({ description: 'Install the CRDs with the chart' }),
      keep: z.boolean().meta({ description: 'Keep the CRDs when the release is removed' }),
    }),
    replicaCount: z.int().min(1).max(5),
    podDisruptionBudget: pdb,
    resources,
    topologySpreadConstraints: spreads,
    webhook: z.strictObject({
      replicaCount: z.int().min(1).max(5),
      podDisruptionBudget: pdb,
      resources,
      topologySpreadConstraints: spreads,
    }),
    cainjector: z.strictObject({
      replicaCount: z.int().min(1).max(5),
      podDisruptionBudget: pdb,
      resources,
      topologySpreadConstraints: spreads,
    }),
    prometheus: z.strictObject({
      enabled: z.boolean(),
      servicemonitor: z.strictObject({ enabled: z.boolean() }),
    }),
  })
  .meta({ title: 'cert-manager upstream chart values (the keys we set)' });
export type CertManagerValues = z.infer<typeof certManagerValues>;

export const ISSUERS = ['self-signed', 'letsencrypt-staging', 'letsencrypt-prod', 'vault-pki'] as const;

/** Values of our chart `charts/cert-manager`: the ClusterIssuers. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment,
    labels: z.strictObject({
      'cost-center': z.string().min(1),
      layer: z.string().regex(/^l(0[0-9]|1[01])$/),
    }),
    defaultIssuer: z.enum(ISSUERS).meta({ description: "The environment's default ClusterIssuer" }),
    issuers: z.array(z.enum(ISSUERS)).min(1).meta({ description: 'ClusterIssuers to create' }),
    acme: z
      .strictObject({
        email: z.email().meta({ description: 'ACME account e-mail (a team mailbox, not a person)' }),
        region: z.string().min(1).meta({ description: 'Route53 API region for DNS-01' }),
        dnsZone: z.string().min(1).meta({ description: 'Hosted zone the DNS-01 solver serves' }),
        extraDnsZones: z.array(z.string().min(1)).meta({
          description:
            "Further hosted zones the solver serves: the zone of the environment's failover name (fleet.yaml dnsFailover)",
        }),
      })
      .meta({ description: "Let's Encrypt DNS-01 through Route53 (ambient IAM credentials, no keys)" }),
    vault: z
      .strictObject({
        server: z.url(),
        path: z.string().min(1).meta({ description: 'PKI sign path, e.g. pki_int/sign/platform' }),
        mountPath: z.string().min(1).meta({ description: 'Kubernetes auth mount, e.g. /v1/auth/kubernetes' }),
        role: z.string().min(1),
        serviceAccount: z.string().min(1).meta({ description: 'Service account whose token Vault verifies' }),
        caBundle: z.string().min(1).optional().meta({
          description: "PEM of Vault's private CA (the region's vaultCaBundle); the chart base64-encodes it",
        }),
      })
      .meta({ description: 'vault-pki ClusterIssuer for internal mTLS' }),
  })
  .meta({ title: 'charts/cert-manager values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `cert-manager` chart and our chart. */
export type Targets = { 'cert-manager': typeof certManagerValues; chart: typeof chartValues };
