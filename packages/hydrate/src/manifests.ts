import { PlatformError } from '@platform/errors';
import { parseAllDocuments, stringify } from 'yaml';
import type { K8sObject } from './types.ts';

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Install-relevant rank: CRDs and Namespaces first (what the rest needs), then everything else. */
function rank(o: K8sObject): number {
  if (o.kind === 'CustomResourceDefinition') return 0;
  if (o.kind === 'Namespace') return 1;
  return 2;
}

/** `apps/v1 Deployment ns/name` (or `... Kind name` when cluster-scoped or unset). */
export function describeObject(o: K8sObject): string {
  const ns = o.metadata?.namespace;
  return `${o.apiVersion} ${o.kind} ${ns ? `${ns}/` : ''}${o.metadata?.name ?? '<unnamed>'}`;
}

function sortKey(o: K8sObject): string {
  return [rank(o), o.apiVersion, o.kind, o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('\u0000');
}

/** Objects in the renderer's stable order (CRDs, Namespaces, then by apiVersion, kind, namespace, name). */
export function sortObjects(objects: readonly K8sObject[]): K8sObject[] {
  return [...objects].sort((a, b) => {
    const ka = sortKey(a);
    const kb = sortKey(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/**
 * The objects of `helm template` output: empty documents dropped, `List` kinds flattened. A
 * document that is not a Kubernetes object (no apiVersion/kind/metadata.name) is an error,
 * as it would be for Argo CD.
 */
export function parseRendered(text: string, where: string): K8sObject[] {
  const out: K8sObject[] = [];
  const add = (v: unknown, i: number) => {
    if (v === null || v === undefined) return;
    if (!isObj(v) || typeof v.apiVersion !== 'string' || typeof v.kind !== 'string') {
      throw new PlatformError(`${where}: document ${i + 1} is not a Kubernetes object (no apiVersion/kind)`);
    }
    if (v.kind.endsWith('List') && Array.isArray(v.items)) {
      for (const item of v.items) add(item, i);
      return;
    }
    if (!isObj(v.metadata)) v.metadata = {};
    out.push(v as K8sObject);
  };
  for (const [i, doc] of parseAllDocuments(text).entries()) {
    if (doc.errors.length > 0) {
      throw new PlatformError(`${where}: document ${i + 1} is not valid YAML: ${doc.errors[0]?.message}`);
    }
    add(doc.toJS({ maxAliasCount: 1000 }), i);
  }
  return out;
}

/** The objects as one multi-document YAML file (keys in rendered order). */
export function objectsToYaml(objects: readonly K8sObject[]): string {
  return objects.map((o) => `---\n${stringify(o, { lineWidth: 0 })}`).join('');
}

/** The API versions served by the CRDs among these objects: `group/version` and `group/version/Kind`. */
export function crdApiVersions(objects: Iterable<K8sObject>): string[] {
  const out = new Set<string>();
  for (const o of objects) {
    if (o.kind !== 'CustomResourceDefinition') continue;
    const spec = (
      o as {
        spec?: {
          group?: string;
          names?: { kind?: string };
          versions?: { name?: string; served?: boolean }[];
        };
      }
    ).spec;
    for (const v of spec?.versions ?? []) {
      if (v.served === false || !spec?.group || !v.name) continue;
      out.add(`${spec.group}/${v.name}`);
      if (spec.names?.kind) out.add(`${spec.group}/${v.name}/${spec.names.kind}`);
    }
  }
  return [...out].sort();
}
