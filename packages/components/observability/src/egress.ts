import { awsEndpoints, type ClusterContext, type EgressAllow } from '@platform/core';
import { NAMESPACE } from './constants.ts';

/** Loki, Tempo and the Thanos sidecars to their S3 buckets (with STS), Alertmanager to its receivers. */
export function observabilityEgress(ctx: ClusterContext): EgressAllow[] {
  const aws = awsEndpoints(ctx.region.name);
  const pods = (name: string) => ({ 'app.kubernetes.io/name': name });
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
      name: 'monitoring-alertmanager',
      namespace: NAMESPACE,
      podLabels: pods('alertmanager'),
      fqdns: ['hooks.slack.com', 'events.pagerduty.com'],
      ports: [443],
      purpose: 'Alertmanager receivers: Slack and PagerDuty',
    },
  ];
}
