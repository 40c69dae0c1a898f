import { PROMETHEUS_URL } from '@platform/component-observability';
import { type ClusterContext, type TypedLayeredValues, workloadLabelsFor } from '@platform/core';
import type { ChartValues, OpencostValues, Targets } from './schema.ts';

/** DNS domain of Services in every cluster of the fleet (the EKS default). */
export const CLUSTER_DNS_DOMAIN = 'cluster.local';

/** Namespace of OpenCost (Deployment `opencost` in `infrastructure`). */
export const NAMESPACE = 'infrastructure';

/** The ConfigMap of our chart holding OpenCost's cloud-integration.json. */
export const CLOUD_INTEGRATION_CONFIGMAP = 'opencost-cloud-integration';
/** Where OpenCost reads its configuration files, and the cloud integration among them. */
const CONFIG_DIR = '/var/configs';

/** The in-cluster Prometheus OpenCost reads from, as the chart wants it (service, namespace, port). */
export function prometheusInternal(
  url: string = PROMETHEUS_URL,
): OpencostValues['opencost']['prometheus']['internal'] {
  const u = new URL(url);
  const [serviceName, namespaceName] = u.hostname.split('.');
  if (!serviceName || !namespaceName || u.port === '')
    throw new Error(`expected a Prometheus URL http://<service>.<namespace>.svc...:<port>, found ${url}`);
  return { enabled: true, serviceName, namespaceName, port: Number(u.port) };
}

function restricted(readOnlyRootFilesystem: boolean): OpencostValues['opencost']['ui']['securityContext'] {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

/**
 * Values of the OpenCost component per layer. The budgets themselves come from the inventory
 * (`components.opencost.values.chart.budgets` in gitops/), not from code; the spot-share alert is
 * on only where the environment's spot policy puts general workloads on spot.
 */
export function opencostLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const report = ctx.fleet.costAndUsageReport;
  const upstream: OpencostValues = {
    fullnameOverride: 'opencost',
    // Gatekeeper denies workloads without these labels in production
    commonLabels: workloadLabelsFor(ctx),
    podLabels: workloadLabelsFor(ctx),
    // the chart's clusterName is the DNS domain of in-cluster URLs; the name shown is defaultClusterId
    clusterName: CLUSTER_DNS_DOMAIN,
    podSecurityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
    // Cloud costs (docs/decisions.md#cloud-costs): the integration file from our chart's ConfigMap,
    // mounted as the chart itself mounts its Secret variant, in a writable /var/configs.
    ...(report && {
      extraVolumes: [
        { name: 'var-configs', emptyDir: {} },
        { name: 'cloud-integration', configMap: { name: CLOUD_INTEGRATION_CONFIGMAP } },
      ],
    }),
    opencost: {
      exporter: {
        defaultClusterId: ctx.cluster.name,
        replicas: 1,
        resources: { requests: { cpu: '100m', memory: '256Mi' }, limits: { cpu: '500m', memory: '1Gi' } },
        securityContext: restricted(true),
        ...(report && {
          extraVolumeMounts: [
            { name: 'var-configs', mountPath: CONFIG_DIR },
            {
              name: 'cloud-integration',
              mountPath: `${CONFIG_DIR}/cloud-integration.json`,
              subPath: 'cloud-integration.json',
              readOnly: true,
            },
          ],
        }),
      },
      ...(report && { cloudCost: { enabled: true } }),
      prometheus: { internal: prometheusInternal() },
      metrics: { serviceMonitor: { enabled: true, scrapeInterval: '1m', honorLabels: true } },
      ui: {
        enabled: true,
        resources: { requests: { cpu: '10m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
        // the UI's nginx writes its cache and pid under /var: not read-only
        securityContext: restricted(false),
      },
    },
  };
  const chart: ChartValues = {
    environment: ctx.environment.name,
    cluster: ctx.cluster.name,
    labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
    ruleLabels: { prometheus: 'main' },
    runbookBaseUrl: 'https://runbooks.example.com',
    hoursPerMonth: 24 * 30,
    recordingInterval: '5m',
    alertInterval: '1h',
    budgets: {},
    alerts: {
      approaching: { threshold: 0.8, for: '1h', severity: 'medium' },
      exceeded: { threshold: 1, for: '1h', severity: 'high' },
      spotShareLow: { enabled: false, minSpotShare: 0.3, for: '24h', severity: 'low' },
    },
    cloudCosts: {
      enabled: report !== undefined,
      configMapName: CLOUD_INTEGRATION_CONFIGMAP,
      ...(report && { athena: report }),
    },
  };
  return {
    defaults: { opencost: upstream, chart },
    environment: {
      chart: { alerts: { spotShareLow: { enabled: ctx.environment.spot !== 'batch-only' } } },
    },
  };
}
