import { awsEndpoints, type ClusterContext, type EgressAllow } from '@platform/core';
import { NAMESPACE } from './values.ts';

/** The backup bucket on S3 and the EC2 API for EBS snapshots, in the cluster's region, with STS. */
export function veleroEgress(ctx: ClusterContext): EgressAllow[] {
  const region = ctx.region.name;
  const aws = awsEndpoints(region);
  return [
    {
      name: 'velero-aws',
      namespace: NAMESPACE,
      fqdns: [...aws.s3, `ec2.${region}.amazonaws.com`, aws.sts],
      ports: [443],
      purpose: 'Backups on S3, EBS snapshots through the EC2 API, STS',
    },
  ];
}
