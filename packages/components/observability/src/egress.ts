import { awsEndpoints, type ClusterContext, type EgressAllow } from '@platform/core';
import { NAMESPACE, THANOS_COMPACT_NAME, THANOS_COMPONENT_LABEL, THANOS_STORE_NAME } from './constants.ts';

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
