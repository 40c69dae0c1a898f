import { awsEndpoints, type ClusterContext, type EgressAllow } from '@platform/core';
import {
  NAMESPACE,
  THANOS_BUCKET_REGION_LABEL,
  THANOS_COMPACT_NAME,
  THANOS_COMPONENT_LABEL,
  THANOS_STORE_NAME,
} from './constants.ts';
import { remoteBuckets } from './thanos.ts';

/**
 * The Store Gateways of the global view (docs/decisions.md#thanos-global-view) to S3 of each other
 * region whose buckets they read, one allow per region, for the Store Gateways of that region's
 * buckets only. Credentials come from the Pod Identity agent, so no other region's STS.
 */
function remoteStoreEgress(ctx: ClusterContext): EgressAllow[] {
  const regions = [...new Set(remoteBuckets(ctx).map((b) => b.region))]
    .filter((r) => r !== ctx.region.name)
    .sort();
  return regions.map((region) => {
    const short = ctx.fleet.regions.find((r) => r.name === region)?.shortName ?? region;
    return {
      name: `monitoring-thanos-store-${short}-s3`,
      namespace: NAMESPACE,
      podLabels: { [THANOS_COMPONENT_LABEL]: THANOS_STORE_NAME, [THANOS_BUCKET_REGION_LABEL]: region },
      fqdns: awsEndpoints(region).s3,
      ports: [443],
      purpose: `Thanos Store Gateways reading the Thanos buckets of the environment's clusters in ${region} from S3`,
    };
  });
}

/**
 * Loki, Tempo, the Thanos sidecars, Compactor and Store Gateways to their S3 buckets (with STS),
 * Alertmanager to its receivers.
 */
export function observabilityEgress(ctx: ClusterContext): EgressAllow[] {
  const aws = awsEndpoints(ctx.region.name);
  const pods = (name: string) => ({ 'app.kubernetes.io/name': name });
  const thanos = (component: string) => ({ [THANOS_COMPONENT_LABEL]: component });
  return [
    {
      name: 'monitoring-loki-s3',
      namespace: NAMESPACE,
      podLabels: pods('loki'),
      fqdns: [...aws.s3, aws.sts],
      ports: [443],
      purpose: 'Loki chunks and index on S3, STS',
    },
    {
      name: 'monitoring-tempo-s3',
      namespace: NAMESPACE,
      podLabels: pods('tempo'),
      fqdns: [...aws.s3, aws.sts],
      ports: [443],
      purpose: 'Tempo traces on S3, STS',
    },
    {
      name: 'monitoring-thanos-s3',
      namespace: NAMESPACE,
      podLabels: pods('prometheus'),
      fqdns: [...aws.s3, aws.sts],
      ports: [443],
      purpose: 'Thanos sidecar uploading Prometheus blocks to S3, STS',
    },
    {
      name: 'monitoring-thanos-compact-s3',
      namespace: NAMESPACE,
      podLabels: thanos(THANOS_COMPACT_NAME),
      fqdns: [...aws.s3, aws.sts],
      ports: [443],
      purpose: "Thanos Compactor compacting, downsampling and deleting the cluster's blocks on S3, STS",
    },
    {
      name: 'monitoring-thanos-store-s3',
      namespace: NAMESPACE,
      podLabels: thanos(THANOS_STORE_NAME),
      fqdns: [...aws.s3, aws.sts],
      ports: [443],
      purpose: 'Thanos Store Gateways reading blocks from S3 of the region, STS',
    },
    ...remoteStoreEgress(ctx),
    {
      name: 'monitoring-alertmanager',
      namespace: NAMESPACE,
      podLabels: pods('alertmanager'),
      fqdns: ['hooks.slack.com', 'events.pagerduty.com'],
      ports: [443],
      purpose: 'Alertmanager receivers: Slack and PagerDuty',
    },
  ];
}
