import {
  type ClusterContext,
  clusterIdOf,
  type LayeredValues,
  SYSTEM_NODE_TOLERATION,
  workloadLabelsFor,
} from '@platform/core';

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

/** EKS Pod Identity agent: pods with an association fetch credentials from it on the node. */
const POD_IDENTITY_AGENT = '169.254.170.23/32';

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
 * What may leave a strict cluster, per component that calls out (docs/decisions.md#network-policy):
 * each becomes a CiliumClusterwideNetworkPolicy with toFQDNs (or toCIDR) for those pods only.
 */
export function egressAllows(ctx: ClusterContext): EgressAllow[] {
  const on = (c: string) => ctx.enabledComponents.has(c);
  const region = ctx.region.name;
  const vault = new URL(ctx.region.vaultAddress);
  const vaultPort = Number(vault.port || 443);
  const sts = `sts.${region}.amazonaws.com`;
  const identity = (namespace: string, podLabels?: Record<string, string>): EgressAllow => ({
    name: `${namespace}-pod-identity`,
    namespace,
    ...(podLabels ? { podLabels } : {}),
    cidrs: [POD_IDENTITY_AGENT],
    ports: [80],
    purpose: 'EKS Pod Identity agent (credentials)',
  });
  const out: EgressAllow[] = [];
  if (on('cert-manager')) {
    out.push(
      {
        name: 'cert-manager-acme',
        namespace: 'cert-manager',
        fqdns: [
          'acme-v02.api.letsencrypt.org',
          'acme-staging-v02.api.letsencrypt.org',
          'route53.amazonaws.com',
          sts,
        ],
        ports: [443],
        purpose: 'ACME (Let’s Encrypt), Route53 DNS-01, STS',
      },
      {
        name: 'cert-manager-vault',
        namespace: 'cert-manager',
        fqdns: [vault.hostname],
        ports: [vaultPort],
        purpose: 'Vault PKI issuer',
      },
      identity('cert-manager'),
    );
  }
  if (on('external-secrets')) {
    out.push(
      {
        name: 'external-secrets-vault',
        namespace: 'external-secrets',
        fqdns: [vault.hostname],
        ports: [vaultPort],
        purpose: 'Vault (the vault-backend ClusterSecretStore)',
      },
      {
        name: 'external-secrets-aws',
        namespace: 'external-secrets',
        fqdns: [`secretsmanager.${region}.amazonaws.com`, `ssm.${region}.amazonaws.com`, sts],
        ports: [443],
        purpose: 'AWS-backed stores, STS',
      },
      identity('external-secrets'),
    );
  }
  if (on('observability')) {
    const storage = { 'app.kubernetes.io/name': 'loki' };
    out.push(
      {
        name: 'monitoring-loki-s3',
        namespace: 'monitoring',
        podLabels: storage,
        fqdns: [`s3.${region}.amazonaws.com`, `*.s3.${region}.amazonaws.com`, sts],
        ports: [443],
        purpose: 'Loki chunks and index on S3, STS',
      },
      { ...identity('monitoring', storage), name: 'monitoring-loki-pod-identity' },
      {
        name: 'monitoring-tempo-s3',
        namespace: 'monitoring',
        podLabels: { 'app.kubernetes.io/name': 'tempo' },
        fqdns: [`s3.${region}.amazonaws.com`, `*.s3.${region}.amazonaws.com`, sts],
        ports: [443],
        purpose: 'Tempo traces on S3, STS',
      },
      {
        ...identity('monitoring', { 'app.kubernetes.io/name': 'tempo' }),
        name: 'monitoring-tempo-pod-identity',
      },
      {
        name: 'monitoring-alertmanager',
        namespace: 'monitoring',
        podLabels: { 'app.kubernetes.io/name': 'alertmanager' },
        fqdns: ['hooks.slack.com', 'events.pagerduty.com'],
        ports: [443],
        purpose: 'Alertmanager receivers: Slack and PagerDuty',
      },
    );
  }
  if (on('opencost')) {
    const opencost = { 'app.kubernetes.io/name': 'opencost' };
    out.push(
      {
        name: 'opencost-pricing',
        namespace: 'infrastructure',
        podLabels: opencost,
        fqdns: ['api.pricing.us-east-1.amazonaws.com', `ec2.${region}.amazonaws.com`, sts],
        ports: [443],
        purpose: 'AWS price list and spot prices, STS',
      },
      { ...identity('infrastructure', opencost), name: 'opencost-pod-identity' },
    );
  }
  return out;
}

/**
 * Cilium on EKS in ENI mode: pods get VPC addresses from ENIs (EKS does not fill
 * `Node.spec.podCIDR`, so `ipam.mode: kubernetes` does not work there), native routing,
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
          excludedNamespaces: ['kube-system', 'kube-public', 'kube-node-lease', 'argocd'],
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
    ...(ctx.cluster.role === 'dr'
      ? { role: { cilium: { hubble: { relay: { replicas: 1 }, ui: { enabled: false, replicas: 0 } } } } }
      : {}),
  };
}
