import { chartEnvironment, dns1123Label, platformLabels, resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set on the upstream Gatekeeper chart and on our policies chart.
 * Every upstream key was checked against `charts/gatekeeper/values.yaml` and the templates of
 * the pinned release (v3.23.0); `commonLabels` is read by the templates but has no default there.
 * @see https://github.com/open-policy-agent/gatekeeper/tree/v3.23.0/charts/gatekeeper
 */

const namespaceName = dns1123Label;
const labelMap = z.record(z.string().min(1), z.string());

const topologySpread = z.strictObject({
  maxSkew: z.int().min(1),
  topologyKey: z.string().min(1),
  whenUnsatisfiable: z.enum(['DoNotSchedule', 'ScheduleAnyway']),
  labelSelector: z.strictObject({ matchLabels: labelMap }),
});

/** The values of the upstream `gatekeeper` chart that we set. */
export const gatekeeperValues = z
  .strictObject({
    replicas: z.int().min(1).max(7).meta({ description: 'Admission webhook (controller manager) replicas' }),
    auditInterval: z.int().min(10).meta({ description: 'Seconds between audit runs' }),
    auditMatchKindOnly: z
      .boolean()
      .meta({ description: 'Audit only the kinds that constraints match (cheaper than every kind)' }),
    auditFromCache: z.boolean().meta({
      description:
        'Audit from the cache: only the kinds the Config syncs (chart.config.syncOnly), without listing them from the API server each run',
    }),
    auditChunkSize: z.int().min(0).meta({ description: 'Objects listed per API call during audit' }),
    constraintViolationsLimit: z.int().min(1).meta({ description: 'Violations kept per constraint status' }),
    logLevel: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']),
    logDenies: z.boolean().meta({ description: 'Log every admission denial' }),
    emitAdmissionEvents: z.boolean(),
    emitAuditEvents: z.boolean(),
    validatingWebhookTimeoutSeconds: z.int().min(1).max(30),
    validatingWebhookFailurePolicy: z
      .enum(['Ignore', 'Fail'])
      .meta({ description: 'Ignore: an unavailable Gatekeeper never blocks the API server (fail open)' }),
    commonLabels: labelMap.meta({ description: 'Labels on every Gatekeeper object (cost attribution)' }),
    controllerManager: z.strictObject({
      exemptNamespaces: z.array(namespaceName).meta({
        description: 'Namespaces allowed to carry admission.gatekeeper.sh/ignore (--exempt-namespace)',
      }),
      resources: resourceRequirements,
      topologySpreadConstraints: z.array(topologySpread),
    }),
    audit: z.strictObject({ resources: resourceRequirements }),
    pdb: z.strictObject({
      controllerManager: z
        .strictObject({ minAvailable: z.int().min(0) })
        .meta({ description: 'The chart always renders this PDB; 0 disables it in effect' }),
    }),
    postInstall: z.strictObject({
      labelNamespace: z.strictObject({
        extraNamespaces: z
          .array(namespaceName)
          .meta({ description: 'Namespaces the post-install job labels admission.gatekeeper.sh/ignore' }),
      }),
    }),
    upgradeCRDs: z
      .strictObject({ enabled: z.boolean() })
      .meta({ description: 'Helm hook that applies the CRDs; Argo CD applies crds/ itself' }),
  })
  .meta({ title: 'gatekeeper upstream chart values (the keys we set)' });
export type GatekeeperValues = z.infer<typeof gatekeeperValues>;

export const ENFORCEMENT_ACTIONS = ['deny', 'warn', 'dryrun'] as const;

/** Values of our chart `charts/gatekeeper`: the template, the constraint and the Config. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment.meta({ description: 'Environment of the cluster' }),
    labels: platformLabels,
    requiredLabels: z
      .strictObject({
        enforcementAction: z
          .enum(ENFORCEMENT_ACTIONS)
          .meta({ description: 'deny in production; warn (staging) or dryrun (development) only audit' }),
        labels: z
          .array(z.string().min(1))
          .min(1)
          .meta({ description: 'Labels every Namespace, Deployment, StatefulSet and DaemonSet must carry' }),
        excludedNamespaces: z.array(namespaceName).meta({ description: 'Namespaces the constraint ignores' }),
      })
      .meta({ description: 'The K8sRequiredLabels constraint require-cost-labels' }),
    config: z
      .strictObject({
        excludedNamespaces: z
          .array(
            z
              .string()
              .regex(/^\*?[-:a-z0-9]*\*?$/, 'a namespace name, optionally with a leading or trailing *'),
          )
          .meta({
            description: 'Namespaces excluded from every Gatekeeper process (the Config named config)',
          }),
        syncOnly: z
          .array(
            z.strictObject({
              group: z.string().meta({ description: 'API group; "" for the core group' }),
              version: z.string().min(1),
              kind: z.string().min(1),
            }),
          )
          .meta({
            description:
              'Kinds Gatekeeper replicates into its cache: the audit reads them from there (auditFromCache), so every kind a constraint matches must be listed',
          }),
      })
      .meta({ description: 'The Gatekeeper Config (config.gatekeeper.sh/v1alpha1)' }),
  })
  .meta({ title: 'charts/gatekeeper values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `gatekeeper` chart and our chart. */
export type Targets = { gatekeeper: typeof gatekeeperValues; chart: typeof chartValues };
