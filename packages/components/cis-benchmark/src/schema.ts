import {
  chartEnvironment,
  dns1123Label,
  platformLabels,
  resourceRequirements,
  workloadLabels,
} from '@platform/core';
import { z } from 'zod';
import { kubeauditValues, trivyValues } from './scans-schema.ts';

/**
 * Strict schemas of the values the CIS benchmark component sets: on the upstream
 * `prometheus-pushgateway` chart (only the keys we set; names checked against its values.yaml at
 * 3.8.0) and on our chart `charts/cis-benchmark`, whose `values.schema.json` is generated from
 * `chartValues`.
 * @see https://github.com/prometheus-community/helm-charts/blob/main/charts/prometheus-pushgateway/values.yaml
 */

const dnsLabel = dns1123Label;

const toleration = z.strictObject({
  key: z.string().min(1),
  operator: z.enum(['Equal', 'Exists']),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
});

/** Values of the upstream chart `prometheus-pushgateway` (3.8.0, Pushgateway v1.11.3). */
export const pushgatewayValues = z
  .strictObject({
    fullnameOverride: dnsLabel.meta({
      description: 'Name of the Deployment and Service kube-bench pushes to',
    }),
    podLabels: workloadLabels.meta({
      description:
        'Labels of the Deployment and its pods (the chart puts podLabels on both): what Gatekeeper requires',
    }),
    resources: resourceRequirements,
    containerSecurityContext: z.strictObject({
      allowPrivilegeEscalation: z.literal(false),
      readOnlyRootFilesystem: z.literal(true),
      capabilities: z.strictObject({ drop: z.array(z.literal('ALL')).length(1) }),
    }),
    serviceMonitor: z
      .strictObject({
        enabled: z.literal(true),
        namespace: dnsLabel.meta({
          description: "The component's namespace (the chart's default is monitoring)",
        }),
        interval: z.string().regex(/^\d+(s|m)$/),
        honorLabels: z.literal(true).meta({ description: 'Keep the job label kube-bench pushed with' }),
      })
      .meta({ description: 'Prometheus scrapes the pushed kube-bench results' }),
  })
  .meta({ title: 'prometheus-pushgateway chart values (as set by the platform)' });
export type PushgatewayValues = z.infer<typeof pushgatewayValues>;

/** kube-bench targets of the EKS benchmarks (no master or etcd: EKS manages the control plane). */
export const EKS_TARGETS = ['node', 'policies', 'managedservices', 'controlplane'] as const;

/** Values of our chart `charts/cis-benchmark`. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment.meta({
      description: 'Environment of the cluster; a label on every object',
    }),
    labels: platformLabels,
    schedule: z
      .string()
      .regex(/^(\S+\s+){4}\S+$/, 'a five-field cron schedule such as "0 6 * * *"')
      .meta({ description: 'When the scan runs (UTC)' }),
    image: z.strictObject({
      repository: z.string().min(1),
      tag: z
        .string()
        .regex(/^v\d+\.\d+\.\d+$/, 'an exact release tag such as v0.15.5 (never latest)')
        .meta({ description: 'kube-bench release' }),
    }),
    benchmark: z
      .string()
      .regex(/^eks-\d+\.\d+\.\d+$/, 'an EKS benchmark such as eks-1.5.0')
      .meta({ description: 'CIS Amazon EKS benchmark version kube-bench checks against' }),
    targets: z
      .array(z.enum(EKS_TARGETS))
      .min(1)
      .meta({ description: 'Benchmark targets; each is scanned and reported with label target=<target>' }),
    pushgateway: z
      .strictObject({
        url: z
          .url()
          .meta({ description: 'Base URL of the Pushgateway (http://<service>.<namespace>.svc:<port>)' }),
        job: dnsLabel.meta({ description: 'Job the results are grouped under (kube-bench)' }),
      })
      .meta({ description: 'Where the scan pushes its gauges' }),
    nodeSelector: z
      .record(z.string(), z.string())
      .meta({ description: 'Worker nodes to scan (never control-plane nodes: EKS has none)' }),
    tolerations: z.array(toleration),
    resources: resourceRequirements,
    activeDeadlineSeconds: z.int().min(60).max(7200),
    historyLimit: z
      .int()
      .min(1)
      .max(10)
      .meta({ description: 'Finished Jobs kept, successful and failed each' }),
    trivy: trivyValues,
    kubeaudit: kubeauditValues,
  })
  .meta({ title: 'charts/cis-benchmark values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `prometheus-pushgateway` chart and our chart. */
export type Targets = { 'prometheus-pushgateway': typeof pushgatewayValues; chart: typeof chartValues };
