import type { z } from 'zod';
import type {
  ClusterRoleSpec,
  LimitRange,
  NamespaceSpec,
  PolicyRule,
  priorityClass,
  runtimeClass,
  storageClass,
  Tier,
} from './schema.ts';

/**
 * The platform baseline as data (docs/decisions.md#quotas). The builder scales and
 * selects from it; nothing here depends on a cluster.
 */

/** The base namespace hierarchy (kube-system exists already and is never created). */
export const CATALOG_NAMESPACES: Readonly<Record<string, NamespaceSpec>> = {
  infrastructure: { tier: 'platform', layer: 'l00', podSecurity: 'baseline' },
  'data-layer': { tier: 'application', layer: 'l01', podSecurity: 'restricted' },
  'agent-pool-default': { tier: 'agent', layer: 'l02', podSecurity: 'restricted' },
  'agent-pool-research': { tier: 'agent', layer: 'l02', podSecurity: 'restricted' },
  'agent-pool-coding': { tier: 'agent', layer: 'l02', podSecurity: 'restricted' },
  // agents running code nobody reviewed, and short-lived task agents: the same agent tier (restricted,
  // agent quota, default deny, no path to another pool), never a laxer one
  'agent-pool-untrusted': { tier: 'agent', layer: 'l02', podSecurity: 'restricted' },
  'agent-pool-tasks': { tier: 'agent', layer: 'l02', podSecurity: 'restricted' },
  'model-gateway': { tier: 'application', layer: 'l04', podSecurity: 'restricted' },
  'planning-layer': { tier: 'application', layer: 'l05', podSecurity: 'restricted' },
  'evaluation-layer': { tier: 'application', layer: 'l06', podSecurity: 'restricted' },
  'api-gateway': { tier: 'application', layer: 'l09', podSecurity: 'restricted' },
  'ui-layer': { tier: 'application', layer: 'l10', podSecurity: 'restricted' },
};

/**
 * Namespaces of platform components, created here (labelled, with quotas) when the component is
 * enabled, so that they exist with the required labels before Gatekeeper enforces them. The
 * monitoring stack runs node-exporter (host namespaces) and Istio ambient runs its CNI node agent:
 * both need the privileged level. gatekeeper-system is left to the Gatekeeper chart, which
 * labels its own namespace (exempt from admission) after install.
 */
export const COMPONENT_NAMESPACES: Readonly<Record<string, { name: string; spec: NamespaceSpec }>> = {
  'cert-manager': { name: 'cert-manager', spec: { tier: 'platform', layer: 'l00', podSecurity: 'baseline' } },
  'external-secrets': {
    name: 'external-secrets',
    spec: { tier: 'platform', layer: 'l00', podSecurity: 'baseline' },
  },
  observability: { name: 'monitoring', spec: { tier: 'platform', layer: 'l00', podSecurity: 'privileged' } },
  istio: { name: 'istio-system', spec: { tier: 'platform', layer: 'l00', podSecurity: 'privileged' } },
  keda: { name: 'keda', spec: { tier: 'platform', layer: 'l00', podSecurity: 'baseline' } },
  'argo-rollouts': {
    name: 'argo-rollouts',
    spec: { tier: 'platform', layer: 'l00', podSecurity: 'baseline' },
  },
  velero: { name: 'velero', spec: { tier: 'platform', layer: 'l00', podSecurity: 'baseline' } },
  kyverno: { name: 'kyverno', spec: { tier: 'platform', layer: 'l00', podSecurity: 'baseline' } },
  // kube-bench reads the node's files through hostPath with hostPID: privileged
  'cis-benchmark': {
    name: 'cis-benchmark',
    spec: { tier: 'platform', layer: 'l00', podSecurity: 'privileged' },
  },
};

/** Base tier table (canonical, docs/decisions.md#quotas), before the environment multiplier. */
export const BASE_TIERS: Readonly<
  Record<Tier, { cpu?: number; memoryGi?: number; gpu: number; pvcs: number; storage: string; pods: number }>
> = {
  system: { gpu: 0, pvcs: 20, storage: '50Gi', pods: 100 },
  platform: { cpu: 50, memoryGi: 100, gpu: 0, pvcs: 50, storage: '500Gi', pods: 200 },
  application: { cpu: 20, memoryGi: 50, gpu: 4, pvcs: 30, storage: '200Gi', pods: 100 },
  agent: { cpu: 10, memoryGi: 20, gpu: 2, pvcs: 10, storage: '50Gi', pods: 50 },
};

/** Object counts of the application quota template (fixed 20/50/50, docs/decisions.md#quotas), for workload tiers. */
export const BASE_COUNTS = { services: 20, secrets: 50, configMaps: 50 } as const;

/** Limits quota = 2x requests (e.g. 20 -> 40 CPU and 50Gi -> 100Gi, docs/decisions.md#quotas). */
export const LIMITS_FACTOR = 2;

/** The tier LimitRange (canonical, docs/decisions.md#quotas): 4 CPU / 8Gi max, PVCs 1Gi-100Gi. */
export const BASE_LIMIT_RANGE: LimitRange = {
  container: {
    default: { cpu: '500m', memory: '512Mi' },
    defaultRequest: { cpu: '100m', memory: '128Mi' },
    max: { cpu: '4', memory: '8Gi' },
    min: { cpu: '50m', memory: '64Mi' },
  },
  persistentVolumeClaim: { max: '100Gi', min: '1Gi' },
};

/** PriorityClasses, from the platform's critical pods down to low-priority batch work. */
export const PRIORITY_CLASSES: Readonly<Record<string, z.infer<typeof priorityClass>>> = {
  // not system-critical: the system- prefix is reserved and the API server refuses it
  'platform-critical': { value: 1000000000, globalDefault: false, description: 'CNI, CSI, CoreDNS (L00)' },
  'infrastructure-high': {
    value: 100000000,
    globalDefault: false,
    description: 'Prometheus, Vault, cert-manager (L00)',
  },
  'platform-high': {
    value: 10000000,
    globalDefault: false,
    description: 'L01 data, L04 model gateway, L09 API gateway',
  },
  'application-default': {
    value: 0,
    globalDefault: true,
    description: 'L02 agents and every pod without a class',
  },
  'batch-low': {
    value: -100,
    globalDefault: false,
    preemptionPolicy: 'Never',
    description: 'L06 evaluation, L07 learning; never preempts',
  },
};

/** StorageClasses (EBS CSI, WaitForFirstConsumer, expandable). */
export const STORAGE_CLASSES: Readonly<Record<string, z.infer<typeof storageClass>>> = {
  'ssd-high-iops': {
    type: 'gp3',
    iops: '16000',
    throughput: '1000',
    reclaimPolicy: 'Delete',
    default: false,
    fsType: 'ext4',
    mountOptions: ['noatime', 'nodiratime'],
  },
  'ssd-standard': {
    type: 'gp3',
    iops: '3000',
    throughput: '125',
    reclaimPolicy: 'Delete',
    default: true,
    fsType: 'ext4',
  },
  'ssd-encrypted': {
    type: 'gp3',
    iops: '3000',
    throughput: '125',
    encrypted: true,
    kmsKeyId: 'alias/infrastructure-storage-key',
    reclaimPolicy: 'Retain',
    default: false,
    fsType: 'ext4',
  },
  'hdd-archive': { type: 'st1', reclaimPolicy: 'Delete', default: false, fsType: 'ext4' },
};

/** RuntimeClasses for sandboxed workloads. */
export const RUNTIME_CLASSES: Readonly<Record<string, z.infer<typeof runtimeClass>>> = {
  gvisor: {
    handler: 'runsc',
    overhead: { cpu: '100m', memory: '128Mi' },
    nodeSelector: { 'sandbox-runtime': 'gvisor' },
  },
  'kata-containers': {
    handler: 'kata-qemu',
    overhead: { cpu: '200m', memory: '256Mi' },
    nodeSelector: { 'sandbox-runtime': 'kata' },
  },
};

/**
 * kube-system exists before Argo CD and runs the node agents (Cilium, the EBS CSI node plugin,
 * the Pod Identity agent) that need host networking, host paths and privileges: it enforces the
 * privileged level on purpose and audits and warns at restricted (docs/decisions.md#layer-rbac).
 */
export const KUBE_SYSTEM = { podSecurity: 'privileged' } as const;

const READ = ['get', 'list', 'watch'] as const;
const WRITE = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'] as const;
const rule = (apiGroups: string[], resources: string[], verbs: readonly PolicyRule['verbs'][number][]) => ({
  apiGroups,
  resources,
  verbs: [...verbs],
});

/** What every layer role may read: the layer's workloads and their configuration, never Secrets. */
const READER_RULES: PolicyRule[] = [
  rule(
    [''],
    [
      'pods',
      'pods/log',
      'services',
      'endpoints',
      'configmaps',
      'persistentvolumeclaims',
      'events',
      'serviceaccounts',
    ],
    READ,
  ),
  rule(['apps'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], READ),
  rule(['batch'], ['jobs', 'cronjobs'], READ),
  rule(['autoscaling'], ['horizontalpodautoscalers'], READ),
  rule(['policy'], ['poddisruptionbudgets'], READ),
  rule(['networking.k8s.io'], ['networkpolicies', 'ingresses'], READ),
  rule(['discovery.k8s.io'], ['endpointslices'], READ),
  rule(['external-secrets.io'], ['externalsecrets'], READ),
  rule(['cert-manager.io'], ['certificates'], READ),
];

/** A developer of the layer: runs and debugs its pods, reads its Secrets, rolls its Deployments out. */
const DEVELOPER_RULES: PolicyRule[] = [
  ...READER_RULES,
  rule([''], ['pods', 'services', 'configmaps'], WRITE),
  rule([''], ['secrets'], READ),
  rule([''], ['pods/exec'], ['get', 'create']),
  rule(['apps'], ['deployments', 'statefulsets'], ['get', 'list', 'watch', 'create', 'update', 'patch']),
];

/**
 * The layer's admin: every workload kind and its storage, certificates and ExternalSecrets; Secrets
 * stay read-only (they come from ExternalSecrets only) and NetworkPolicies, quotas and RBAC belong
 * to the baseline (no rights on them, no escalate, bind or impersonate).
 */
const ADMIN_RULES: PolicyRule[] = [
  ...DEVELOPER_RULES,
  rule([''], ['persistentvolumeclaims'], WRITE),
  rule(['apps'], ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], WRITE),
  rule(['apps'], ['deployments/scale', 'statefulsets/scale'], ['get', 'update', 'patch']),
  rule(['batch'], ['jobs', 'cronjobs'], WRITE),
  rule(['autoscaling'], ['horizontalpodautoscalers'], WRITE),
  rule(['policy'], ['poddisruptionbudgets'], WRITE),
  rule(['external-secrets.io'], ['externalsecrets'], WRITE),
  rule(['cert-manager.io'], ['certificates'], WRITE),
];

/**
 * The layer roles, each a complete ClusterRole (no aggregation, see docs/decisions.md#layer-rbac),
 * bound per namespace only: never by a ClusterRoleBinding, and cluster-admin is never bound here.
 */
export const CLUSTER_ROLES: Readonly<Record<string, ClusterRoleSpec>> = {
  'layer-reader': {
    description: 'Read the workloads and configuration of a layer namespace, not its Secrets',
    rules: READER_RULES,
  },
  'layer-developer': {
    description: 'layer-reader plus running, exec-ing and rolling out pods; Secrets read-only',
    rules: DEVELOPER_RULES,
  },
  'layer-admin': {
    description: 'layer-developer plus every workload kind, storage, certificates and ExternalSecrets',
    rules: ADMIN_RULES,
  },
  'agent-pool-operator': {
    description: 'layer-developer plus agent Jobs and CronJobs and scaling the pool',
    rules: [
      ...DEVELOPER_RULES,
      rule(['batch'], ['jobs', 'cronjobs'], WRITE),
      rule(['apps'], ['deployments/scale', 'statefulsets/scale'], ['get', 'update', 'patch']),
    ],
  },
  'infra-admin': {
    description: 'layer-admin plus the monitoring objects of the infrastructure namespace',
    rules: [
      ...ADMIN_RULES,
      rule(['monitoring.coreos.com'], ['servicemonitors', 'podmonitors', 'prometheusrules'], WRITE),
    ],
  },
};

/** Which layer roles every namespace of a workload tier binds (one group per namespace and role). */
export const TIER_ROLES = {
  application: ['layer-admin', 'layer-developer', 'layer-reader'],
  agent: ['agent-pool-operator', 'layer-admin', 'layer-developer', 'layer-reader'],
} as const;

/** Roles bound in one namespace beyond its tier's. */
export const NAMESPACE_ROLES: Readonly<Record<string, string[]>> = { infrastructure: ['infra-admin'] };

/** The role each `<namespace>-service` ServiceAccount holds in its own namespace (the least one). */
export const SERVICE_ACCOUNT_ROLE = 'layer-reader';

/** Groups are `<prefix>:<namespace>:<role>`; the identity provider maps people to them. */
export const GROUP_PREFIX = 'platform';
