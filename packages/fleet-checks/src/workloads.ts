import type { K8sObject } from '@platform/hydrate';
import { isRecord, type PathSegment } from './objects.ts';

/** Where a workload keeps its pod: template metadata and spec, with their paths. */
export interface PodTemplate {
  /** Path of the template (`spec.template`, `spec.jobTemplate.spec.template`, `` for a Pod). */
  path: PathSegment[];
  labels: Record<string, unknown>;
  specPath: PathSegment[];
  spec: Record<string, unknown>;
}

/** One container of a pod spec and where it sits. */
export interface ContainerRef {
  list: 'containers' | 'initContainers' | 'ephemeralContainers';
  path: PathSegment[];
  container: Record<string, unknown>;
}

const TEMPLATE_PATHS: Record<string, PathSegment[]> = {
  'v1/Pod': [],
  'v1/ReplicationController': ['spec', 'template'],
  'apps/v1/Deployment': ['spec', 'template'],
  'apps/v1/StatefulSet': ['spec', 'template'],
  'apps/v1/DaemonSet': ['spec', 'template'],
  'apps/v1/ReplicaSet': ['spec', 'template'],
  'batch/v1/Job': ['spec', 'template'],
  'batch/v1/CronJob': ['spec', 'jobTemplate', 'spec', 'template'],
};

/** The pod template of a workload (a Pod is its own), or undefined for other kinds. */
export function podTemplateOf(object: K8sObject): PodTemplate | undefined {
  const path = TEMPLATE_PATHS[`${object.apiVersion}/${object.kind}`];
  if (path === undefined) return undefined;
  let template: unknown = object;
  for (const segment of path) template = isRecord(template) ? template[segment as string] : undefined;
  if (!isRecord(template)) return undefined;
  const metadata = isRecord(template.metadata) ? template.metadata : {};
  return {
    path,
    labels: isRecord(metadata.labels) ? metadata.labels : {},
    specPath: [...path, 'spec'],
    spec: isRecord(template.spec) ? template.spec : {},
  };
}

/** Every container, init container and ephemeral container of a pod spec. */
export function containersOf(template: PodTemplate): ContainerRef[] {
  const refs: ContainerRef[] = [];
  for (const list of ['containers', 'initContainers', 'ephemeralContainers'] as const) {
    const items = template.spec[list];
    if (!Array.isArray(items)) continue;
    items.forEach((container, i) => {
      if (isRecord(container)) refs.push({ list, path: [...template.specPath, list, i], container });
    });
  }
  return refs;
}
