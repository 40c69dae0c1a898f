import { environmentName, platformLabels, quantity, resourceRequirements } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schemas of the values we set on the upstream `karpenter` chart (1.14.1) and on our chart
 * `charts/karpenter`. Upstream keys were checked against `charts/karpenter/values.yaml` at the
 * v1.14.1 tag of aws/karpenter-provider-aws; only keys that exist there are allowed.
 * @see https://karpenter.sh/docs/reference/settings/
 */

const labelMap = z.record(z.string(), z.string());

const toleration = z.strictObject({
  key: z.string().min(1),
  operator: z.enum(['Equal', 'Exists']),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
});

/** Values of the upstream `karpenter` chart that we set. */
export const karpenterValues = z
  .strictObject({
    settings: z.strictObject({
      clusterName: z.string().min(1).meta({ description: 'EKS cluster name (settings.clusterName)' }),
      clusterEndpoint: z.url().meta({ description: 'API server endpoint of the cluster' }),
      interruptionQueue: z
        .string()
        .regex(/^[A-Za-z0-9_-]{1,80}$/, 'an SQS queue name')
        .meta({ description: 'SQS queue of spot interruption and rebalance events' }),
      featureGates: z.strictObject({
        spotToSpotConsolidation: z
          .boolean()
          .meta({ description: 'Consolidate spot nodes onto cheaper spot nodes' }),
      }),
    }),
    replicas: z.int().min(1).max(3).meta({ description: 'Controller replicas (leader election; 2)' }),
    podDisruptionBudget: z.strictObject({ name: z.string().min(1), maxUnavailable: z.int().min(1) }),
    serviceMonitor: z
      .strictObject({ enabled: z.boolean() })
      .meta({ description: 'Prometheus Operator ServiceMonitor (needs the observability component)' }),
    controller: z.strictObject({ resources: resourceRequirements }),
    logLevel: z.enum(['debug', 'info', 'error']),
    additionalLabels: labelMap.meta({ description: 'Labels on every object of the chart (cost labels)' }),
    podLabels: labelMap.meta({ description: 'Labels on the controller pods (cost labels)' }),
    nodeSelector: labelMap.meta({ description: 'The controller runs on the managed system node group' }),
    tolerations: z.array(toleration).meta({ description: 'Tolerates the system pool taint' }),
    priorityClassName: z.string().min(1),
  })
  .meta({ title: 'karpenter upstream chart values (the keys we set)' });
export type KarpenterValues = z.infer<typeof karpenterValues>;

/** A Karpenter duration such as `30s`, `5m`, `168h`, or `Never`. */
const duration = z.string().regex(/^(([0-9]+(s|m|h))+|Never)$/, 'a duration such as 30s, 5m, 168h or Never');

const budget = z.strictObject({
  nodes: z
    .string()
    .regex(/^((100|[0-9]{1,2})%|[0-9]+)$/, 'a node count such as "1" or a percentage such as "10%"'),
  reasons: z
    .array(z.enum(['Underutilized', 'Empty', 'Drifted']))
    .min(1)
    .optional(),
  schedule: z.string().min(1).optional(),
  duration: z
    .string()
    .regex(/^((([0-9]+(h|m))|([0-9]+h[0-9]+m))(0s)?)$/)
    .optional(),
});
export type DisruptionBudget = z.infer<typeof budget>;

const DNS_LABEL = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** A node taint of a NodePool. */
const taint = z.strictObject({
  key: z.string().min(1),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

/** One Karpenter NodePool (karpenter.sh/v1) and, when it has a floor, its placeholder pods. */
export const nodePool = z
  .strictObject({
    enabled: z.boolean().meta({ description: 'Render this NodePool' }),
    kind: z
      .enum(['general', 'gpu', 'high-memory', 'batch'])
      .meta({ description: 'Role of the pool: decides the spot policy and GPU sharing' }),
    nodeClass: z.string().regex(DNS_LABEL).meta({ description: 'Name of the EC2NodeClass it uses' }),
    capacityTypes: z
      .array(z.enum(['spot', 'on-demand']))
      .min(1)
      .meta({ description: 'karpenter.sh/capacity-type values (spot per environment)' }),
    instanceTypes: z.array(z.string().regex(/^[a-z0-9-]+\.[a-z0-9]+$/, 'an EC2 instance type')).min(1),
    architectures: z.array(z.enum(['amd64', 'arm64'])).min(1),
    labels: labelMap.meta({ description: 'Node labels (node-pool, layer)' }),
    taints: z.array(taint),
    startupTaints: z.array(taint).optional().meta({
      description:
        "Taints a node starts with and a daemon removes once ready (Cilium's node.cilium.io/agent-not-ready: no pod lands before the CNI can give it an address)",
    }),
    minNodes: z.int().min(0).meta({
      description:
        'Floor: NodePools have no min size in v1, so this many low-priority placeholder pods (one per node) keep nodes up',
    }),
    maxNodes: z.int().min(0).meta({ description: 'limits.nodes: the most nodes the pool may have' }),
    limits: z
      .strictObject({ cpu: quantity, memory: quantity, 'nvidia.com/gpu': quantity.optional() })
      .meta({ description: 'Resource limits of the pool (0 disables provisioning)' }),
    disruption: z.strictObject({
      consolidationPolicy: z.enum(['WhenEmpty', 'WhenEmptyOrUnderutilized']),
      consolidateAfter: duration,
      budgets: z.array(budget).min(1),
    }),
    expireAfter: duration.meta({
      description: 'Node lifetime (ttlSecondsUntilExpired became expireAfter)',
    }),
    weight: z.int().min(0).max(100).optional(),
  })
  .meta({ description: 'A Karpenter NodePool' });
export type NodePool = z.infer<typeof nodePool>;

/** One EC2NodeClass (karpenter.k8s.aws/v1). */
export const nodeClass = z
  .strictObject({
    amiAlias: z
      .string()
      .regex(
        /^(bottlerocket@v\d+\.\d+\.\d+|al2023@v\d{8})$/,
        'a pinned alias such as bottlerocket@v1.55.0 or al2023@v20260818 (never @latest)',
      )
      .meta({ description: 'amiSelectorTerms alias, pinned to a release (drift rolls nodes on change)' }),
    blockDevices: z
      .array(
        z.strictObject({
          deviceName: z.string().regex(/^\/dev\/xvd[a-z]$/),
          volumeSizeGi: z.int().min(1).max(16384),
          rootVolume: z.boolean().optional(),
        }),
      )
      .min(1)
      .meta({ description: 'EBS volumes (gp3, encrypted, deleted on termination)' }),
  })
  .meta({ description: 'A Karpenter EC2NodeClass' });
export type NodeClass = z.infer<typeof nodeClass>;

/** GPU sharing of the `gpu` pools (per environment, docs/decisions.md#gpu-sharing). */
export const gpuSharing = z
  .strictObject({
    sharing: z.enum(['time-slicing', 'mig']),
    gpuType: z.string().min(1).meta({ description: 'GPU model, e.g. nvidia-a10g (see gpu.ts)' }),
    timeSlicing: z
      .strictObject({ replicas: z.int().min(2).max(48) })
      .optional()
      .meta({ description: 'Time-slicing: pods sharing one GPU (T4 x2 in development, A10G x4 in staging)' }),
    mig: z
      .strictObject({
        strategy: z
          .enum(['none', 'single', 'mixed'])
          .meta({ description: 'GPU Operator mig.strategy; mixed allows several profiles per GPU' }),
        config: z
          .string()
          .regex(/^[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?$/, 'a mig-parted config name such as all-balanced')
          .meta({ description: 'mig-parted config name, set as node label nvidia.com/mig.config' }),
        layout: z
          .record(z.string().regex(/^\d+g\.\d+gb$/), z.int().min(1))
          .meta({ description: 'MIG instances per GPU by profile; must fit the GPU (rule mig-layout-fits)' }),
      })
      .optional(),
    configNamespace: z
      .string()
      .optional()
      .meta({ description: 'Namespace of the GPU Operator ConfigMaps; the release namespace when unset' }),
  })
  .meta({ description: 'GPU sharing: NVIDIA device plugin and mig-parted configuration, node labels' });
export type GpuSharing = z.infer<typeof gpuSharing>;

/** Values of our chart `charts/karpenter`. */
export const chartValues = z
  .strictObject({
    environment: environmentName,
    cluster: z.string().min(1).meta({ description: 'Cluster name' }),
    role: z.enum(['primary', 'dr']).meta({
      description: 'dr: a scaled-down DR standby (an activated DR cluster, drActive, is primary here)',
    }),
    labels: platformLabels,
    discoveryTag: z
      .string()
      .min(1)
      .meta({ description: 'Value of the karpenter.sh/discovery tag on subnets and security groups' }),
    nodeRole: z.string().min(1).meta({ description: 'IAM role of the nodes (created by Terraform)' }),
    nodeClasses: z.record(z.string().regex(DNS_LABEL), nodeClass),
    nodePools: z.record(z.string().regex(DNS_LABEL), nodePool),
    gpu: gpuSharing,
    floor: z
      .strictObject({
        image: z
          .string()
          .regex(/^[^:@\s]+(:[\w][\w.-]*|@sha256:[a-f0-9]{64})$/, 'an image with a tag or digest'),
        priority: z
          .int()
          .max(-1)
          .meta({ description: 'Negative priority: any real pod preempts a placeholder' }),
        resources: resourceRequirements,
      })
      .meta({ description: 'Placeholder pods that keep a pool at its minNodes' }),
  })
  .meta({ title: 'charts/karpenter values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: the upstream `karpenter` chart and our chart. */
export type Targets = { karpenter: typeof karpenterValues; chart: typeof chartValues };
