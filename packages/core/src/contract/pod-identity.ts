import type { Cluster } from '../inventory/schema.ts';

/**
 * One EKS Pod Identity association a component needs: the service account its pods run as and
 * the IAM role (named `<cluster>-<role>` in the cluster's account) the association binds to it.
 * Associations and roles are created with the cluster (EKS API, Terraform), not by Argo CD;
 * README "EKS prerequisites" and docs/decisions.md#workload-identity list the permissions.
 */
export interface PodIdentityRole {
  component: string;
  namespace: string;
  serviceAccount: string;
  role: string;
  purpose: string;
}

/** The fleet's Pod Identity associations, in install order. */
export const POD_IDENTITY_ROLES: readonly PodIdentityRole[] = [
  {
    component: 'cert-manager',
    namespace: 'cert-manager',
    serviceAccount: 'cert-manager',
    role: 'cert-manager',
    purpose:
      'Route53 DNS-01: route53:GetChange, ChangeResourceRecordSets, ListResourceRecordSets on the zones, ListHostedZonesByName',
  },
  {
    component: 'external-secrets',
    namespace: 'external-secrets',
    serviceAccount: 'external-secrets',
    role: 'external-secrets',
    purpose:
      'AWS-backed stores only (secretsmanager:GetSecretValue, DescribeSecret; ssm:GetParameter); the Vault store uses Kubernetes auth',
  },
  {
    component: 'karpenter',
    namespace: 'kube-system',
    serviceAccount: 'karpenter',
    role: 'karpenter',
    purpose:
      "Karpenter's controller policy: EC2 fleet, launch templates, instance profiles, iam:PassRole on the node role, SQS interruption queue, pricing, ssm:GetParameter",
  },
  {
    component: 'observability',
    namespace: 'monitoring',
    serviceAccount: 'loki',
    role: 'loki',
    purpose: 'Loki chunks and index on S3: s3:GetObject, PutObject, DeleteObject, ListBucket on its bucket',
  },
  {
    component: 'observability',
    namespace: 'monitoring',
    serviceAccount: 'tempo',
    role: 'tempo',
    purpose: 'Tempo traces on S3: s3:GetObject, PutObject, DeleteObject, ListBucket on its bucket',
  },
  {
    component: 'observability',
    namespace: 'monitoring',
    serviceAccount: 'kube-prometheus-stack-prometheus',
    role: 'thanos',
    purpose:
      'Thanos sidecar uploading Prometheus blocks to S3: s3:GetObject, PutObject, DeleteObject, ListBucket on its bucket',
  },
  {
    // the same role as the sidecars: one bucket, one policy (docs/decisions.md#thanos-history)
    component: 'observability',
    namespace: 'monitoring',
    serviceAccount: 'thanos-compact',
    role: 'thanos',
    purpose:
      'Thanos Compactor on the same bucket: compacts, downsamples and deletes blocks past retention (same actions)',
  },
  {
    component: 'observability',
    namespace: 'monitoring',
    serviceAccount: 'thanos-store',
    role: 'thanos',
    purpose:
      "Thanos Store Gateway reading the same bucket (s3:GetObject, ListBucket); on an environment's primary also the Thanos buckets of the environment's other clusters, in their regions (docs/decisions.md#thanos-global-view)",
  },
  {
    component: 'opencost',
    namespace: 'infrastructure',
    serviceAccount: 'opencost',
    role: 'opencost',
    purpose:
      'AWS prices: pricing:GetProducts, ec2:DescribeSpotPriceHistory; actual costs (costAndUsageReport): athena:StartQueryExecution, GetQueryExecution, GetQueryResults in the workgroup, glue:GetDatabase, GetTable, GetPartitions, s3:GetObject, ListBucket on the report bucket, s3:GetBucketLocation, GetObject, PutObject on the results bucket',
  },
  {
    component: 'aws-load-balancer-controller',
    namespace: 'kube-system',
    serviceAccount: 'aws-load-balancer-controller',
    role: 'aws-load-balancer-controller',
    purpose:
      "The controller's published IAM policy (v3.5.0): EC2 describe and security groups, elasticloadbalancing:*, ACM, WAF, Shield, tagging",
  },
  {
    component: 'external-dns',
    namespace: 'kube-system',
    serviceAccount: 'external-dns',
    role: 'external-dns',
    purpose:
      "route53:ChangeResourceRecordSets on the region's zone and the failover zone (fleet.yaml dnsFailover); route53:ListHostedZones, ListResourceRecordSets, ListTagsForResources",
  },
  {
    // the <namespace>-service ServiceAccount the baseline creates in every application and agent
    // namespace is that layer's identity; only a layer that calls AWS gets a role (the model
    // gateway's Bedrock endpoints are in its declared egress), agent pools never do
    component: 'platform-baseline',
    namespace: 'model-gateway',
    serviceAccount: 'model-gateway-service',
    role: 'model-gateway-service',
    purpose:
      'Bedrock for the model gateway: bedrock:InvokeModel, InvokeModelWithResponseStream on the models it serves',
  },
  {
    component: 'velero',
    namespace: 'velero',
    serviceAccount: 'velero',
    role: 'velero',
    purpose:
      "Velero's AWS plugin policy: its S3 bucket (s3:GetObject, PutObject, DeleteObject, ListBucket, multipart), EBS snapshots (ec2:CreateSnapshot, DeleteSnapshot, DescribeVolumes, DescribeSnapshots, CreateVolume, CreateTags)",
  },
];

/**
 * Name of the egress allow (the policy `egress-<name>`) that lets an association's service account
 * reach the Pod Identity agent. The first association of a role keeps `<role>-pod-identity`, the
 * name it has always had (a rename would leave the old policy behind where sync does not prune);
 * further associations of the same role are named after their service account.
 */
export function podIdentityEgressName(r: PodIdentityRole): string {
  const first = POD_IDENTITY_ROLES.find((p) => p.role === r.role);
  return !first || first.serviceAccount === r.serviceAccount
    ? `${r.role}-pod-identity`
    : `${r.serviceAccount}-pod-identity`;
}

/** IAM role ARN of an association on a cluster, or undefined when the inventory has no aws.accountId. */
export function podIdentityRoleArn(cluster: Pick<Cluster, 'name' | 'aws'>, role: string): string | undefined {
  return cluster.aws ? `arn:aws:iam::${cluster.aws.accountId}:role/${cluster.name}-${role}` : undefined;
}
