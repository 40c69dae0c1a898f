import {
  chartEnvironment,
  costAndUsageReport,
  dns1123Label,
  platformLabels,
  quantity,
  workloadLabels,
} from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values the OpenCost component sets: on the upstream `opencost` chart
 * (only the keys we set; names checked against the chart's values.yaml at 2.5.17) and on our
 * chart `charts/opencost`, whose `values.schema.json` is generated from `chartValues`.
 * @see https://github.com/opencost/opencost-helm-chart/blob/main/charts/opencost/values.yaml
 */

const dnsLabel = dns1123Label;
const duration = z.string().regex(/^\d+(s|m|h|d)$/, 'a Prometheus duration such as 5m, 1h or 24h');
const resources = z.strictObject({
  requests: z.strictObject({ cpu: quantity, memory: quantity }),
  limits: z.strictObject({ cpu: quantity, memory: quantity }),
});
const containerSecurityContext = z.strictObject({
  allowPrivilegeEscalation: z.literal(false),
  readOnlyRootFilesystem: z.boolean(),
  runAsNonRoot: z.literal(true),
  capabilities: z.strictObject({ drop: z.array(z.literal('ALL')).length(1) }),
});

/** Values of the upstream chart `opencost` (opencost-helm-chart 2.5.17, OpenCost 1.120.1). */
export const opencostValues = z
  .strictObject({
    fullnameOverride: dnsLabel.meta({ description: 'Name of the Deployment and Service' }),
    commonLabels: workloadLabels.meta({
      description:
        'Labels on every object (the templates read commonLabels; values.yaml does not list it): the labels Gatekeeper requires',
    }),
    podLabels: workloadLabels.meta({
      description: 'Labels on the pods (OpenCost attributes cost by pod label, its own included)',
    }),
    clusterName: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/)
      .meta({
        description:
          'Cluster DNS domain (cluster.local): the chart builds the in-cluster Prometheus URL with it. The cluster name OpenCost shows is opencost.exporter.defaultClusterId',
      }),
    podSecurityContext: z.strictObject({
      runAsNonRoot: z.literal(true),
      seccompProfile: z.strictObject({ type: z.literal('RuntimeDefault') }),
    }),
    extraVolumes: z
      .array(
        z.union([
          z.strictObject({ name: dnsLabel, configMap: z.strictObject({ name: dnsLabel }) }),
          z.strictObject({ name: dnsLabel, emptyDir: z.strictObject({}) }),
        ]),
      )
      .optional()
      .meta({ description: 'Pod volumes: the cloud integration ConfigMap of our chart and /var/configs' }),
    opencost: z.strictObject({
      exporter: z.strictObject({
        defaultClusterId: z.string().min(1).meta({
          description: 'Cluster name OpenCost shows, used when Prometheus has no cluster_id',
        }),
        replicas: z.int().min(1).max(1).meta({ description: 'OpenCost runs one replica' }),
        resources,
        securityContext: containerSecurityContext,
        extraVolumeMounts: z
          .array(
            z.strictObject({
              name: dnsLabel,
              mountPath: z.string().startsWith('/'),
              subPath: z.string().min(1).optional(),
              readOnly: z.boolean().optional(),
            }),
          )
          .optional()
          .meta({ description: 'The cloud integration file and a writable /var/configs (cloud costs only)' }),
      }),
      cloudCost: z.strictObject({ enabled: z.boolean() }).optional().meta({
        description: 'Cloud cost ingestion from the integration in /var/configs/cloud-integration.json',
      }),
      prometheus: z.strictObject({
        internal: z
          .strictObject({
            enabled: z.literal(true),
            serviceName: dnsLabel,
            namespaceName: dnsLabel,
            port: z.int().min(1).max(65535),
          })
          .meta({ description: 'The in-cluster Prometheus of the observability component' }),
      }),
      metrics: z.strictObject({
        serviceMonitor: z
          .strictObject({ enabled: z.boolean(), scrapeInterval: duration, honorLabels: z.literal(true) })
          .meta({ description: 'Scrape the cost metrics (node_*_hourly_cost, container_*_allocation)' }),
      }),
      ui: z.strictObject({
        enabled: z.boolean(),
        resources,
        securityContext: containerSecurityContext,
      }),
    }),
  })
  .meta({ title: 'opencost chart values (as set by the platform)' });
export type OpencostValues = z.infer<typeof opencostValues>;

export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
const severity = z.enum(SEVERITIES).meta({
  description: 'One of the four routed severities; `warning` is not one of them, use medium',
});

const budgetAlert = z.strictObject({
  threshold: z
    .number()
    .positive()
    .max(10)
    .meta({ description: 'Share of the monthly budget (0.8 = 80%) at which the alert fires' }),
  for: duration,
  severity,
});

/** Values of our chart `charts/opencost`. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment.meta({
      description: 'Environment of the cluster; a label on every object',
    }),
    cluster: z.string().min(1).meta({ description: 'Name of the Kubernetes cluster' }),
    labels: platformLabels,
    ruleLabels: z
      .record(z.string(), z.string())
      .meta({ description: 'Extra labels of the PrometheusRule (prometheus: main)' }),
    runbookBaseUrl: z.url().meta({ description: 'Runbook links are <runbookBaseUrl>/<slug>' }),
    hoursPerMonth: z.int().min(672).max(744).meta({ description: 'Hours in a budget month (24 x 30 = 720)' }),
    recordingInterval: duration.meta({
      description: 'Evaluation interval of the cost recording rules (below the 5m staleness window)',
    }),
    alertInterval: duration.meta({ description: 'Evaluation interval of the budget alerts (1h)' }),
    budgets: z.record(dnsLabel, z.number().positive().max(1e9)).meta({
      description:
        'Monthly budget in USD per namespace; each becomes a namespace_cost_budget_usd recording rule',
    }),
    alerts: z
      .strictObject({
        approaching: budgetAlert.meta({ description: 'NamespaceCostApproachingBudget (80%)' }),
        exceeded: budgetAlert.meta({ description: 'NamespaceCostExceededBudget (100%)' }),
        spotShareLow: z
          .strictObject({
            enabled: z.boolean(),
            minSpotShare: z
              .number()
              .min(0)
              .max(1)
              .meta({ description: 'Fires below this share of spot nodes' }),
            for: duration,
            severity,
          })
          .meta({
            description: 'SpotSavingsLow: share of spot nodes (OpenCost kubecost_node_is_spot) too low',
          }),
      })
      .meta({ description: 'Budget and spot alerts' }),
    cloudCosts: z
      .strictObject({
        enabled: z.boolean().meta({ description: 'Render the cloud integration ConfigMap' }),
        configMapName: dnsLabel.meta({
          description: 'ConfigMap holding cloud-integration.json, mounted into OpenCost at /var/configs',
        }),
        athena: costAndUsageReport.optional().meta({
          description: 'The Cost and Usage Report in Athena (gitops/fleet.yaml costAndUsageReport)',
        }),
      })
      .meta({
        description:
          'Actual costs from the AWS Cost and Usage Report through Athena (docs/decisions.md#cloud-costs); the file holds no credentials: OpenCost uses its Pod Identity role',
      }),
  })
  .meta({ title: 'charts/opencost values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `opencost` chart and our chart. */
export type Targets = { opencost: typeof opencostValues; chart: typeof chartValues };
