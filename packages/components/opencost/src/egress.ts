import { awsEndpoints, type ClusterContext, type EgressAllow } from '@platform/core';
import { NAMESPACE } from './values.ts';

/** The AWS price list (served from us-east-1 only), spot prices of the region, STS. */
export function opencostEgress(ctx: ClusterContext): EgressAllow[] {
  const region = ctx.region.name;
  return [
    {
      name: 'opencost-pricing',
      namespace: NAMESPACE,
      podLabels: { 'app.kubernetes.io/name': 'opencost' },
      fqdns: ['api.pricing.us-east-1.amazonaws.com', `ec2.${region}.amazonaws.com`, awsEndpoints(region).sts],
      ports: [443],
      purpose: 'AWS price list and spot prices, STS',
    },
  ];
}
