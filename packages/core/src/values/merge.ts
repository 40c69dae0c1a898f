import type { Values } from '../contract/component.ts';
import type { LayerSource, ProvenanceMap } from './provenance.ts';

/** True for a plain object (not an array, not null). */
export function isPlainObject(v: unknown): v is Values {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Dotted path segment: `a.b`, or `a["x.y"]` when the key has dots or is not an identifier. */
export function joinPath(parent: string, key: string): string {
  const seg = /^[A-Za-z_$][\w$-]*$/.test(key) ? key : JSON.stringify(key);
  if (!parent) return seg.startsWith('"') ? `[${seg}]` : seg;
  return seg.startsWith('"') ? `${parent}[${seg}]` : `${parent}.${seg}`;
}

function clone<T>(v: T): T {
  return v === undefined ? v : (structuredClone(v) as T);
}

function recordLeaves(value: unknown, path: string, src: LayerSource, prov: ProvenanceMap): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value)) recordLeaves(v, joinPath(path, k), src, prov);
    return;
  }
  const entry: LayerSource = { layer: src.layer, source: src.source, value: clone(value) };
  const chain = prov.get(path);
  if (chain) chain.push(entry);
  else prov.set(path, [entry]);
}

function dropBelow(path: string, prov: ProvenanceMap): LayerSource[] {
  const removed: LayerSource[] = [];
  for (const key of [...prov.keys()]) {
    if (key.startsWith(`${path}.`) || key.startsWith(`${path}[`)) {
      removed.push(...(prov.get(key) ?? []));
      prov.delete(key);
    }
  }
  return removed;
}

/**
 * Deep-merges `overlay` into `base` in place (objects merge, arrays and scalars replace) and
 * records, for every leaf the overlay sets, that `src` set it. `null` in an overlay deletes the key.
 */
export function mergeWithProvenance(
  base: Values,
  overlay: Values,
  src: LayerSource,
  prov: ProvenanceMap,
  path = '',
): Values {
  for (const [key, value] of Object.entries(overlay)) {
    const p = joinPath(path, key);
    if (value === undefined) continue;
    if (value === null) {
      delete base[key];
      dropBelow(p, prov);
      prov.delete(p);
      continue;
    }
    const current = base[key];
    if (isPlainObject(value) && isPlainObject(current)) {
      mergeWithProvenance(current, value, src, prov, p);
      continue;
    }
    if (isPlainObject(current) || prov.has(p)) {
      // A subtree replaced by a scalar/array (or a leaf overwritten): keep the history chain.
      const history = [...dropBelow(p, prov), ...(prov.get(p) ?? [])];
      prov.set(p, history);
    }
    base[key] = clone(value);
    recordLeaves(value, p, src, prov);
  }
  return base;
}

/** Reads a dotted path (as produced by joinPath) from a values object. */
export function getPath(values: unknown, path: string): unknown {
  const segs = splitPath(path);
  let cur: unknown = values;
  for (const s of segs) {
    if (isPlainObject(cur)) cur = cur[s];
    else if (Array.isArray(cur) && /^\d+$/.test(s)) cur = cur[Number(s)];
    else return undefined;
  }
  return cur;
}

/** Splits `a.b["c.d"][0]` into `['a', 'b', 'c.d', '0']`. */
export function splitPath(path: string): string[] {
  const out: string[] = [];
  const re = /([^.[\]]+)|\[("(?:[^"\\]|\\.)*"|\d+)\]/g;
  for (const m of path.matchAll(re)) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2]);
  }
  return out;
}
