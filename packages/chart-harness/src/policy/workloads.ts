import { isRecord, type PathSegment } from '../object-path.ts';

/** Where a workload keeps its pod: template labels and pod spec, with their paths. */
export interface PodTemplate {
  labelsPath: PathSegment[];
  labels: unknown;
  specPath: PathSegment[];
  spec: Record<string, unknown>;
}

/** One container of a pod spec and where it sits. */
export interface ContainerRef {
  list: 'containers' | 'initContainers' | 'ephemeralContainers';
  path: PathSegment[];
  container: Record<string, unknown>;
}

const WORKLOADS: Record<string, readonly string[]> = {
  apps: ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'],
  batch: ['Job', 'CronJob'],
  '': ['Pod'],
};

/**
 * True for the workload kinds the policies cover: Deployment, StatefulSet, DaemonSet,
 * ReplicaSet, Job, CronJob and Pod.
 */
export function isWorkload(manifest: Record<string, unknown>): boolean {
  const apiVersion = String(manifest.apiVersion);
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '';
  return WORKLOADS[group]?.includes(String(manifest.kind)) ?? false;
}

/** The pod template of a workload (a Pod is its own template), or undefined when it has none. */
export function podTemplateOf(manifest: Record<string, unknown>): PodTemplate | undefined {
  if (!isWorkload(manifest)) return undefined;
  const templatePath: PathSegment[] =
    manifest.kind === 'Pod'
      ? []
      : manifest.kind === 'CronJob'
        ? ['spec', 'jobTemplate', 'spec', 'template']
        : ['spec', 'template'];
  let template: unknown = manifest;
  for (const segment of templatePath) template = isRecord(template) ? template[segment] : undefined;
  if (!isRecord(template)) return undefined;
  const metadata = isRecord(template.metadata) ? template.metadata : {};
  return {
    labelsPath: [...templatePath, 'metadata', 'labels'],
    labels: metadata.labels,
    specPath: [...templatePath, 'spec'],
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
