import type { RuntimeErrorCode } from '@platform/core';
import type { AlertRule, PrometheusRuleValues } from './schema.ts';

/**
 * The platform's PrometheusRules as chart values, plus
 * a Karpenter group. Everything is data, so a cluster can override one alert's `for`, severity or
 * expression (objects merge deeply) or switch it off with `enabled: false`.
 *
 * Expressions of the infrastructure-alerts are kept verbatim from the platform's alert table.
 * Severities follow the taxonomy critical/high/medium/low: the one `warning` (CISComplianceDrift)
 * becomes medium (docs/decisions.md#severities).
 */

/** Runbook base URL: runbook_url is `<base>/<code>-<slug>`. */
export const RUNBOOK_BASE_URL = 'https://runbooks.example.com';

/** A built-in alert; its error code must be a runtime code of the platform's table (docs/error-codes.md). */
type AlertInput = Omit<AlertRule, 'enabled' | 'labels' | 'errorCode'> & {
  labels?: Record<string, string>;
  errorCode?: RuntimeErrorCode;
};
const alert = (a: AlertInput): AlertRule => ({ enabled: true, labels: {}, ...a });

/** infrastructure-alerts: the platform's alert table, by group. */
export const INFRASTRUCTURE_ALERTS: PrometheusRuleValues = {
  enabled: true,
  groups: {
    'infrastructure.critical': {
      records: {},
      alerts: {
        ClusterNodeNotReady: alert({
          expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
          for: '5m',
          severity: 'critical',
          errorCode: 'E0001',
          runbook: 'E0001-node-not-ready',
          summary: 'Node {{ $labels.node }} is not Ready',
          description: 'Node {{ $labels.node }} has not reported Ready=True for 5 minutes.',
        }),
        PersistentVolumeFillingUp: alert({
          expr: '(kubelet_volume_stats_available_bytes / kubelet_volume_stats_capacity_bytes < 0.15 and predict_linear(kubelet_volume_stats_available_bytes[6h], 24*60*60) < 0)',
          for: '1h',
          severity: 'critical',
          errorCode: 'E0002',
          runbook: 'E0002-pvc-filling',
          summary: 'Volume {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} is filling up',
          description:
            'Less than 15% is free on {{ $labels.namespace }}/{{ $labels.persistentvolumeclaim }} and it will be full within 24 hours at the current rate.',
        }),
        ControlPlaneComponentDown: alert({
          expr: 'up{job=~"kube-apiserver|kube-controller-manager|kube-scheduler"} == 0',
          for: '5m',
          severity: 'critical',
          errorCode: 'E0003',
          runbook: 'E0003-control-plane',
          summary: 'Control plane target {{ $labels.job }} is down',
          description: '{{ $labels.job }} ({{ $labels.instance }}) has not been scrapable for 5 minutes.',
        }),
      },
    },
    'infrastructure.high': {
      records: {},
      alerts: {
        SecretSyncFailed: alert({
          expr: 'externalsecret_status_condition{condition="Ready",status="False"} == 1',
          for: '10m',
          severity: 'high',
          errorCode: 'E0201',
          runbook: 'E0201-secret-sync',
          summary: 'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} is not syncing',
          description:
            'ExternalSecret {{ $labels.namespace }}/{{ $labels.name }} has been Ready=False for 10 minutes; check the store reference and the Vault path.',
        }),
        CertificateExpiringSoon: alert({
          expr: 'certmanager_certificate_expiration_timestamp_seconds - time() < 7*24*60*60',
          for: '1h',
          severity: 'high',
          errorCode: 'E0401',
          runbook: 'E0401-cert-expiring',
          summary: 'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 7 days',
          description:
            'Certificate {{ $labels.namespace }}/{{ $labels.name }} expires in less than 7 days and has not been renewed.',
        }),
        HighPodRestartRate: alert({
          expr: 'increase(kube_pod_container_status_restarts_total[1h]) > 5',
          for: '5m',
          severity: 'high',
          errorCode: 'E0301',
          runbook: 'E0301-pod-restart',
          summary:
            'Container {{ $labels.namespace }}/{{ $labels.pod }}/{{ $labels.container }} restarts often',
          description:
            '{{ $labels.container }} in {{ $labels.namespace }}/{{ $labels.pod }} restarted more than 5 times in the last hour.',
        }),
        GPUUtilizationLow: alert({
          expr: 'avg_over_time(DCGM_FI_DEV_GPU_UTIL[30m]) < 20',
          for: '1h',
          severity: 'high',
          errorCode: 'E0303',
          runbook: 'E0303-gpu-underutilized',
          summary: 'GPU {{ $labels.gpu }} on {{ $labels.Hostname }} is underutilized',
          description:
            'GPU {{ $labels.gpu }} on {{ $labels.Hostname }} averaged under 20% utilization for an hour.',
        }),
      },
    },
    'infrastructure.medium': {
      records: {},
      alerts: {
        NodeMemoryPressure: alert({
          expr: '(1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes) > 0.8',
          for: '15m',
          severity: 'medium',
          errorCode: 'E0004',
          runbook: 'E0004-memory-pressure',
          summary: 'Node {{ $labels.instance }} uses more than 80% of its memory',
          description:
            'Less than 20% of the memory of {{ $labels.instance }} has been available for 15 minutes.',
        }),
        GatekeeperViolations: alert({
          expr: 'increase(gatekeeper_violations[1h]) > 10',
          for: '5m',
          severity: 'medium',
          errorCode: 'E0501',
          runbook: 'E0501-gatekeeper',
          summary: 'Gatekeeper audit found more than 10 new violations in an hour',
          description:
            'gatekeeper_violations ({{ $labels.enforcement_action }}) grew by {{ $value }} in the last hour.',
        }),
      },
    },
  },
};

/** infrastructure-events: the recording rules of infrastructure events, with the kube-state-metrics v2 HPA metric. */
export const INFRASTRUCTURE_EVENTS: PrometheusRuleValues = {
  enabled: true,
  groups: {
    'infra.events': {
      records: {
        infra_nodes_provisioned_total: 'count(kube_node_created_timestamp_seconds) by (node)',
        infra_scaling_events_total:
          'sum(increase(kube_horizontalpodautoscaler_status_current_replicas[5m])) by (namespace, horizontalpodautoscaler)',
      },
      alerts: {},
    },
  },
};

const supplyChainCounter = (metric: string, what: string, slug: string): AlertRule =>
  alert({
    expr: `increase(${metric}[15m]) > 0`,
    for: '1m',
    severity: 'high',
    runbook: slug,
    summary: `Supply chain: ${what}`,
    description: `${metric} increased by {{ $value }} in the last 15 minutes.`,
  });

/** supply-chain-alerts: Kyverno signature failures plus the pipeline counters (> 0). */
export const SUPPLY_CHAIN_ALERTS: PrometheusRuleValues = {
  enabled: true,
  groups: {
    'supply-chain': {
      records: {},
      alerts: {
        ImageSignatureVerificationFailed: alert({
          expr: 'increase(kyverno_policy_results_total{policy_name="verify-image-signatures",rule_result="fail"}[5m]) > 0',
          for: '1m',
          severity: 'high',
          runbook: 'supply-chain-failure',
          summary: 'An image failed signature verification',
          description:
            'Kyverno rejected {{ $value }} image(s) without a valid signature in the last 5 minutes.',
        }),
        SupplyChainSignatureFailures: supplyChainCounter(
          'supply_chain_signature_failures_total',
          'image signature failures',
          'supply-chain-failure',
        ),
        SupplyChainSBOMMissing: supplyChainCounter(
          'supply_chain_sbom_missing_total',
          'images without an SBOM',
          'supply-chain-failure',
        ),
        SupplyChainCriticalVulnerabilities: supplyChainCounter(
          'supply_chain_critical_vulns_total',
          'images with critical vulnerabilities',
          'supply-chain-failure',
        ),
        SupplyChainProvenanceMissing: supplyChainCounter(
          'supply_chain_provenance_missing_total',
          'images without provenance',
          'supply-chain-failure',
        ),
      },
    },
  },
};

/** cis-compliance-alerts; CISComplianceDrift was specified as `warning`: medium (docs/decisions.md#severities). */
export const CIS_COMPLIANCE_ALERTS: PrometheusRuleValues = {
  enabled: true,
  groups: {
    'cis.compliance': {
      records: {},
      alerts: {
        CISBenchmarkFailures: alert({
          expr: 'sum(kubebench_checks_fail_total) > 0',
          for: '1h',
          severity: 'high',
          runbook: 'cis-remediation',
          summary: 'kube-bench reports failing CIS checks',
          description: '{{ $value }} CIS benchmark checks fail.',
        }),
        CISComplianceDrift: alert({
          expr: 'sum(kubebench_checks_fail_total) - sum(kubebench_checks_fail_total offset 24h) > 5',
          for: '1h',
          severity: 'medium',
          runbook: 'cis-remediation',
          summary: 'CIS compliance drifted',
          description: '{{ $value }} more CIS checks fail than 24 hours ago.',
        }),
      },
    },
  },
};

/**
 * Karpenter (pin 1.14.1). Metric names checked against the Karpenter v1.14 metrics reference
 * (aws/karpenter-provider-aws website/content/en/v1.14/reference/metrics.md) and label names
 * against the code (kubernetes-sigs/karpenter pkg/controllers/metrics/nodepool: `nodepool`,
 * `resource_type`; awslabs/operatorpkg status/metrics.go: `name`, `type`, `status`, `reason`).
 * The older `karpenter_nodes_total` and `karpenter_provisioner_*` no longer exist (docs/decisions.md#cost-budgets).
 */
export const KARPENTER_ALERTS: PrometheusRuleValues = {
  enabled: true,
  groups: {
    karpenter: {
      records: {},
      alerts: {
        KarpenterProvisioningFailed: alert({
          expr: 'sum by (name, reason) (operator_nodeclaim_status_condition_count{type="Launched",status="False"}) > 0',
          for: '10m',
          severity: 'high',
          errorCode: 'E0002',
          runbook: 'E0002-node-provision-failed',
          summary: 'Karpenter cannot launch NodeClaim {{ $labels.name }}',
          description:
            'NodeClaim {{ $labels.name }} has been Launched=False ({{ $labels.reason }}) for 10 minutes; check NodePool limits, instance types and EC2 capacity.',
        }),
        KarpenterNodePoolExhausted: alert({
          expr: 'karpenter_nodepools_usage / on (nodepool, resource_type) karpenter_nodepools_limit > 0.9',
          for: '15m',
          severity: 'high',
          errorCode: 'E0301',
          runbook: 'E0301-nodepool-exhausted',
          summary: 'NodePool {{ $labels.nodepool }} is near its {{ $labels.resource_type }} limit',
          description:
            'NodePool {{ $labels.nodepool }} uses {{ $value | humanizePercentage }} of its {{ $labels.resource_type }} limit; pending pods will not get nodes.',
        }),
        KarpenterUnschedulablePods: alert({
          expr: 'sum(karpenter_scheduler_unschedulable_pods_count) > 0',
          for: '15m',
          severity: 'medium',
          errorCode: 'E0301',
          runbook: 'E0301-autoscaler-stuck',
          summary: 'Karpenter cannot place {{ $value }} pods',
          description: 'Karpenter has found no NodePool for {{ $value }} pods for 15 minutes.',
        }),
        KarpenterClusterStateUnsynced: alert({
          expr: 'karpenter_cluster_state_synced == 0',
          for: '15m',
          severity: 'medium',
          errorCode: 'E0301',
          runbook: 'E0301-autoscaler-stuck',
          summary: 'Karpenter cluster state is not synced',
          description:
            "Karpenter's view of nodes and NodeClaims has not matched the API server for 15 minutes.",
        }),
      },
    },
  },
};

/**
 * Argo CD drift: an Application that stays OutOfSync. `argocd_app_info` (application controller
 * metrics, scraped through the argo-cd chart's ServiceMonitor) carries one series per Application
 * with its `sync_status`. Development and staging self-heal, so drift that survives an hour means
 * self-heal keeps failing (medium). Production syncs by hand: a change made with kubectl stays
 * live until someone reverts it or syncs, so the alert is high there (set per environment in
 * values.ts; docs/decisions.md#drift-alert).
 */
export const ARGOCD_ALERTS: PrometheusRuleValues = {
  enabled: true,
  groups: {
    argocd: {
      records: {},
      alerts: {
        ArgoCDApplicationOutOfSync: alert({
          expr: 'max by (name, namespace, project, dest_server) (argocd_app_info{sync_status="OutOfSync"}) == 1',
          for: '1h',
          severity: 'medium',
          runbook: 'argocd-application-out-of-sync',
          summary: 'Argo CD Application {{ $labels.name }} has been OutOfSync for an hour',
          description:
            'The live objects of {{ $labels.name }} (project {{ $labels.project }}) differ from Git for an hour: a change made by hand, or a commit not synced yet. Sync the Application or revert the change in Git.',
        }),
      },
    },
  },
};
