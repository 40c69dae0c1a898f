import { chartEnvironment, dns1123Label, platformLabels, quantity } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schema of the values of our chart `charts/platform-baseline` (the component has no
 * upstream chart). `values.schema.json` is generated from it, so Helm rejects what zod rejects;
 * the cross-field rules live in `rules.ts` (and `templates/validate.yaml`).
 * @see https://kubernetes.io/docs/concepts/policy/resource-quotas/
 * @see https://kubernetes.io/docs/concepts/services-networking/network-policies/
 */

/** The namespace tiers, from the cluster's own to the agents'. */
export const TIERS = ['system', 'platform', 'application', 'agent'] as const;
export const tier = z.enum(TIERS).meta({ description: 'Namespace tier' });
export type Tier = z.infer<typeof tier>;

/** Tiers whose namespaces get the baseline NetworkPolicies and the full LimitRange. */
export const WORKLOAD_TIERS: readonly Tier[] = ['application', 'agent'];

export const NETWORK_POLICY_MODES = ['permissive', 'baseline', 'strict'] as const;
export const networkPolicyMode = z.enum(NETWORK_POLICY_MODES).meta({
  description:
    'permissive: deny ingress from outside the cluster only; baseline: deny ingress except same namespace, ' +
    'scraping and allowed namespaces; strict: baseline plus default-deny egress (DNS, API server, allowed)',
});
export type NetworkPolicyMode = z.infer<typeof networkPolicyMode>;

const PSS_LEVELS = ['privileged', 'baseline', 'restricted'] as const;
const dnsLabel = dns1123Label;
const labelValue = z
  .string()
  .regex(/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/, 'a Kubernetes label value')
  .max(63);
const labelKey = z
  .string()
  .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'a label key');
const OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])';
export const ipv4Cidr = z
  .string()
  .regex(new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?[0-9])$`), 'an IPv4 CIDR such as 10.0.0.0/16');

/** CPU cores of a quota, an integer or decimal (`^\d+(\.\d+)?$`). */
export const quotaCpu = z.string().regex(/^\d+(\.\d+)?$/, 'CPU cores such as 20 or 2.5');
/** Memory of a quota, whole Gi or Mi (`^\d+(Gi|Mi)$`). */
export const quotaMemory = z.string().regex(/^\d+(Gi|Mi)$/, 'memory such as 50Gi or 512Mi');
/** Storage of a quota, whole Gi or Ti (`^\d+(Gi|Ti)$`). */
export const quotaStorage = z.string().regex(/^\d+(Gi|Ti)$/, 'storage such as 200Gi or 1Ti');

const cpuMemory = <C extends z.ZodType, M extends z.ZodType>(cpu: C, memory: M) =>
  z.strictObject({ cpu, memory });

export const namespaceSpec = z
  .strictObject({
    enabled: z.boolean().optional().meta({ description: 'false removes a default namespace' }),
    tier,
    layer: z
      .string()
      .regex(/^l(0[0-9]|1[01])$/, 'a layer such as l00 ... l11')
      .meta({ description: 'Platform layer label (l00 ... l11)' }),
    podSecurity: z
      .enum(PSS_LEVELS)
      .meta({ description: 'Pod Security level enforced (audit and warn are always restricted)' }),
    costCenter: z
      .string()
      .min(1)
      .optional()
      .meta({ description: 'cost-center label when it differs from the cluster one' }),
    labels: z.record(labelKey, labelValue).optional().meta({
      description: 'Extra labels (team, cost-budget ...); the required labels cannot be overridden',
    }),
    networkPolicy: z
      .strictObject({
        allowedIngressNamespaces: z.array(dnsLabel).optional(),
        allowedEgressNamespaces: z.array(dnsLabel).optional(),
        allowedEgressCidrs: z.array(ipv4Cidr).optional(),
      })
      .optional()
      .meta({
        description: 'Per-namespace allowances on top of the baseline NetworkPolicies',
      }),
  })
  .meta({ description: 'A namespace the baseline creates' });
export type NamespaceSpec = z.infer<typeof namespaceSpec>;

export const tierQuota = z
  .strictObject({
    requests: cpuMemory(quotaCpu, quotaMemory)
      .optional()
      .meta({ description: 'CPU and memory requests; absent = unlimited (system tier)' }),
    limits: cpuMemory(quotaCpu, quotaMemory)
      .optional()
      .meta({ description: 'CPU and memory limits (2x requests)' }),
    gpu: z.int().min(0).meta({ description: 'requests.nvidia.com/gpu' }),
    persistentVolumeClaims: z.int().min(0),
    storage: quotaStorage.meta({ description: 'requests.storage' }),
    pods: z.int().min(1),
    services: z.int().min(0).optional(),
    secrets: z.int().min(0).optional(),
    configMaps: z.int().min(0).optional(),
  })
  .meta({ description: 'ResourceQuota of every namespace of a tier, already scaled by the environment' });
export type TierQuota = z.infer<typeof tierQuota>;

export const limitRange = z
  .strictObject({
    container: z.strictObject({
      default: cpuMemory(quantity, quantity).meta({ description: 'Default limits' }),
      defaultRequest: cpuMemory(quantity, quantity).meta({ description: 'Default requests' }),
      max: cpuMemory(quantity, quantity),
      min: cpuMemory(quantity, quantity),
    }),
    persistentVolumeClaim: z.strictObject({ max: quantity, min: quantity }),
  })
  .meta({
    description: 'LimitRange of application and agent namespaces; platform namespaces get the defaults only',
  });
export type LimitRange = z.infer<typeof limitRange>;

/**
 * A PriorityClass name: the `system-` prefix is reserved for Kubernetes' own classes and the API
 * server refuses to create any other class with it.
 */
export const priorityClassName = dnsLabel.refine((n) => !n.startsWith('system-'), {
  message: 'a name without the reserved "system-" prefix (the API server refuses it)',
});

export const priorityClass = z.strictObject({
  value: z.int().min(-2147483648).max(1000000000),
  globalDefault: z.boolean(),
  preemptionPolicy: z.enum(['PreemptLowerPriority', 'Never']).optional(),
  description: z.string().min(1),
});

export const storageClass = z.strictObject({
  type: z.enum(['gp3', 'gp2', 'io1', 'io2', 'st1', 'sc1']).meta({ description: 'EBS volume type' }),
  iops: z.string().regex(/^\d+$/).optional(),
  throughput: z.string().regex(/^\d+$/).optional().meta({ description: 'MiB/s (gp3 only)' }),
  encrypted: z.boolean().optional(),
  kmsKeyId: z.string().min(1).optional(),
  reclaimPolicy: z.enum(['Delete', 'Retain']),
  default: z.boolean().meta({ description: 'The cluster default StorageClass (exactly one)' }),
  fsType: z.enum(['ext4', 'xfs']),
  mountOptions: z.array(z.string().min(1)).optional(),
});

export const runtimeClass = z.strictObject({
  handler: dnsLabel,
  overhead: cpuMemory(quantity, quantity).meta({ description: 'podFixed overhead' }),
  nodeSelector: z.record(labelKey, labelValue),
});

/**
 * Verbs a layer role may grant: named ones only. No `*` (a wildcard would also grant verbs added
 * later), and no escalate, bind or impersonate (a role holding them could grant itself more).
 */
export const RBAC_VERBS = [
  'get',
  'list',
  'watch',
  'create',
  'update',
  'patch',
  'delete',
  'deletecollection',
] as const;

export const policyRule = z
  .strictObject({
    apiGroups: z
      .array(z.union([z.literal(''), z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'an API group')]))
      .min(1)
      .meta({ description: 'API groups ("" is the core group); no wildcard' }),
    resources: z
      .array(
        z.string().regex(/^[a-z][a-z0-9]*(\/[a-z]+)?$/, 'a resource or resource/subresource, no wildcard'),
      )
      .min(1),
    verbs: z
      .array(z.enum(RBAC_VERBS))
      .min(1)
      .meta({ description: 'Named verbs; no wildcard, escalate, bind or impersonate' }),
  })
  .meta({ description: 'One rule of a ClusterRole' });
export type PolicyRule = z.infer<typeof policyRule>;

export const clusterRoleSpec = z.strictObject({
  description: z.string().min(1),
  rules: z.array(policyRule).min(1),
});
export type ClusterRoleSpec = z.infer<typeof clusterRoleSpec>;

/** A group name part: lower-case, and never the `system:` prefix Kubernetes reserves. */
const groupPrefix = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'a lower-case name such as platform')
  .refine((p) => p !== 'system', { message: 'not "system" (system: groups are reserved by Kubernetes)' });

export const rbacValues = z
  .strictObject({
    groupPrefix: groupPrefix.meta({
      description:
        'Groups are <groupPrefix>:<namespace>:<role>; the identity provider (EKS access entries, OIDC) maps people to them',
    }),
    clusterRoles: z
      .record(dnsLabel, clusterRoleSpec)
      .meta({ description: 'The layer roles by name, bound per namespace only (never cluster-wide)' }),
    tierRoles: z
      .strictObject({ application: z.array(dnsLabel), agent: z.array(dnsLabel) })
      .meta({ description: 'Roles bound in every namespace of a workload tier' }),
    namespaceRoles: z
      .record(dnsLabel, z.array(dnsLabel))
      .meta({ description: 'Roles bound in one namespace beyond its tier (infra-admin in infrastructure)' }),
    serviceAccountRole: dnsLabel.meta({
      description:
        'Role of the <namespace>-service ServiceAccount of every workload namespace, in that namespace',
    }),
  })
  .meta({
    description: 'Layer roles, their per-namespace bindings and the <namespace>-service ServiceAccounts',
  });
export type RbacValues = z.infer<typeof rbacValues>;

/** Values of our chart `charts/platform-baseline`. */
export const chartValues = z
  .strictObject({
    environment: chartEnvironment.meta({ description: 'Environment of the cluster' }),
    labels: platformLabels,
    namespaces: z
      .record(dnsLabel, namespaceSpec)
      .meta({ description: 'Namespaces to create, by name (kube-* namespaces are never created)' }),
    kubeSystem: z.strictObject({ podSecurity: z.enum(PSS_LEVELS) }).meta({
      description:
        'Pod Security level enforced on kube-system, which exists before Argo CD: only its labels are applied (server-side), it is never pruned or deleted',
    }),
    rbac: rbacValues,
    quotas: z
      .strictObject({ system: tierQuota, platform: tierQuota, application: tierQuota, agent: tierQuota })
      .meta({ description: 'ResourceQuota per tier, scaled by the environment quota multiplier' }),
    limitRange,
    networkPolicy: z
      .strictObject({
        mode: networkPolicyMode,
        scrape: z
          .strictObject({
            namespaces: z.array(dnsLabel).min(1),
            podSelector: z.record(labelKey, labelValue),
            ports: z.array(z.int().min(1).max(65535)).min(1),
          })
          .meta({ description: 'Prometheus scraping allowed into application namespaces' }),
        apiServerCidrs: z.array(ipv4Cidr).min(1).meta({
          description: 'Where the API server endpoints live (the VPC on EKS), HTTPS egress in strict mode',
        }),
      })
      .meta({ description: 'Baseline NetworkPolicies of application and agent namespaces' }),
    priorityClasses: z
      .record(priorityClassName, priorityClass)
      .meta({ description: 'PriorityClasses; the system- prefix is reserved' }),
    storageClasses: z.record(dnsLabel, storageClass).meta({ description: 'EBS CSI StorageClasses' }),
    runtimeClasses: z.record(dnsLabel, runtimeClass).meta({ description: 'Sandbox RuntimeClasses' }),
  })
  .meta({ title: 'charts/platform-baseline values' });
export type ChartValues = z.infer<typeof chartValues>;

/** The component's values targets with their schemas: our chart only (no upstream chart). */
export type Targets = { chart: typeof chartValues };
