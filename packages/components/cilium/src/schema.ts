import {
  chartEnvironment,
  dns1123Label,
  EGRESS_FQDN_PATTERN,
  platformLabels,
  resourceRequirements,
  workloadLabels,
} from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set. Only keys that exist in the pinned charts are allowed,
 * so a typo (or a legacy key such as `bpf.hostRouting`, docs/decisions.md#legacy-values) is an error here instead
 * of a value Helm silently ignores.
 * @see https://docs.cilium.io/en/stable/helm-reference/
 */

const resources = resourceRequirements;

/**
 * A Hubble metric with its options: `name` or `name:key=value;key=value` (so a
 * form like `httpV2:requestDuration` is rejected: it is not valid option syntax).
 * @see https://docs.cilium.io/en/stable/observability/metrics/#hubble-metrics
 */
/** Pod tolerations (the Kubernetes Toleration fields). */
const tolerations = z
  .array(
    z.strictObject({
      key: z.string().optional(),
      operator: z.enum(['Exists', 'Equal']).optional(),
      value: z.string().optional(),
      effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
      tolerationSeconds: z.int().optional(),
    }),
  )
  .meta({
    description: 'Tolerations of these pods (they must run on the system node group before Karpenter)',
  });

export const hubbleMetric = z
  .string()
  .regex(
    /^(dns|drop|tcp|flow|port-distribution|icmp|httpV2|http|kafka|policy|flows-to-world)(:[a-zA-Z]+=[^;=\s]+(;[a-zA-Z]+=[^;=\s]+)*)?$/,
    'a Hubble metric such as "dns" or "httpV2:exemplars=true;labelsContext=source_namespace"',
  )
  .meta({ description: 'Hubble metric name with optional `:key=value;...` options' });

const serviceMonitor = z.strictObject({ enabled: z.boolean() });

/** Values of the upstream `cilium` chart that we set. */
export const ciliumValues = z
  .strictObject({
    cluster: z.strictObject({
      name: z.string().min(1).meta({ description: 'Cluster name (unique in a cluster mesh)' }),
      id: z
        .int()
        .min(1)
        .max(255)
        .meta({ description: 'Cluster ID, unique across the fleet: 1-127 in ENI mode, 1-255 otherwise' }),
    }),
    kubeProxyReplacement: z
      .boolean()
      .meta({ description: 'eBPF replaces kube-proxy (no kube-proxy add-on)' }),
    k8sServiceHost: z.string().min(1).meta({ description: 'API server host (needed without kube-proxy)' }),
    k8sServicePort: z.int().min(1).max(65535),
    routingMode: z.enum(['native', 'tunnel']),
    tunnelProtocol: z.enum(['vxlan', 'geneve']).optional(),
    ipam: z.strictObject({ mode: z.enum(['eni', 'cluster-pool', 'kubernetes', 'multi-pool']) }),
    eni: z.strictObject({
      enabled: z.boolean(),
      awsEnablePrefixDelegation: z.boolean().optional(),
      awsReleaseExcessIPs: z.boolean().optional(),
    }),
    enableIPv4Masquerade: z.boolean().optional().meta({
      description: 'Masquerade pod IPv4 traffic leaving the node; the chart turns it off in ENI mode',
    }),
    egressMasqueradeInterfaces: z.string().optional().meta({
      description: 'Interfaces iptables masquerading is limited to, e.g. eth+ (needs masquerading on)',
    }),
    bpf: z.strictObject({
      masquerade: z
        .boolean()
        .optional()
        .meta({ description: 'Masquerade in eBPF instead of iptables (needs masquerading on)' }),
      hostLegacyRouting: z.boolean().meta({ description: 'false keeps eBPF host routing' }),
    }),
    policyEnforcementMode: z.enum(['default', 'always', 'never']),
    hubble: z.strictObject({
      enabled: z.boolean(),
      metrics: z.strictObject({
        enabled: z.array(hubbleMetric),
        serviceMonitor,
      }),
      relay: z.strictObject({ enabled: z.boolean(), replicas: z.int().min(0).max(10), tolerations }),
      ui: z.strictObject({ enabled: z.boolean(), replicas: z.int().min(0).max(5), tolerations }),
      tls: z
        .strictObject({
          auto: z.strictObject({ enabled: z.boolean(), method: z.enum(['helm', 'cronJob', 'certmanager']) }),
        })
        .optional()
        .meta({
          description:
            'Hubble TLS certificates: `helm` regenerates them on every render (endless drift under Argo CD); `cronJob` generates them in the cluster',
        }),
    }),
    certgen: z.strictObject({ tolerations }).optional().meta({
      description: 'The Job and CronJob that generate the Hubble certificates (tls.auto.method cronJob)',
    }),
    operator: z.strictObject({
      replicas: z.int().min(1).max(5),
      tolerations,
      podDisruptionBudget: z
        .strictObject({
          enabled: z.boolean(),
          maxUnavailable: z.int().min(1).optional().meta({ description: 'The chart default is 1' }),
          minAvailable: z.int().min(0).optional().meta({
            description:
              'Not usable here: the chart keeps its default maxUnavailable unless it is set to null, which our values layers cannot express (null deletes a key)',
          }),
        })
        .meta({ description: 'cilium-operator PodDisruptionBudget: one bound, maxUnavailable' }),
      prometheus: z.strictObject({ enabled: z.boolean(), serviceMonitor }),
    }),
    resources,
    prometheus: z.strictObject({ enabled: z.boolean(), serviceMonitor }),
    secretsNamespaceLabels: workloadLabels.meta({
      description: 'Labels on the cilium-secrets Namespace the chart creates: the labels Gatekeeper requires',
    }),
    socketLB: z
      .strictObject({ hostNamespaceOnly: z.boolean() })
      .optional()
      .meta({ description: 'Required by Istio sidecars: socket LB only in the host namespace' }),
    cni: z
      .strictObject({ exclusive: z.boolean() })
      .optional()
      .meta({ description: 'false lets the Istio CNI plugin chain after Cilium' }),
  })
  .meta({ title: 'cilium upstream chart values (the keys we set)' });
export type CiliumValues = z.infer<typeof ciliumValues>;

/** Values of our chart `charts/cilium`: the baseline cluster-wide policies. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment.meta({ description: 'Environment of the cluster' }),
    cluster: z.string().min(1).meta({ description: 'Cluster name' }),
    labels: platformLabels,
    networkPolicy: z
      .strictObject({
        mode: z.enum(['permissive', 'baseline', 'strict']).meta({
          description:
            'permissive: allow-lists only; baseline: + default-deny ingress; strict: + default-deny egress',
        }),
        monitoringNamespace: z.string().min(1).meta({ description: 'Namespace Prometheus scrapes from' }),
        excludedNamespaces: z
          .array(z.string().min(1))
          .meta({ description: 'Namespaces the default-deny baseline does not select' }),
        selfIsolatedTiers: z.array(z.string().min(1)).meta({
          description:
            'Namespace tiers (namespace label tier) whose own NetworkPolicies decide in-cluster egress: strict mode allows in-cluster egress to every other namespace only, so it never undoes their isolation',
        }),
        ingressGateway: z
          .strictObject({
            namespace: z.string().min(1),
            labels: z.record(z.string().min(1), z.string().min(1)),
            ports: z.array(z.int().min(1).max(65535)).min(1),
          })
          .optional()
          .meta({
            description:
              'The internet-facing gateway (behind an NLB with ip targets, traffic from world): the only pods the world-ingress deny does not select',
          }),
        egressAllows: z
          .array(
            z.strictObject({
              name: dns1123Label,
              namespace: z.string().min(1),
              podLabels: z.record(z.string().min(1), z.string().min(1)).optional(),
              fqdns: z.array(z.string().regex(EGRESS_FQDN_PATTERN)).optional(),
              cidrs: z.array(z.string().regex(/^\d+\.\d+\.\d+\.\d+\/\d+$/)).optional(),
              ports: z.array(z.int().min(1).max(65535)).min(1),
              purpose: z.string().min(1),
            }),
          )
          .meta({
            description:
              'Strict mode: what may leave the cluster, per namespace (and pods), by FQDN or CIDR and port; nothing else does',
          }),
      })
      .meta({ description: 'Baseline CiliumClusterwideNetworkPolicies' }),
  })
  .meta({ title: 'charts/cilium values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `cilium` chart and our chart. */
export type Targets = { cilium: typeof ciliumValues; chart: typeof chartValues };
