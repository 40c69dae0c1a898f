import type { Issue } from '@platform/errors';
import type { K8sObject, RenderedCluster, RenderedFleet } from '@platform/hydrate';
import { GATOR_VERSION, type GatorViolation, gatorTest, type KubeObject, splitPolicies } from './gator.ts';

/** Built-in kinds without a namespace (everything else built in is namespaced). */
const CLUSTER_SCOPED = new Set([
  'APIService',
  'CertificateSigningRequest',
  'ClusterRole',
  'ClusterRoleBinding',
  'ClusterTrustBundle',
  'ComponentStatus',
  'CSIDriver',
  'CSINode',
  'CustomResourceDefinition',
  'DeviceClass',
  'FlowSchema',
  'IngressClass',
  'IPAddress',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionPolicyBinding',
  'MutatingWebhookConfiguration',
  'Namespace',
  'Node',
  'PersistentVolume',
  'PriorityClass',
  'PriorityLevelConfiguration',
  'RuntimeClass',
  'SelfSubjectAccessReview',
  'ServiceCIDR',
  'StorageClass',
  'StorageVersionMigration',
  'TokenReview',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'ValidatingWebhookConfiguration',
  'VolumeAttachment',
  'VolumeAttributesClass',
]);

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? (apiVersion.split('/')[0] ?? '') : '');

/** `group/Kind` of every kind the cluster's rendered CRDs declare cluster-scoped. */
function clusterScopedCustomKinds(cluster: RenderedCluster): Set<string> {
  const out = new Set<string>();
  for (const s of cluster.sources) {
    for (const o of s.objects) {
      if (o.kind !== 'CustomResourceDefinition') continue;
      const spec = o.spec as { group?: string; scope?: string; names?: { kind?: string } } | undefined;
      if (spec?.scope === 'Cluster' && spec.group && spec.names?.kind)
        out.add(`${spec.group}/${spec.names.kind}`);
    }
  }
  return out;
}

/** `kube-*`, `*-system`, or an exact name, as Gatekeeper's Config matches namespaces. */
function matchesNamespace(pattern: string, ns: string): boolean {
  if (pattern.endsWith('*')) return ns.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return ns.endsWith(pattern.slice(1));
  return pattern === ns;
}

/** Namespaces Gatekeeper's Config excludes from admission (`processes` `*` or `webhook`). */
function configExcludedNamespaces(objects: readonly K8sObject[]): string[] {
  const out: string[] = [];
  for (const o of objects) {
    if (groupOf(o.apiVersion) !== 'config.gatekeeper.sh' || o.kind !== 'Config') continue;
    const match =
      (o.spec as { match?: { excludedNamespaces?: string[]; processes?: string[] }[] } | undefined)?.match ??
      [];
    for (const m of match) {
      if ((m.processes ?? []).some((p) => p === '*' || p === 'webhook'))
        out.push(...(m.excludedNamespaces ?? []));
    }
  }
  return out;
}

export interface GatorFleetOptions {
  /** Enforcement actions reported as issues (default: `deny`, what refuses the object at admission). */
  actions?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/** Every violation of one cluster, with the component that renders the violating object. */
export async function gatorCluster(
  cluster: RenderedCluster,
  env?: NodeJS.ProcessEnv,
): Promise<(GatorViolation & { component: string; valuesFile: string })[]> {
  const customClusterScoped = clusterScopedCustomKinds(cluster);
  const all = cluster.sources.flatMap((s) => s.objects);
  const excluded = configExcludedNamespaces(all);
  const { templates, constraints } = splitPolicies(all);
  if (constraints.length === 0) return [];

  // The object as the cluster stores it: namespaced objects without a namespace land in the
  // Application's destination namespace, as Argo CD applies them.
  const owner = new Map<string, { component: string; valuesFile: string }>();
  const objects: KubeObject[] = [];
  for (const s of cluster.sources) {
    for (const o of splitPolicies(s.objects).objects) {
      const clusterScoped =
        CLUSTER_SCOPED.has(o.kind) || customClusterScoped.has(`${groupOf(o.apiVersion)}/${o.kind}`);
      const namespace = clusterScoped ? undefined : (o.metadata?.namespace ?? s.namespace);
      if (namespace !== undefined && excluded.some((p) => matchesNamespace(p, namespace))) continue;
      if (
        clusterScoped &&
        o.kind === 'Namespace' &&
        excluded.some((p) => matchesNamespace(p, o.metadata?.name ?? ''))
      ) {
        continue;
      }
      const { namespace: _ignored, ...meta } = o.metadata ?? {};
      const stored = {
        ...o,
        metadata: namespace === undefined ? meta : { ...meta, namespace },
      } as KubeObject;
      objects.push(stored);
      const ref = `${stored.apiVersion} ${stored.kind} ${namespace ? `${namespace}/` : ''}${stored.metadata?.name ?? '<no name>'}`;
      if (!owner.has(ref)) owner.set(ref, { component: s.component, valuesFile: s.valuesFile });
    }
  }
  const violations = await gatorTest({ templates, constraints, objects }, env);
  return violations.map((v) => ({ ...v, ...(owner.get(v.ref) ?? { component: '?', valuesFile: '' }) }));
}

/**
 * Evaluates every Gatekeeper constraint rendered for a cluster against every object the cluster
 * renders (upstream charts included) with Gatekeeper's own gator, and reports the violations
 * whose enforcement action is in `actions` (default `deny`: Argo CD's sync would be refused).
 * Namespaces that the rendered Gatekeeper Config excludes are left out, as Gatekeeper does.
 */
export async function gatorFleet(fleet: RenderedFleet, options: GatorFleetOptions = {}): Promise<Issue[]> {
  const actions = new Set(options.actions ?? ['deny']);
  const issues: Issue[] = [];
  for (const cluster of fleet.clusters) {
    for (const v of await gatorCluster(cluster, options.env)) {
      const effective = v.scopedEnforcementActions?.length
        ? v.scopedEnforcementActions
        : [v.enforcementAction];
      if (!effective.some((a) => actions.has(a))) continue;
      issues.push({
        code: `gatekeeper-${effective.includes('deny') ? 'deny' : (effective[0] ?? 'violation')}`,
        ...(v.valuesFile ? { file: v.valuesFile } : {}),
        cluster: cluster.cluster,
        component: v.component,
        object: v.ref,
        message: `Gatekeeper ${v.constraintKind} ${v.constraintName} (${effective.join(', ')}) ${
          effective.includes('deny') ? 'refuses' : 'flags'
        } it: ${v.message}`,
        hint: `Evaluated with gator ${GATOR_VERSION} against the constraints this cluster renders.`,
      });
    }
  }
  return issues;
}
