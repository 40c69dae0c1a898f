import { chartEnvironment, dns1123Label, platformLabels, workloadLabels } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values the Kyverno component sets: on the upstream `kyverno` chart (only
 * the keys we set; names checked against the chart's values.yaml at 3.9.0, Kyverno v1.19.0) and
 * on our chart `charts/kyverno`, whose `values.schema.json` is generated from `chartValues`.
 * @see https://github.com/kyverno/kyverno/blob/main/charts/kyverno/values.yaml
 */

const dnsLabel = dns1123Label;

const toleration = z.strictObject({
  key: z.string().min(1),
  operator: z.enum(['Equal', 'Exists']),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
});

const replicas = z.int().min(1).max(5);

/** Values of the upstream chart `kyverno` (3.9.0, Kyverno v1.19.0). */
export const kyvernoValues = z
  .strictObject({
    customLabels: workloadLabels.meta({
      description: 'Labels on every object of the chart: the labels Gatekeeper requires on workloads',
    }),
    global: z.strictObject({
      tolerations: z
        .array(toleration)
        .meta({ description: 'Every workload and hook Job tolerates the system node taint' }),
    }),
    config: z.strictObject({
      webhooks: z
        .strictObject({
          namespaceSelector: z.strictObject({
            matchExpressions: z
              .array(
                z.strictObject({
                  key: z.literal('kubernetes.io/metadata.name'),
                  operator: z.literal('NotIn'),
                  values: z.array(dnsLabel).min(1),
                }),
              )
              .length(1),
          }),
        })
        .meta({
          description:
            "The webhooks skip the admission-exempt namespaces (Gatekeeper's list, rule webhook-exemptions-match-policies)",
        }),
      excludeKyvernoNamespace: z.literal(true).meta({ description: 'Kyverno never admits its own pods' }),
    }),
    test: z.strictObject({
      image: z.strictObject({
        tag: z
          .string()
          .regex(/^v\d+\.\d+\.\d+$/, 'an exact version such as v1.19.0')
          .meta({ description: 'Helm test pods: the readiness checker at the release version, not latest' }),
      }),
    }),
    admissionController: z.strictObject({
      replicas,
      podDisruptionBudget: z.strictObject({ enabled: z.boolean(), minAvailable: z.int().min(0) }),
      serviceMonitor: z.strictObject({ enabled: z.boolean() }),
    }),
    backgroundController: z.strictObject({
      replicas,
      serviceMonitor: z.strictObject({ enabled: z.boolean() }),
    }),
    cleanupController: z.strictObject({ replicas, serviceMonitor: z.strictObject({ enabled: z.boolean() }) }),
    reportsController: z.strictObject({ replicas, serviceMonitor: z.strictObject({ enabled: z.boolean() }) }),
  })
  .meta({ title: 'kyverno chart values (as set by the platform)' });
export type KyvernoValues = z.infer<typeof kyvernoValues>;

export const FAILURE_ACTIONS = ['Enforce', 'Audit'] as const;
const failureAction = z.enum(FAILURE_ACTIONS);

/** An image reference pattern of one registry path, never the whole world. */
const imageReference = z
  .string()
  .regex(/^[a-z0-9*][a-z0-9.*-]*(:\d+)?\/[A-Za-z0-9._/*-]+$/, 'a registry/path pattern such as ghcr.io/org/*')
  .refine((s) => !/^\*+(\/\*+)?$/.test(s), 'a pattern of the organisation, not every image');

const keyless = z.strictObject({
  subject: z
    .string()
    .min(1)
    .meta({ description: 'Certificate subject (workflow identity); * is a wildcard' }),
  issuer: z.url().meta({ description: 'OIDC issuer of the signing workflow' }),
  rekorUrl: z.url().meta({ description: 'Transparency log the signatures are recorded in' }),
});

/** Values of our chart `charts/kyverno` (the fleet's supply-chain ClusterPolicies). */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment.meta({
      description: 'Environment of the cluster; a label on every object',
    }),
    labels: platformLabels,
    webhookTimeoutSeconds: z
      .int()
      .min(1)
      .max(30)
      .meta({ description: 'Admission webhook timeout of the policies' }),
    exemptNamespaces: z.array(dnsLabel).min(1).meta({
      description:
        "Namespaces no policy admits: Gatekeeper's exemptions plus Kyverno's own (rule exemptions-cover-gatekeeper)",
    }),
    skipLabel: z
      .strictObject({ key: z.string().min(1), value: z.string().min(1) })
      .meta({ description: 'Pods carrying this label are not verified (break-glass)' }),
    orgRegistries: z
      .array(imageReference)
      .min(1)
      .meta({ description: "Image reference patterns of the organisation's registries" }),
    signatures: z
      .strictObject({
        failureAction: failureAction.meta({
          description: 'Enforce refuses unsigned org images; Audit reports them (development)',
        }),
        keyless,
        sbomPredicate: z
          .url()
          .meta({ description: 'Predicate type of the attached SBOM attestation (SPDX)' }),
      })
      .meta({ description: 'ClusterPolicy verify-image-signatures' }),
    vulnerabilities: z
      .strictObject({
        predicate: z.url().meta({ description: 'Predicate type of the Cosign vulnerability attestation' }),
        orgFailureAction: failureAction.meta({ description: "Gate on the organisation's images" }),
        thirdPartyFailureAction: z.literal('Audit').meta({
          description: 'Third-party images carry no vulnerability attestation of ours: audit only',
        }),
        maxCritical: z.int().min(0).meta({ description: 'Critical findings allowed (0)' }),
        highBelow: z.int().min(1).meta({ description: 'High findings must stay below this count (5)' }),
      })
      .meta({ description: 'ClusterPolicy block-critical-vulnerabilities' }),
  })
  .meta({ title: 'charts/kyverno values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `kyverno` chart and our chart. */
export type Targets = { kyverno: typeof kyvernoValues; chart: typeof chartValues };
