import type { K8sObject, RenderedFleet } from '@platform/hydrate';
import { describeObject } from '@platform/hydrate';

/** One changed leaf of an object: its dotted path, the value before and after (undefined = absent). */
export interface FieldChange {
  path: string;
  before?: unknown;
  after?: unknown;
}

export interface ObjectChange {
  cluster: string;
  component: string;
  source: string;
  /** `apps/v1 Deployment kube-system/cilium-operator` */
  object: string;
  change: 'added' | 'removed' | 'changed';
  fields: FieldChange[];
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function segment(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  const k = /^[A-Za-z_][\w-]*$/.test(key) ? key : JSON.stringify(key);
  return path ? `${path}.${k}` : k;
}

/** The leaves that differ between two values, as dotted paths (arrays by index). */
export function fieldChanges(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => fieldChanges(before[k], after[k], segment(path, k)));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => fieldChanges(before[i], after[i], segment(path, i))).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  return [{ path, ...(before === undefined ? {} : { before }), ...(after === undefined ? {} : { after }) }];
}

function index(
  fleet: RenderedFleet,
): Map<string, { cluster: string; component: string; source: string; object: K8sObject }> {
  const out = new Map<string, { cluster: string; component: string; source: string; object: K8sObject }>();
  for (const c of fleet.clusters) {
    for (const s of c.sources) {
      for (const o of s.objects) {
        out.set([c.cluster, s.component, s.source, describeObject(o)].join('\u0000'), {
          cluster: c.cluster,
          component: s.component,
          source: s.source,
          object: o,
        });
      }
    }
  }
  return out;
}

/** Object-level changes between two renders of the fleet, in cluster, component, source, object order. */
export function diffRendered(before: RenderedFleet, after: RenderedFleet): ObjectChange[] {
  const a = index(before);
  const b = index(after);
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  const out: ObjectChange[] = [];
  for (const k of keys) {
    const x = a.get(k);
    const y = b.get(k);
    const where = (y ?? x)!;
    const base = {
      cluster: where.cluster,
      component: where.component,
      source: where.source,
      object: describeObject(where.object),
    };
    if (!x) out.push({ ...base, change: 'added', fields: [] });
    else if (!y) out.push({ ...base, change: 'removed', fields: [] });
    else {
      const fields = fieldChanges(x.object, y.object);
      if (fields.length > 0) out.push({ ...base, change: 'changed', fields });
    }
  }
  return out;
}

const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
};

/** The changes for a reviewer: grouped by cluster and component, `+`/`-`/`~` per object, the changed fields under it. */
export function formatRenderedDiff(changes: readonly ObjectChange[]): string {
  if (changes.length === 0) return 'no change in the rendered objects';
  const lines: string[] = [];
  let group = '';
  for (const c of changes) {
    const g = `${c.cluster} / ${c.component}`;
    if (g !== group) {
      lines.push(`${lines.length ? '\n' : ''}${g}`);
      group = g;
    }
    const mark = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~';
    lines.push(`  ${mark} ${c.object}  (${c.source})`);
    for (const f of c.fields) {
      const before = 'before' in f ? show(f.before) : '(absent)';
      const after = 'after' in f ? show(f.after) : '(absent)';
      lines.push(`      ${f.path}: ${before} -> ${after}`);
    }
  }
  const count = (k: ObjectChange['change']) => changes.filter((c) => c.change === k).length;
  lines.push(`\n${count('added')} added, ${count('changed')} changed, ${count('removed')} removed object(s)`);
  return lines.join('\n');
}
