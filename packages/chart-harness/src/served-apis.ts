/** An API version that is no longer served, or superseded by the version we must emit. */
export interface UnservedApi {
  apiVersion: string;
  /** Kinds this entry covers; every kind of the version when omitted. */
  kinds?: readonly string[];
  /** What to emit instead, e.g. `policy/v1 PodDisruptionBudget`. */
  replacement: string;
  /** Why, e.g. `removed in Kubernetes 1.25`. */
  reason: string;
  /** Kubernetes minor version that stopped serving it; scenarios for older clusters may still use it. */
  removedIn?: string;
  /** How to fix it, when it is more than `emit <replacement> instead`. */
  fix?: string;
}

const WORKLOADS = ['Deployment', 'DaemonSet', 'ReplicaSet', 'StatefulSet'];
const PSP = {
  kinds: ['PodSecurityPolicy'],
  replacement: 'Pod Security Admission',
  fix:
    'remove the PodSecurityPolicy and label the Namespace with ' +
    'pod-security.kubernetes.io/enforce: restricted (Pod Security Admission)',
};
const K8S_GONE = (minor: string) => `no longer served (removed in Kubernetes ${minor})`;
const beta = (group: string, minor: string, kinds?: readonly string[]): UnservedApi => ({
  apiVersion: `${group}/v1beta1`,
  ...(kinds ? { kinds } : {}),
  replacement: `${group}/v1`,
  reason: K8S_GONE(minor),
  removedIn: minor,
});
const supersededBy = (
  apiVersions: readonly string[],
  replacement: string,
  reason: string,
  kinds?: readonly string[],
) =>
  apiVersions.map(
    (apiVersion): UnservedApi => ({ apiVersion, ...(kinds ? { kinds } : {}), replacement, reason }),
  );

/** First match wins, so kind-specific entries come before the catch-all of their version. */
export const UNSERVED_APIS: readonly UnservedApi[] = [
  {
    apiVersion: 'policy/v1beta1',
    ...PSP,
    reason: 'no longer served (PodSecurityPolicy was removed in Kubernetes 1.25)',
    removedIn: '1.25',
  },
  beta('policy', '1.25'),
  { apiVersion: 'batch/v1beta1', replacement: 'batch/v1', reason: K8S_GONE('1.25'), removedIn: '1.25' },
  { apiVersion: 'batch/v2alpha1', replacement: 'batch/v1', reason: K8S_GONE('1.21'), removedIn: '1.21' },
  { apiVersion: 'extensions/v1beta1', ...PSP, reason: K8S_GONE('1.16'), removedIn: '1.16' },
  ...(['extensions/v1beta1', 'apps/v1beta1', 'apps/v1beta2'] as const).map(
    (apiVersion): UnservedApi => ({
      apiVersion,
      kinds: WORKLOADS,
      replacement: 'apps/v1',
      reason: K8S_GONE('1.16'),
      removedIn: '1.16',
    }),
  ),
  {
    apiVersion: 'extensions/v1beta1',
    replacement: 'networking.k8s.io/v1',
    reason: K8S_GONE('1.22'),
    removedIn: '1.22',
  },
  { apiVersion: 'apps/v1beta1', replacement: 'apps/v1', reason: K8S_GONE('1.16'), removedIn: '1.16' },
  { apiVersion: 'apps/v1beta2', replacement: 'apps/v1', reason: K8S_GONE('1.16'), removedIn: '1.16' },
  beta('networking.k8s.io', '1.22'),
  {
    apiVersion: 'autoscaling/v2beta1',
    replacement: 'autoscaling/v2',
    reason: K8S_GONE('1.25'),
    removedIn: '1.25',
  },
  {
    apiVersion: 'autoscaling/v2beta2',
    replacement: 'autoscaling/v2',
    reason: K8S_GONE('1.26'),
    removedIn: '1.26',
  },
  beta('flowcontrol.apiserver.k8s.io', '1.26'),
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta2',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    reason: K8S_GONE('1.29'),
    removedIn: '1.29',
  },
  {
    apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3',
    replacement: 'flowcontrol.apiserver.k8s.io/v1',
    reason: K8S_GONE('1.32'),
    removedIn: '1.32',
  },
  beta('storage.k8s.io', '1.22', ['StorageClass', 'VolumeAttachment', 'CSIDriver', 'CSINode']),
  beta('storage.k8s.io', '1.27'),
  beta('node.k8s.io', '1.25'),
  beta('scheduling.k8s.io', '1.22'),
  beta('rbac.authorization.k8s.io', '1.22'),
  beta('admissionregistration.k8s.io', '1.22', [
    'MutatingWebhookConfiguration',
    'ValidatingWebhookConfiguration',
  ]),
  beta('apiextensions.k8s.io', '1.22'),
  beta('apiregistration.k8s.io', '1.22'),
  beta('certificates.k8s.io', '1.22'),
  beta('coordination.k8s.io', '1.22'),
  beta('discovery.k8s.io', '1.25'),
  beta('events.k8s.io', '1.25'),
  ...supersededBy(
    ['external-secrets.io/v1beta1'],
    'external-secrets.io/v1',
    'not served by External Secrets Operator 0.17 and later (served: false)',
  ),
  ...supersededBy(
    ['external-secrets.io/v1alpha1'],
    'external-secrets.io/v1',
    'not served by current External Secrets Operator releases',
    ['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'ClusterExternalSecret'],
  ),
  ...supersededBy(
    ['karpenter.sh/v1alpha5'],
    'karpenter.sh/v1 NodePool',
    'Provisioner was replaced by NodePool in Karpenter 1.0',
    ['Provisioner'],
  ),
  ...supersededBy(
    ['karpenter.sh/v1alpha5'],
    'karpenter.sh/v1 NodeClaim',
    'Machine was replaced by NodeClaim in Karpenter 1.0',
    ['Machine'],
  ),
  ...supersededBy(
    ['karpenter.sh/v1beta1', 'karpenter.sh/v1alpha5'],
    'karpenter.sh/v1',
    'not served by Karpenter 1.1 and later',
  ),
  ...supersededBy(
    ['karpenter.k8s.aws/v1alpha1'],
    'karpenter.k8s.aws/v1 EC2NodeClass',
    'AWSNodeTemplate was replaced by EC2NodeClass in Karpenter 1.0',
    ['AWSNodeTemplate'],
  ),
  ...supersededBy(
    ['karpenter.k8s.aws/v1beta1', 'karpenter.k8s.aws/v1alpha1'],
    'karpenter.k8s.aws/v1',
    'not served by Karpenter 1.1 and later',
  ),
  ...supersededBy(
    ['cert-manager.io/v1alpha2', 'cert-manager.io/v1alpha3', 'cert-manager.io/v1beta1'],
    'cert-manager.io/v1',
    'removed in cert-manager 1.7',
  ),
  ...supersededBy(
    ['acme.cert-manager.io/v1alpha2', 'acme.cert-manager.io/v1alpha3', 'acme.cert-manager.io/v1beta1'],
    'acme.cert-manager.io/v1',
    'removed in cert-manager 1.7',
  ),
  // EnvoyFilter exists only as v1alpha3 and ProxyConfig only as v1beta1: those stay
  ...supersededBy(
    ['networking.istio.io/v1alpha3', 'networking.istio.io/v1beta1'],
    'networking.istio.io/v1',
    'superseded; emit v1',
    [
      'DestinationRule',
      'Gateway',
      'ServiceEntry',
      'Sidecar',
      'VirtualService',
      'WorkloadEntry',
      'WorkloadGroup',
    ],
  ),
  ...supersededBy(['security.istio.io/v1beta1'], 'security.istio.io/v1', 'superseded; emit v1'),
  ...supersededBy(['telemetry.istio.io/v1alpha1'], 'telemetry.istio.io/v1', 'superseded; emit v1'),
  ...supersededBy(
    ['cilium.io/v2alpha1'],
    'cilium.io/v2',
    'served as cilium.io/v2 by current Cilium releases',
    [
      'CiliumNetworkPolicy',
      'CiliumClusterwideNetworkPolicy',
      'CiliumBGPClusterConfig',
      'CiliumBGPPeerConfig',
      'CiliumBGPAdvertisement',
      'CiliumBGPNodeConfig',
      'CiliumBGPNodeConfigOverride',
      'CiliumCIDRGroup',
      'CiliumLoadBalancerIPPool',
      'CiliumNodeConfig',
    ],
  ),
];

/**
 * The table entry that says `apiVersion`/`kind` must not be emitted, or undefined when it is
 * served. With `kubeVersion`, Kubernetes APIs removed after that version still count as served.
 */
export function findUnservedApi(
  apiVersion: string,
  kind: string,
  kubeVersion?: string,
): UnservedApi | undefined {
  const entry = UNSERVED_APIS.find(
    (e) => e.apiVersion === apiVersion && (e.kinds === undefined || e.kinds.includes(kind)),
  );
  if (
    entry?.removedIn !== undefined &&
    kubeVersion !== undefined &&
    compareMinor(kubeVersion, entry.removedIn) < 0
  ) {
    return undefined;
  }
  return entry;
}

function compareMinor(version: string, minor: string): number {
  const parse = (v: string) => v.replace(/^v/, '').split('.').map(Number);
  const [aMajor = 0, aMinor = 0] = parse(version);
  const [bMajor = 0, bMinor = 0] = parse(minor);
  return aMajor === bMajor ? aMinor - bMinor : aMajor - bMajor;
}
