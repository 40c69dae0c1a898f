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
    // Athena runs the query and reads the report and writes results in S3 itself, with the
    // caller's role: the pod talks to the Athena API only.
    ...(ctx.fleet.costAndUsageReport
      ? [
          {
            name: 'opencost-cloud-costs',
            namespace: NAMESPACE,
            podLabels: { 'app.kubernetes.io/name': 'opencost' },
            fqdns: [`athena.${ctx.fleet.costAndUsageReport.region}.amazonaws.com`],
            ports: [443],
            purpose: 'Athena queries of the Cost and Usage Report (actual costs)',
          },
        ]
      : []),
  ];
}
