import type { ClusterContext, LayeredValues } from '@platform/core';

/**
 * A stable cluster ID (1-255) from the cluster name (FNV-1a), so it never changes when clusters
 * are added or removed. Collisions are caught by the fleet rule `cilium-cluster-id-unique`.
 */
export function clusterId(name: string): number {
  let h = 0x811c9dc5;
  for (const ch of name) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return (h % 255) + 1;
}

/** Host part of the API server endpoint. */
export function apiHost(endpoint: string): string {
  return new URL(endpoint).hostname;
}

/**
 * Cilium on EKS in ENI mode: pods get VPC addresses from ENIs (EKS does not fill
 * `Node.spec.podCIDR`, so `ipam.mode: kubernetes` does not work there, C14), native routing,
 * eBPF kube-proxy replacement (the kube-proxy and vpc-cni add-ons are not installed).
 * @see https://docs.cilium.io/en/stable/network/concepts/ipam/eni/
 */
export function ciliumLayers(ctx: ClusterContext): LayeredValues {
  const env = ctx.environment;
  const ha = Math.min(2, env.replicas);
  const istio = ctx.enabledComponents.has('istio');
  return {
    defaults: {
      cilium: {
        cluster: { name: ctx.cluster.name, id: clusterId(ctx.cluster.name) },
        kubeProxyReplacement: true,
        k8sServiceHost: apiHost(ctx.cluster.apiServerEndpoint),
        k8sServicePort: 443,
        routingMode: 'native',
        ipam: { mode: 'eni' },
        eni: { enabled: true, awsEnablePrefixDelegation: true, awsReleaseExcessIPs: true },
        egressMasqueradeInterfaces: 'eth+',
        bpf: { masquerade: true, hostLegacyRouting: false },
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
          relay: { enabled: true, replicas: 2 },
          ui: { enabled: true, replicas: 1 },
          // Helm's method generates new certificates on every render: every refresh would be a
          // diff and every self-heal a rotation. The CronJob generates them in the cluster instead.
          tls: { auto: { enabled: true, method: 'cronJob' } },
        },
        operator: {
          replicas: 2,
          podDisruptionBudget: { enabled: true, minAvailable: 1 },
          prometheus: { enabled: true, serviceMonitor: { enabled: true } },
        },
        resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1000m', memory: '1Gi' } },
        prometheus: { enabled: true, serviceMonitor: { enabled: true } },
        ...(istio ? { socketLB: { hostNamespaceOnly: true }, cni: { exclusive: false } } : {}),
      },
      chart: {
        environment: env.name,
        cluster: ctx.cluster.name,
        labels: { 'cost-center': ctx.cluster.labels['cost-center'] ?? 'platform-engineering', layer: 'l00' },
        networkPolicy: {
          mode: env.networkPolicy,
          monitoringNamespace: 'monitoring',
          excludedNamespaces: ['kube-system', 'kube-public', 'kube-node-lease', 'argocd'],
        },
      },
    },
    environment: {
      cilium: {
        hubble: { relay: { replicas: ha } },
        operator: { replicas: ha, podDisruptionBudget: { enabled: env.pdb.enabled && ha > 1 } },
      },
    },
    ...(ctx.cluster.role === 'dr'
      ? { role: { cilium: { hubble: { relay: { replicas: 1 }, ui: { enabled: false, replicas: 0 } } } } }
      : {}),
  };
}
