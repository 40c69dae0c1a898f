import {
  type ClusterContext,
  failoverRecordOf,
  type TypedLayeredValues,
  workloadLabelsFor,
} from '@platform/core';
import type { Targets } from './schema.ts';

/**
 * kube-system, next to the AWS Load Balancer Controller: the strict egress policy leaves it out,
 * and ExternalDNS must reach Route53 and the Pod Identity agent (docs/decisions.md#external-dns).
 */
export const NAMESPACE = 'kube-system';
/** The ServiceAccount the EKS Pod Identity association names (docs/decisions.md#workload-identity). */
export const SERVICE_ACCOUNT = 'external-dns';

/**
 * The zones ExternalDNS may write: the region's, plus the shared zone of the environment's
 * failover name (docs/decisions.md#dns-failover), where the primary and the DR cluster each own
 * one failover record (set identifiers primary and secondary; the TXT registry keeps the owners apart).
 */
export function domainFiltersOf(ctx: ClusterContext): string[] {
  const failover = failoverRecordOf(ctx.fleet, ctx.cluster);
  return [ctx.region.dnsZone, ...(failover && failover.zone !== ctx.region.dnsZone ? [failover.zone] : [])];
}

/**
 * Subzones of the failover zone that belong to other regions: `--domain-filter=example.com` would
 * also match `us-east-1.example.com`, so they are excluded (never another region's records).
 */
export function excludedDomainsOf(ctx: ClusterContext): string[] {
  const zone = failoverRecordOf(ctx.fleet, ctx.cluster)?.zone;
  if (!zone) return [];
  return ctx.fleet.regions
    .map((r) => r.dnsZone)
    .filter((z) => z !== ctx.region.dnsZone && z !== zone && z.endsWith(`.${zone}`));
}

export function externalDnsLayers(ctx: ClusterContext): TypedLayeredValues<Targets> {
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
        domainFilters: domainFiltersOf(ctx),
        ...(excludedDomainsOf(ctx).length > 0 ? { excludeDomains: excludedDomainsOf(ctx) } : {}),
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
