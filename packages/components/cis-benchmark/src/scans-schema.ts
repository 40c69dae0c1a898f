import { resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the two cluster scans next to kube-bench in `charts/cis-benchmark`
 * (docs/decisions.md#security-scans): trivy over the whole cluster and kubeaudit over a list of
 * namespaces, each a daily CronJob. They are the `trivy` and `kubeaudit` keys of `chartValues`.
 */

/** A daily cron schedule: a fixed minute and hour, every day (UTC). */
export const dailySchedule = z
  .string()
  .regex(
    /^([0-5]?\d) ([01]?\d|2[0-3]) \* \* \*$/,
    'a daily cron schedule "<minute> <hour> * * *" such as "0 7 * * *"',
  );

/** An OCI repository reference `registry/path[:tag]`, the form trivy's `--*-repository` flags take. */
const ociRepository = z
  .string()
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)+(:[\w][\w.-]{0,127})?$/,
    'an OCI repository such as mirror.gcr.io/aquasec/trivy-db:2',
  );

const dnsLabel = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'a DNS-1123 label')
  .max(63);

/** trivy's severities, lowest first. */
export const TRIVY_SEVERITIES = ['UNKNOWN', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;

/** kubeaudit's `--minseverity` levels. */
export const KUBEAUDIT_SEVERITIES = ['info', 'warning', 'error'] as const;

/** The `trivy` values of our chart: `trivy k8s` over the whole cluster, read-only. */
export const trivyValues = z
  .strictObject({
    schedule: dailySchedule.meta({
      description: 'When the trivy scan runs (UTC), apart from the other scans',
    }),
    image: z.strictObject({
      repository: z.string().min(1),
      tag: z
        .string()
        .regex(
          /^\d+\.\d+\.\d+$/,
          'an exact trivy release such as 0.74.0 (the image tag has no v; never latest)',
        )
        .meta({ description: 'trivy release' }),
    }),
    severities: z
      .array(z.enum(TRIVY_SEVERITIES))
      .min(1)
      .meta({ description: 'Severities reported (--severity), HIGH and CRITICAL by default' }),
    scanImages: z.boolean().meta({
      description:
        'Pull and scan the images of the workloads (vulnerabilities, secrets); false adds --skip-images. ' +
        'In strict network-policy mode the registries need an inventory egress allow for the trivy pods',
    }),
    jsonReport: z.boolean().meta({
      description: 'After the summary, print the full report (--report all --format json) to the log as well',
    }),
    timeoutMinutes: z
      .int()
      .min(5)
      .max(240)
      .meta({ description: 'trivy --timeout of each scan run, in minutes' }),
    dbRepositories: z.array(ociRepository).min(1).meta({
      description: 'Vulnerability DB (--db-repository) in order of priority; a mirror for offline clusters',
    }),
    javaDbRepositories: z
      .array(ociRepository)
      .min(1)
      .meta({ description: 'Java index DB (--java-db-repository) in order of priority' }),
    checksBundleRepository: ociRepository.meta({
      description:
        'Misconfiguration checks bundle (--checks-bundle-repository); trivy falls back to its embedded checks',
    }),
    resources: resourceRequirements,
    activeDeadlineSeconds: z
      .int()
      .min(600)
      .max(14400)
      .meta({ description: 'A trivy Job running longer is stopped' }),
  })
  .meta({ description: 'trivy k8s: vulnerabilities, misconfigurations, secrets and RBAC of the cluster' });
export type TrivyValues = z.infer<typeof trivyValues>;

/** The `kubeaudit` values of our chart: `kubeaudit all` per namespace, read-only. */
export const kubeauditValues = z
  .strictObject({
    schedule: dailySchedule.meta({
      description: 'When the kubeaudit scan runs (UTC), apart from the other scans',
    }),
    image: z.strictObject({
      repository: z.string().min(1),
      tag: z
        .string()
        .regex(/^v\d+\.\d+\.\d+$/, 'an exact kubeaudit release such as v0.22.1 (never latest)')
        .meta({ description: 'kubeaudit release' }),
    }),
    namespaces: z
      .array(dnsLabel)
      .min(1)
      .meta({ description: 'Namespaces audited, one container each (kubeaudit all -n <namespace>)' }),
    minSeverity: z
      .enum(KUBEAUDIT_SEVERITIES)
      .meta({ description: 'Lowest severity reported (--minseverity)' }),
    resources: resourceRequirements,
    activeDeadlineSeconds: z
      .int()
      .min(60)
      .max(7200)
      .meta({ description: 'A kubeaudit Job running longer is stopped' }),
  })
  .meta({ description: 'kubeaudit all: security settings of the workloads in the listed namespaces' });
export type KubeauditValues = z.infer<typeof kubeauditValues>;
