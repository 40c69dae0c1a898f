import type { K8sObject, RenderedCluster } from '@platform/hydrate';

/** Cluster-scoped kinds of the built-in API groups; every other kind of these groups is namespaced. */
const BUILTIN_CLUSTER_SCOPED: Record<string, readonly string[]> = {
  '': ['Namespace', 'Node', 'PersistentVolume', 'ComponentStatus'],
  'admissionregistration.k8s.io': [
    'MutatingWebhookConfiguration',
    'ValidatingWebhookConfiguration',
    'ValidatingAdmissionPolicy',
    'ValidatingAdmissionPolicyBinding',
    'MutatingAdmissionPolicy',
    'MutatingAdmissionPolicyBinding',
  ],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'ClusterTrustBundle'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
  'networking.k8s.io': ['IngressClass', 'IPAddress', 'ServiceCIDR'],
  'node.k8s.io': ['RuntimeClass'],
  'rbac.authorization.k8s.io': ['ClusterRole', 'ClusterRoleBinding'],
  'resource.k8s.io': ['DeviceClass', 'ResourceSlice', 'DeviceTaintRule'],
  'scheduling.k8s.io': ['PriorityClass'],
  'storage.k8s.io': ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'VolumeAttributesClass'],
  'storagemigration.k8s.io': ['StorageVersionMigration'],
  apps: [],
  autoscaling: [],
  batch: [],
  policy: [],
  'coordination.k8s.io': [],
  'discovery.k8s.io': [],
  'events.k8s.io': [],
};

/**
 * Kinds whose CRDs no chart renders: Argo CD's own (installed before any bootstrap file is
 * applied) and Cilium's (its operator registers them when it starts).
 */
const RUNTIME_CRDS: Record<string, Record<string, boolean>> = {
  'argoproj.io': { Application: true, ApplicationSet: true, AppProject: true },
  'cilium.io': {
    CiliumNetworkPolicy: true,
    CiliumEndpoint: true,
    CiliumEnvoyConfig: true,
    CiliumLocalRedirectPolicy: true,
    CiliumNodeConfig: true,
    CiliumEndpointSlice: false,
    CiliumClusterwideNetworkPolicy: false,
    CiliumClusterwideEnvoyConfig: false,
    CiliumNode: false,
    CiliumIdentity: false,
    CiliumExternalWorkload: false,
    CiliumEgressGatewayPolicy: false,
    CiliumLoadBalancerIPPool: false,
    CiliumPodIPPool: false,
    CiliumCIDRGroup: false,
    CiliumL2AnnouncementPolicy: false,
    CiliumBGPClusterConfig: false,
    CiliumBGPPeerConfig: false,
    CiliumBGPAdvertisement: false,
    CiliumBGPNodeConfig: false,
    CiliumBGPNodeConfigOverride: false,
  },
};

export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** The fields of a CRD (and of a Gatekeeper ConstraintTemplate) that say which kind it defines. */
interface CustomKindSpec {
  group?: string;
  scope?: string;
  names?: { kind?: string };
  crd?: { spec?: { names?: { kind?: string } } };
}

const crdCache = new WeakMap<RenderedCluster, Map<string, boolean>>();

/**
 * The custom kinds a cluster's renders define: CRDs (`spec.scope`), and the constraint kinds
 * Gatekeeper creates from each ConstraintTemplate (always cluster-scoped).
 */
function renderedKinds(cluster: RenderedCluster): Map<string, boolean> {
  let out = crdCache.get(cluster);
  if (out) return out;
  out = new Map();
  for (const src of cluster.sources)
    for (const o of src.objects as (K8sObject & { spec?: CustomKindSpec })[]) {
      if (o.kind === 'CustomResourceDefinition' && o.spec?.group && o.spec?.names?.kind)
        out.set(`${o.spec.group}/${o.spec.names.kind}`, o.spec.scope !== 'Cluster');
      if (o.kind === 'ConstraintTemplate' && o.spec?.crd?.spec?.names?.kind)
        out.set(`constraints.gatekeeper.sh/${o.spec.crd.spec.names.kind}`, false);
    }
  crdCache.set(cluster, out);
  return out;
}

/**
 * Whether objects of a kind live in a namespace: built-in kinds from the table above, custom
 * kinds from what the cluster's renders define. Undefined when nothing defines the kind.
 */
export function isNamespaced(
  apiVersion: string,
  kind: string,
  cluster?: RenderedCluster,
): boolean | undefined {
  const group = groupOf(apiVersion);
  const builtin = BUILTIN_CLUSTER_SCOPED[group];
  if (builtin) return !builtin.includes(kind);
  const rendered = cluster ? renderedKinds(cluster).get(`${group}/${kind}`) : undefined;
  return rendered ?? RUNTIME_CRDS[group]?.[kind];
}
