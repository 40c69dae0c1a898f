import type { RenderedCluster, RenderedSource } from '@platform/hydrate';
import { isRecord, record } from './objects.ts';

/** One version of a CRD the cluster installs. */
export interface CrdVersion {
  name: string;
  served: boolean;
  /** The version's openAPIV3Schema; undefined when the CRD is created at runtime without one we know. */
  schema: unknown;
}

/** A CustomResourceDefinition rendered for a cluster, reduced to what the checks need. */
export interface InstalledCrd {
  name: string;
  group: string;
  kind: string;
  namespaced: boolean;
  versions: CrdVersion[];
  /** Who renders it. */
  component: string;
  source: RenderedSource;
}

const cache = new WeakMap<RenderedCluster, ReadonlyMap<string, InstalledCrd>>();

/** The CRDs the cluster's own renders install, keyed `group/Kind` (first render wins). */
export function installedCrds(cluster: RenderedCluster): ReadonlyMap<string, InstalledCrd> {
  const known = cache.get(cluster);
  if (known !== undefined) return known;
  const crds = new Map<string, InstalledCrd>();
  for (const source of cluster.sources) {
    for (const object of source.objects) {
      if (
        object.kind !== 'CustomResourceDefinition' ||
        !String(object.apiVersion).startsWith('apiextensions.k8s.io/')
      )
        continue;
      const spec = record(object.spec);
      const group = String(spec.group ?? '');
      const kind = String(record(spec.names).kind ?? '');
      if (!group || !kind || crds.has(`${group}/${kind}`)) continue;
      const versions = (Array.isArray(spec.versions) ? spec.versions : []).filter(isRecord).map(
        (v): CrdVersion => ({
          name: String(v.name),
          served: v.served !== false,
          schema: record(v.schema).openAPIV3Schema,
        }),
      );
      crds.set(`${group}/${kind}`, {
        name: object.metadata?.name ?? `${record(spec.names).plural}.${group}`,
        group,
        kind,
        namespaced: spec.scope !== 'Cluster',
        versions,
        component: source.component,
        source,
      });
    }
  }
  for (const crd of runtimeCrds(cluster))
    if (!crds.has(`${crd.group}/${crd.kind}`)) crds.set(`${crd.group}/${crd.kind}`, crd);
  cache.set(cluster, crds);
  return crds;
}

/**
 * CRDs no chart renders because a controller creates them when it starts: Gatekeeper creates one
 * per ConstraintTemplate (kind from `spec.crd.spec.names.kind`, parameters from its schema), and
 * the Cilium operator registers the `cilium.io` CRDs (their schemas are not in the chart, so
 * those custom resources are accepted without a schema here).
 */
function runtimeCrds(cluster: RenderedCluster): InstalledCrd[] {
  const out: InstalledCrd[] = [];
  for (const source of cluster.sources) {
    if (source.chart === 'cilium') {
      for (const kind of CILIUM_KINDS) {
        out.push({
          name: `${kind.toLowerCase()}s.cilium.io`,
          group: 'cilium.io',
          kind,
          namespaced: !kind.startsWith('CiliumClusterwide') && !CILIUM_CLUSTER_SCOPED.has(kind),
          versions: ['v2', 'v2alpha1'].map((name) => ({ name, served: true, schema: undefined })),
          component: source.component,
          source,
        });
      }
    }
    for (const object of source.objects) {
      if (
        object.kind !== 'ConstraintTemplate' ||
        !String(object.apiVersion).startsWith('templates.gatekeeper.sh/')
      )
        continue;
      const crd = record(record(object.spec).crd).spec;
      const kind = record(record(crd).names).kind;
      if (typeof kind !== 'string') continue;
      const parameters = record(record(crd).validation).openAPIV3Schema;
      const schema = {
        type: 'object',
        properties: {
          spec: {
            type: 'object',
            properties: {
              enforcementAction: { type: 'string' },
              scopedEnforcementActions: {
                type: 'array',
                items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
              match: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              parameters: isRecord(parameters)
                ? parameters
                : { 'x-kubernetes-preserve-unknown-fields': true },
            },
          },
          status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      };
      out.push({
        name: `${kind.toLowerCase()}.constraints.gatekeeper.sh`,
        group: 'constraints.gatekeeper.sh',
        kind,
        namespaced: false,
        versions: ['v1', 'v1beta1', 'v1alpha1'].map((name) => ({ name, served: true, schema })),
        component: source.component,
        source,
      });
    }
  }
  return out;
}

const CILIUM_KINDS = [
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'CiliumEndpoint',
  'CiliumEndpointSlice',
  'CiliumIdentity',
  'CiliumNode',
  'CiliumNodeConfig',
  'CiliumExternalWorkload',
  'CiliumLocalRedirectPolicy',
  'CiliumEgressGatewayPolicy',
  'CiliumEnvoyConfig',
  'CiliumClusterwideEnvoyConfig',
  'CiliumCIDRGroup',
  'CiliumLoadBalancerIPPool',
  'CiliumL2AnnouncementPolicy',
  'CiliumPodIPPool',
  'CiliumBGPClusterConfig',
  'CiliumBGPPeerConfig',
  'CiliumBGPAdvertisement',
  'CiliumBGPNodeConfig',
  'CiliumBGPNodeConfigOverride',
];
const CILIUM_CLUSTER_SCOPED = new Set([
  'CiliumIdentity',
  'CiliumNode',
  'CiliumExternalWorkload',
  'CiliumEgressGatewayPolicy',
  'CiliumCIDRGroup',
  'CiliumLoadBalancerIPPool',
  'CiliumL2AnnouncementPolicy',
  'CiliumPodIPPool',
  'CiliumBGPClusterConfig',
  'CiliumBGPPeerConfig',
  'CiliumBGPAdvertisement',
  'CiliumBGPNodeConfig',
  'CiliumBGPNodeConfigOverride',
]);
