import {
  type ClusterContext,
  clusterIdOf,
  EGRESS_UNRESTRICTED_NAMESPACES,
  isScaledDownStandby,
  SYSTEM_NODE_TOLERATION,
  type TypedLayeredValues,
  workloadLabelsFor,
} from '@platform/core';
import type { Targets } from './schema.ts';

/** Host part of the API server endpoint. */
export function apiHost(endpoint: string): string {
  return new URL(endpoint).hostname;
}

/**
 * Namespace tiers whose namespaces carry platform-baseline's default-deny NetworkPolicies: the
 * clusterwide policies never allow in-cluster traffic for them (Cilium policies are additive, so a
 * clusterwide allow would undo their isolation; docs/decisions.md#network-policy).
 */
export const SELF_ISOLATED_TIERS = ['application', 'agent'] as const;

/** The Istio ingress gateway pods: reachable from the internet through an NLB with ip targets. */
export const INGRESS_GATEWAY = {
  namespace: 'istio-system',
  labels: { istio: 'ingressgateway' },
  ports: [80, 443, 15021],
};

/** One egress allow as our chart takes it (docs/decisions.md#network-policy). */
export interface EgressAllow {
  name: string;
  namespace: string;
  podLabels?: Record<string, string>;
  fqdns?: string[];
  cidrs?: string[];
  ports: number[];
  purpose: string;
}

/**
 * What may leave a strict cluster: the allows the values pipeline collected from the enabled
 * components' declarations and the inventory (`ctx.egress`), each a CiliumClusterwideNetworkPolicy
 * with toFQDNs (or toCIDR) for those pods only. The unrestricted namespaces need none.
 */
export function egressAllows(ctx: ClusterContext): EgressAllow[] {
  return (ctx.egress ?? [])
    .filter((e) => !EGRESS_UNRESTRICTED_NAMESPACES.includes(e.namespace))
    .map((e) => ({
      name: e.name,
      namespace: e.namespace,
      ...(e.podLabels ? { podLabels: { ...e.podLabels } } : {}),
      ...(e.fqdns ? { fqdns: [...e.fqdns] } : {}),
      ...(e.cidrs ? { cidrs: [...e.cidrs] } : {}),
      ports: [...e.ports],
      purpose: e.purpose,
    }));
}

/**
 * Cilium on EKS in ENI mode: pods get VPC addresses from ENIs (EKS does not fill
 * `Node.spec.podCIDR`, so `ipam.mode: kubernetes` does not work there), native routing,
 * eBPF kube-proxy replacement (the kube-proxy and vpc-cni add-ons are not installed).
 * @see https://docs.cilium.io/en/stable/network/concepts/ipam/eni/
 */
export function ciliumLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const env = ctx.environment;
  const ha = Math.min(2, env.replicas);
  const istio = ctx.enabledComponents.has('istio');
  return {
    defaults: {
      cilium: {
        cluster: { name: ctx.cluster.name, id: clusterIdOf(ctx.cluster) },
        kubeProxyReplacement: true,
        k8sServiceHost: apiHost(ctx.cluster.apiServerEndpoint),
        k8sServicePort: 443,
        routingMode: 'native',
        ipam: { mode: 'eni' },
        eni: { enabled: true, awsEnablePrefixDelegation: true, awsReleaseExcessIPs: true },
        // no masquerading: in ENI mode pods have VPC addresses and the VPC routes them
        bpf: { hostLegacyRouting: false },
        policyEnforcementMode: 'default',
        hubble: {
          enabled: true,
          metrics: {
            enabled: [
              'dns',
              'drop',
              'tcp',
              'flow',
              'port-distribution',
              'icmp',
              'httpV2:exemplars=true;labelsContext=source_namespace,destination_namespace',
            ],
            serviceMonitor: { enabled: true },
          },
          // Cilium installs before Karpenter: only the tainted system node group exists then
          relay: { enabled: true, replicas: 2, tolerations: [{ ...SYSTEM_NODE_TOLERATION }] },
          ui: { enabled: true, replicas: 1, tolerations: [{ ...SYSTEM_NODE_TOLERATION }] },
          // Helm's method generates new certificates on every render: every refresh would be a
          // diff and every self-heal a rotation. The CronJob generates them in the cluster instead.
          tls: { auto: { enabled: true, method: 'cronJob' } },
        },
        // the certificate Job runs in the same early wave, on the system node group
        certgen: { tolerations: [{ ...SYSTEM_NODE_TOLERATION }] },
        operator: {
          replicas: 2,
          // the chart's own tolerations (control plane, not-ready nodes) plus the system node group
          tolerations: [
            { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' },
            { key: 'node-role.kubernetes.io/master', operator: 'Exists' },
            { key: 'node.kubernetes.io/not-ready', operator: 'Exists' },
            { key: 'node.cloudprovider.kubernetes.io/uninitialized', operator: 'Exists' },
            { ...SYSTEM_NODE_TOLERATION },
          ],
          // one bound only: the API server rejects a PDB with both minAvailable and maxUnavailable
          podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
          prometheus: { enabled: true, serviceMonitor: { enabled: true } },
        },
        resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1Gi' } },
        prometheus: { enabled: true, serviceMonitor: { enabled: true } },
        // the chart creates the cilium-secrets Namespace, which Gatekeeper checks (not kube-system)
        secretsNamespaceLabels: workloadLabelsFor(ctx),
        ...(istio ? { socketLB: { hostNamespaceOnly: true }, cni: { exclusive: false } } : {}),
      },
      chart: {
        environment: env.name,
        cluster: ctx.cluster.name,
        labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
        networkPolicy: {
          mode: env.networkPolicy,
          monitoringNamespace: 'monitoring',
          excludedNamespaces: [...EGRESS_UNRESTRICTED_NAMESPACES],
          selfIsolatedTiers: [...SELF_ISOLATED_TIERS],
          ...(istio ? { ingressGateway: INGRESS_GATEWAY } : {}),
          egressAllows: egressAllows(ctx),
        },
      },
    },
    environment: {
      cilium: {
        hubble: { relay: { replicas: ha } },
        operator: { replicas: ha, podDisruptionBudget: { enabled: env.pdb.enabled && ha > 1 } },
      },
    },
    ...(isScaledDownStandby(ctx.cluster)
      ? { role: { cilium: { hubble: { relay: { replicas: 1 }, ui: { enabled: false, replicas: 0 } } } } }
      : {}),
  };
}
