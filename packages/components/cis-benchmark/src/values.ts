import { type ClusterContext, type TypedLayeredValues, workloadLabelsFor } from '@platform/core';
import { kubeauditDefaults, trivyDefaults } from './scans.ts';
import type { ChartValues, PushgatewayValues, Targets } from './schema.ts';

/** Namespace of the scan and its Pushgateway: privileged Pod Security (kube-bench reads host files with hostPID). */
export const NAMESPACE = 'cis-benchmark';

/** Name of the Pushgateway Deployment and Service. */
export const PUSHGATEWAY = 'prometheus-pushgateway';
export const PUSHGATEWAY_PORT = 9091;

/** kube-bench release (an exact tag; docs/decisions.md#cis-benchmark). */
export const KUBE_BENCH_IMAGE = { repository: 'docker.io/aquasec/kube-bench', tag: 'v0.15.5' } as const;

/**
 * The gauges the scan pushes, the names the observability CIS alert rules read: checks per
 * result and target, and the time of the last scan.
 */
export const METRICS = {
  pass: 'kubebench_checks_pass_total',
  fail: 'kubebench_checks_fail_total',
  warn: 'kubebench_checks_warn_total',
  lastScan: 'kubebench_last_scan_timestamp',
} as const;

/** The in-cluster URL of the Pushgateway the upstream chart creates. */
export function pushgatewayUrl(
  service = PUSHGATEWAY,
  namespace = NAMESPACE,
  port = PUSHGATEWAY_PORT,
): string {
  return `http://${service}.${namespace}.svc:${port}`;
}

/**
 * CIS benchmark values per layer: the Pushgateway (one replica, restricted container, scraped by
 * Prometheus) and our chart with the kube-bench CronJob, daily at 06:00 UTC on the general
 * worker pool (EKS has no control-plane nodes to select), against the EKS benchmark targets.
 */
export function cisBenchmarkLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const pushgateway: PushgatewayValues = {
    fullnameOverride: PUSHGATEWAY,
    podLabels: workloadLabelsFor(ctx),
    resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { cpu: '100m', memory: '128Mi' } },
    containerSecurityContext: {
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
    },
    serviceMonitor: { enabled: true, namespace: NAMESPACE, interval: '30s', honorLabels: true },
  };
  const chart: ChartValues = {
    environment: ctx.environment.name,
    labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
    schedule: '0 6 * * *',
    image: { ...KUBE_BENCH_IMAGE },
    benchmark: 'eks-1.5.0',
    targets: ['node', 'policies', 'managedservices', 'controlplane'],
    pushgateway: { url: pushgatewayUrl(), job: 'kube-bench' },
    nodeSelector: { 'node-pool': 'general' },
    tolerations: [],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '500m', memory: '256Mi' } },
    activeDeadlineSeconds: 1800,
    historyLimit: 3,
    trivy: trivyDefaults(ctx),
    kubeaudit: kubeauditDefaults(),
  };
  return { defaults: { 'prometheus-pushgateway': pushgateway, chart } };
}
