import type { Issue } from '@platform/errors';
import type { RenderedCluster, RenderedFleet } from '@platform/hydrate';
import { generatedApplications } from './applications.ts';
import { clusterObjects, objectIssue } from './objects.ts';
import { type PodSecurityLevel, podSecurityViolations } from './pod-security-standards.ts';
import { effectiveNamespace } from './scopes.ts';
import type { FleetCheck } from './types.ts';
import { podTemplateOf } from './workloads.ts';

export const ENFORCE_LABEL = 'pod-security.kubernetes.io/enforce';
const STRICTNESS: Record<string, number> = { privileged: 0, baseline: 1, restricted: 2 };

/** Where a namespace's enforced level comes from, for the message. */
interface NamespaceLevel {
  level: PodSecurityLevel;
  from: string;
}

/**
 * Every pod template (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob) in a
 * namespace labelled `pod-security.kubernetes.io/enforce: baseline` or `restricted` passes that
 * level, as the PodSecurity admission plugin will check the pods the controllers create. The
 * labels come from the Namespace objects the cluster renders and from the Applications'
 * `managedNamespaceMetadata` (the stricter wins when both set one).
 */
export const podSecurityCheck: FleetCheck = (fleet) => fleet.clusters.flatMap((c) => checkCluster(fleet, c));

function checkCluster(fleet: RenderedFleet, cluster: RenderedCluster): Issue[] {
  const levels = namespaceLevels(fleet, cluster);
  const issues: Issue[] = [];
  for (const site of clusterObjects(cluster)) {
    const template = podTemplateOf(site.object);
    if (template === undefined) continue;
    const namespace = effectiveNamespace(site.object, site.source.namespace, cluster);
    const enforced = namespace === undefined ? undefined : levels.get(namespace);
    if (enforced === undefined) continue;
    for (const finding of podSecurityViolations(template, enforced.level)) {
      issues.push(
        objectIssue(site, namespace, {
          ...finding,
          message: `${finding.message} (namespace ${namespace} enforces ${enforced.level}, set by ${enforced.from})`,
        }),
      );
    }
  }
  return issues;
}

function namespaceLevels(fleet: RenderedFleet, cluster: RenderedCluster): Map<string, NamespaceLevel> {
  const levels = new Map<string, NamespaceLevel>();
  const offer = (namespace: string, value: unknown, from: string) => {
    if (value !== 'baseline' && value !== 'restricted') return;
    const current = levels.get(namespace);
    if (current === undefined || (STRICTNESS[value] ?? 0) > (STRICTNESS[current.level] ?? 0)) {
      levels.set(namespace, { level: value, from });
    }
  };
  for (const { object, source } of clusterObjects(cluster)) {
    if (object.apiVersion === 'v1' && object.kind === 'Namespace' && object.metadata?.name) {
      offer(
        object.metadata.name,
        object.metadata.labels?.[ENFORCE_LABEL],
        `the Namespace rendered by ${source.component}`,
      );
    }
  }
  for (const app of generatedApplications(fleet, cluster.cluster).values()) {
    offer(
      app.namespace,
      app.managedNamespaceMetadata?.labels?.[ENFORCE_LABEL],
      `managedNamespaceMetadata of ${app.component} in ${app.file}`,
    );
  }
  return levels;
}
