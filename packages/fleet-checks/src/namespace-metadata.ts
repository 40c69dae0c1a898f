import type { Issue } from '@platform/errors';
import type { RenderedCluster, RenderedFleet } from '@platform/hydrate';
import { generatedApplications } from './applications.ts';
import { clusterObjects, isRecord, objectIssue } from './objects.ts';
import { ENFORCE_LABEL } from './pod-security.ts';
import { effectiveNamespace } from './scopes.ts';
import type { FleetCheck } from './types.ts';
import { podTemplateOf } from './workloads.ts';

/** Namespaces every cluster has before Argo CD syncs anything (nobody creates or labels them). */
const PREEXISTING = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/** The kinds of workloads whose pods OpenCost attributes cost to by pod label. */
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * The labels the cluster's K8sRequiredLabels constraints ask for, whatever their enforcement
 * action and exclusions: the cost labels every namespace and pod carries for attribution
 * (docs/decisions.md#managed-namespaces).
 */
function requiredLabels(cluster: RenderedCluster): string[] {
  const out = new Set<string>();
  for (const { object } of clusterObjects(cluster)) {
    if (
      object.kind !== 'K8sRequiredLabels' ||
      !String(object.apiVersion).startsWith('constraints.gatekeeper.sh/')
    )
      continue;
    const parameters = (object.spec as { parameters?: { labels?: unknown } } | undefined)?.parameters;
    for (const l of Array.isArray(parameters?.labels) ? parameters.labels : [])
      out.add(isRecord(l) ? String(l.key) : String(l));
  }
  return [...out].sort();
}

const missing = (labels: Readonly<Record<string, string>> | undefined, required: readonly string[]) =>
  required.filter((l) => !(typeof labels?.[l] === 'string' && labels[l] !== ''));

/**
 * Namespaces and pods carry what admission and cost attribution read:
 * - a namespace Argo CD creates (`CreateNamespace=true`) because no source of the cluster renders
 *   it gets its Pod Security level and the required labels from the Application's
 *   `managedNamespaceMetadata`, else it is created bare (no Pod Security, no cost labels);
 * - the pod template of every Deployment, StatefulSet and DaemonSet outside kube-system carries
 *   the labels Gatekeeper requires on the workload (OpenCost aggregates by pod label).
 */
export const namespaceMetadataCheck: FleetCheck = (fleet) =>
  fleet.clusters.flatMap((c) => checkCluster(fleet, c));

function checkCluster(fleet: RenderedFleet, cluster: RenderedCluster): Issue[] {
  const required = requiredLabels(cluster);
  const issues: Issue[] = [];
  const rendered = new Set<string>();
  for (const { object } of clusterObjects(cluster))
    if (object.apiVersion === 'v1' && object.kind === 'Namespace' && object.metadata?.name)
      rendered.add(object.metadata.name);
  for (const app of generatedApplications(fleet, cluster.cluster).values()) {
    if (!app.syncOptions.includes('CreateNamespace=true')) continue;
    if (rendered.has(app.namespace) || PREEXISTING.has(app.namespace)) continue;
    const labels = app.managedNamespaceMetadata?.labels;
    const lacking = [...(labels?.[ENFORCE_LABEL] ? [] : [ENFORCE_LABEL]), ...missing(labels, required)];
    if (lacking.length === 0) continue;
    issues.push({
      code: 'namespace-metadata',
      file: app.file,
      cluster: cluster.cluster,
      component: app.component,
      object: `v1 Namespace ${app.namespace}`,
      path: 'spec.template.spec.syncPolicy.managedNamespaceMetadata.labels',
      message: `Argo CD creates namespace ${app.namespace} (CreateNamespace=true, no source renders it) without the labels ${lacking.join(', ')}`,
      expected: `labels ${[ENFORCE_LABEL, ...required].join(', ')}`,
      found: JSON.stringify(labels ?? {}),
      hint: 'Declare sync.managedNamespaceMetadata on the component, or render the Namespace (platform-baseline).',
    });
  }
  if (required.length === 0) return issues;
  for (const site of clusterObjects(cluster)) {
    if (!WORKLOAD_KINDS.has(site.object.kind)) continue;
    const namespace = effectiveNamespace(site.object, site.source.namespace, cluster);
    if (namespace === undefined || PREEXISTING.has(namespace)) continue;
    const template = podTemplateOf(site.object);
    if (template === undefined) continue;
    const labels = template.labels as Record<string, string>;
    const lacking = missing(labels, required);
    if (lacking.length === 0) continue;
    issues.push(
      objectIssue(site, namespace, {
        code: 'pod-cost-labels',
        message: `the pods of this ${site.object.kind} lack the cost labels ${lacking.join(', ')} (OpenCost attributes cost by pod label)`,
        path: 'spec.template.metadata.labels',
        expected: `the labels ${required.join(', ')}`,
        found: JSON.stringify(labels),
        hint: "Set them through the chart's own pod label values (see the component's values).",
      }),
    );
  }
  return issues;
}
