import { environmentName, platformLabels, resourceRequirements, workloadLabels } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values the Argo Rollouts component sets: on the upstream
 * `argo-rollouts` chart (only the keys we set; names checked against the chart's values.yaml at
 * 2.41.0) and on our chart `charts/argo-rollouts`, whose `values.schema.json` is generated from
 * `chartValues`.
 * @see https://github.com/argoproj/argo-helm/blob/main/charts/argo-rollouts/values.yaml
 */

const duration = z.string().regex(/^\d+(s|m|h)$/, 'a duration such as 1m or 5m');

/** The Gateway API plugin, downloaded by the controller at start: an exact release asset URL. */
export const gatewayApiPluginLocation = z
  .string()
  .regex(
    /^https:\/\/github\.com\/argoproj-labs\/rollouts-plugin-trafficrouter-gatewayapi\/releases\/download\/v\d+\.\d+\.\d+\/gatewayapi-plugin-linux-(amd64|arm64)$/,
    'a release asset URL of argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi with an exact vX.Y.Z tag',
  );

const PROVIDERS = [
  'istio',
  'smi',
  'ambassador',
  'awsLoadBalancerController',
  'awsAppMesh',
  'traefik',
  'apisix',
  'contour',
  'glooPlatform',
  'gatewayAPI',
] as const;

/** Values of the upstream chart `argo-rollouts` (argo-helm 2.41.0, Argo Rollouts v1.9.0). */
export const argoRolloutsValues = z
  .strictObject({
    installCRDs: z.literal(true),
    keepCRDs: z.literal(true).meta({ description: 'Rollouts survive the removal of the controller' }),
    podLabels: workloadLabels.meta({
      description: 'Labels of the pods: the cost labels OpenCost attributes cost by',
    }),
    global: z.strictObject({
      deploymentLabels: workloadLabels.meta({
        description: 'Labels of the Deployments: the labels Gatekeeper requires',
      }),
    }),
    controller: z.strictObject({
      replicas: z.int().min(1).max(3).meta({ description: 'One leader; a second shortens failover' }),
      pdb: z.strictObject({ enabled: z.boolean(), minAvailable: z.int().min(1) }),
      resources: resourceRequirements,
      trafficRouterPlugins: z
        .array(
          z.strictObject({ name: z.literal('argoproj-labs/gatewayAPI'), location: gatewayApiPluginLocation }),
        )
        .length(1)
        .meta({ description: 'Gateway API traffic routing (docs/decisions.md#argo-rollouts)' }),
      metrics: z.strictObject({
        enabled: z.literal(true),
        serviceMonitor: z.strictObject({ enabled: z.boolean() }),
      }),
    }),
    providerRBAC: z
      .strictObject({
        enabled: z.literal(true),
        providers: z.strictObject(
          Object.fromEntries(PROVIDERS.map((p) => [p, z.boolean()])) as Record<
            (typeof PROVIDERS)[number],
            z.ZodBoolean
          >,
        ),
      })
      .meta({
        description: 'RBAC only for the traffic providers the fleet runs (Gateway API, Istio when on)',
      }),
    dashboard: z.strictObject({ enabled: z.literal(false) }),
  })
  .meta({ title: 'argo-rollouts upstream chart values (the keys we set)' });
export type ArgoRolloutsValues = z.infer<typeof argoRolloutsValues>;
export { PROVIDERS };

export const METRIC_SOURCES = ['istio', 'hubble'] as const;

/** Values of our chart `charts/argo-rollouts`: the platform's ClusterAnalysisTemplates. */
export const chartValues = z
  .strictObject({
    environment: environmentName,
    labels: platformLabels,
    prometheus: z.strictObject({
      address: z.url().meta({ description: 'The in-cluster Prometheus the analyses query' }),
    }),
    successRate: z
      .strictObject({
        source: z.enum(METRIC_SOURCES).meta({
          description:
            'istio: istio_requests_total per destination service (when Istio runs); hubble: hubble_http_requests_total per destination namespace',
        }),
        interval: duration,
        window: duration.meta({ description: 'Rate window of the query' }),
        threshold: z.number().gt(0).max(1).meta({ description: 'Minimum share of non-5xx responses' }),
        failureLimit: z.int().min(0).max(10),
      })
      .meta({ description: 'ClusterAnalysisTemplate success-rate' }),
  })
  .meta({ title: 'charts/argo-rollouts values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `argo-rollouts` chart and our chart. */
export type Targets = { 'argo-rollouts': typeof argoRolloutsValues; chart: typeof chartValues };
