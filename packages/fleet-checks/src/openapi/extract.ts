import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One REST resource kind the API server serves, from the paths of the OpenAPI documents. */
export interface SpecResource {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  /** Name of its schema in `schemas`. */
  schema: string;
}

/** What the fleet checks keep of one release's OpenAPI v3 documents (`openapi.json` in the cache). */
export interface ExtractedSpec {
  /** `k8s.io/kubernetes` release, e.g. `v1.33.13`. */
  kubernetes: string;
  /** Go module checksum of that release, for provenance. */
  sum: string;
  resources: SpecResource[];
  /** Every component schema, without descriptions and client-side merge hints. */
  schemas: Record<string, unknown>;
}

type Json = Record<string, unknown>;
type Gvk = { group: string; version: string; kind: string };

const DROPPED = new Set([
  'description',
  'default',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-unions',
]);

/**
 * Reads `api/openapi-spec/v3/*.json` of a `k8s.io/kubernetes` source tree: the schemas, and
 * which group/version/kind is a resource and whether it lives in a namespace (its paths contain
 * `/namespaces/{namespace}/`).
 */
export function extractSpec(specDir: string, kubernetes: string, sum: string): ExtractedSpec {
  const schemas: Record<string, unknown> = {};
  const resources = new Map<string, SpecResource>();
  const files = readdirSync(specDir)
    .filter((f) => f.endsWith('_openapi.json'))
    .sort();
  for (const file of files) {
    const doc = JSON.parse(readFileSync(join(specDir, file), 'utf8')) as Json;
    const components = ((doc.components as Json | undefined)?.schemas ?? {}) as Json;
    const byGvk = new Map<string, string>();
    for (const [name, schema] of Object.entries(components)) {
      schemas[name] = strip(schema);
      for (const gvk of gvksOf(schema)) byGvk.set(key(gvk), name);
    }
    for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
      for (const operation of Object.values(item as Json)) {
        const gvk = (operation as Json | undefined)?.['x-kubernetes-group-version-kind'] as Gvk | undefined;
        if (gvk === undefined || typeof gvk !== 'object') continue;
        const schema = byGvk.get(key(gvk));
        if (schema === undefined || /\/\{name\}\/[a-z]+$/.test(path)) continue;
        const namespaced = path.includes('/namespaces/{namespace}/');
        const previous = resources.get(key(gvk));
        resources.set(key(gvk), {
          ...gvk,
          namespaced: namespaced || (previous?.namespaced ?? false),
          schema,
        });
      }
    }
  }
  return {
    kubernetes,
    sum,
    resources: [...resources.values()].sort((a, b) => key(a).localeCompare(key(b))),
    schemas: Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b))),
  };
}

function key(gvk: Gvk): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

function gvksOf(schema: unknown): Gvk[] {
  const list = (schema as Json | undefined)?.['x-kubernetes-group-version-kind'];
  return Array.isArray(list) ? (list as Gvk[]) : [];
}

function strip(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strip);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Json = {};
  for (const [k, v] of Object.entries(schema as Json)) {
    if (DROPPED.has(k) || k === 'x-kubernetes-group-version-kind') continue;
    out[k] =
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as Json).map(([name, child]) => [name, strip(child)]))
        : strip(v);
  }
  return out;
}
