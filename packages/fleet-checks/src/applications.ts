import type { RenderedFleet } from '@platform/hydrate';
import { parseAllDocuments } from 'yaml';
import { isRecord, record } from './objects.ts';

/** What the generated tree says about one component's Application on one cluster. */
export interface GeneratedApplication {
  component: string;
  /** Destination namespace. */
  namespace: string;
  syncOptions: string[];
  /** `syncPolicy.managedNamespaceMetadata` (labels and annotations of the destination namespace). */
  managedNamespaceMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  /** The file it was read from. */
  file: string;
}

const cache = new WeakMap<RenderedFleet, Map<string, Map<string, GeneratedApplication>>>();

/**
 * The generated Applications of a cluster, keyed by component, read from the ApplicationSet
 * in `clusters/<cluster>/apps/` of the generated tree (its list generator elements, with the
 * template's sync policy as the default). Empty when the tree has none.
 */
export function generatedApplications(
  fleet: RenderedFleet,
  cluster: string,
): ReadonlyMap<string, GeneratedApplication> {
  let byCluster = cache.get(fleet);
  if (byCluster === undefined) {
    byCluster = new Map();
    cache.set(fleet, byCluster);
  }
  let apps = byCluster.get(cluster);
  if (apps === undefined) {
    apps = readApplications(fleet, cluster);
    byCluster.set(cluster, apps);
  }
  return apps;
}

function readApplications(fleet: RenderedFleet, cluster: string): Map<string, GeneratedApplication> {
  const apps = new Map<string, GeneratedApplication>();
  const prefix = `clusters/${cluster}/apps/`;
  for (const [file, text] of [...fleet.files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!file.startsWith(prefix) || !/\.ya?ml$/.test(file)) continue;
    for (const doc of parseAllDocuments(text)) {
      const appSet = doc.toJS() as unknown;
      if (!isRecord(appSet) || appSet.kind !== 'ApplicationSet') continue;
      const spec = record(appSet.spec);
      const templateSync = record(record(record(spec.template).spec).syncPolicy);
      for (const generator of Array.isArray(spec.generators) ? spec.generators : []) {
        const elements = record(record(generator).list).elements;
        for (const element of Array.isArray(elements) ? elements.filter(isRecord) : []) {
          if (typeof element.component !== 'string') continue;
          const sync = { ...templateSync, ...record(element.syncPolicy) };
          const options = Array.isArray(sync.syncOptions) ? sync.syncOptions.map(String) : [];
          const managed = isRecord(sync.managedNamespaceMetadata) ? sync.managedNamespaceMetadata : undefined;
          apps.set(element.component, {
            component: element.component,
            namespace: String(element.namespace ?? ''),
            syncOptions: options,
            ...(managed
              ? {
                  managedNamespaceMetadata: {
                    labels: stringMap(managed.labels),
                    annotations: stringMap(managed.annotations),
                  },
                }
              : {}),
            file,
          });
        }
      }
    }
  }
  return apps;
}

function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).map(([k, v]) => [k, String(v)]));
}
