import { resourceRequirements, workloadLabels } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schema of the values we set on the upstream `aws-load-balancer-controller` chart
 * (eks-charts 3.5.0, its values.yaml).
 */
export const awsLoadBalancerControllerValues = z
  .strictObject({
    clusterName: z.string().min(1).meta({ description: 'EKS cluster name (tags and discovery of subnets)' }),
    region: z
      .string()
      .regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'an AWS region name such as us-west-2')
      .meta({ description: "The cluster's AWS region (set: the controller does not ask IMDS)" }),
    vpcId: z
      .string()
      .regex(/^vpc-([0-9a-f]{8}|[0-9a-f]{17})$/, 'an AWS VPC id such as vpc-0123456789abcdef0')
      .optional()
      .meta({ description: "The cluster's VPC, from the inventory's network.vpcId (required)" }),
    additionalLabels: workloadLabels.meta({
      description: 'Labels on every object: the labels Gatekeeper requires on workloads',
    }),
    replicaCount: z.int().min(1).max(5),
    podDisruptionBudget: z
      .strictObject({ minAvailable: z.int().min(1).optional() })
      .meta({ description: 'PDB spec; the chart renders one when not empty and replicaCount > 1' }),
    resources: resourceRequirements,
    serviceAccount: z.strictObject({
      create: z.literal(true),
      name: z.literal('aws-load-balancer-controller').meta({
        description:
          'Fixed: the EKS Pod Identity association (created outside the cluster) names this ServiceAccount',
      }),
    }),
    enableCertManager: z.literal(true).meta({
      description: "Webhook certificates from cert-manager (the chart's own are random on every render)",
    }),
    enableServiceMutatorWebhook: z.boolean().meta({
      description:
        "Default every new LoadBalancer Service to this controller (a failurePolicy Fail webhook on every Service's creation)",
    }),
    serviceMonitor: z.strictObject({ enabled: z.boolean() }),
  })
  .meta({ title: 'aws-load-balancer-controller upstream chart values (the keys we set)' });
export type AwsLoadBalancerControllerValues = z.infer<typeof awsLoadBalancerControllerValues>;

/** The component's values targets with their schemas: the upstream `aws-load-balancer-controller` chart. */
export type Targets = { 'aws-load-balancer-controller': typeof awsLoadBalancerControllerValues };
