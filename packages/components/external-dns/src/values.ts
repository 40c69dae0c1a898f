import { type ClusterContext, type LayeredValues, workloadLabelsFor } from '@platform/core';

/**
 * kube-system, next to the AWS Load Balancer Controller: the strict egress policy leaves it out,
 * and ExternalDNS must reach Route53 and the Pod Identity agent (docs/decisions.md#external-dns).
 */
export const NAMESPACE = 'kube-system';
/** The ServiceAccount the EKS Pod Identity association names (docs/decisions.md#workload-identity). */
export const SERVICE_ACCOUNT = 'external-dns';

export function externalDnsLayers(ctx: ClusterContext): LayeredValues {
  const production = ctx.environment.name === 'production';
  return {
    defaults: {
      'external-dns': {
        commonLabels: workloadLabelsFor(ctx),
        provider: { name: 'aws' },
        env: [{ name: 'AWS_DEFAULT_REGION', value: ctx.region.name }],
        extraArgs: ['--aws-zone-type=public'],
        // The istio component renders a networking.istio.io Gateway with the cluster's hosts.
        sources: ['istio-gateway'],
        policy: 'sync',
        registry: 'txt',
        txtOwnerId: ctx.cluster.name,
        domainFilters: [ctx.region.dnsZone],
        interval: '1m',
        resources: { requests: { cpu: '20m', memory: '64Mi' }, limits: { cpu: '200m', memory: '256Mi' } },
        serviceAccount: { create: true, name: SERVICE_ACCOUNT },
        serviceMonitor: { enabled: true },
      },
    },
    environment: {
      // Production never deletes a record (a bad change cannot take a name away); the others clean up.
      'external-dns': production ? { policy: 'upsert-only' } : {},
    },
  };
}
