import type { Issue } from '@platform/errors';
import { toDottedPath } from '../util/dotted-path.ts';
import { type FleetDraft, fileOf } from './fleet-draft.ts';
import type { FleetRule } from './fleet-rule.ts';
import type { ComponentOverrides } from './schema.ts';

/** Kubernetes limits all annotations of one object together (keys and values) to 256 KiB. */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;
/** Kubernetes limits a label value to 63 characters. */
export const MAX_LABEL_VALUE = 63;

/** `annotations`, `podAnnotations`, `commonAnnotations`, ...: clearly a map of annotations. */
const ANNOTATIONS_KEY = /^(annotations|[a-z][A-Za-z0-9]*Annotations)$/;
/** `labels`, `podLabels`, `commonLabels`, `matchLabels`, ...: clearly a map of labels. */
const LABELS_KEY = /^(labels|[a-z][A-Za-z0-9]*Labels)$/;

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Override values of every inventory layer, with the file and the path they are written at. */
interface Layer {
  file: string;
  cluster?: string;
  base: PropertyKey[];
  overrides: ComponentOverrides;
}

function overrideLayers(fleet: FleetDraft): Layer[] {
  const out: Layer[] = [];
  const s = fleet.settings;
  if (s?.components)
    out.push({ file: fileOf(fleet, 'fleet'), base: ['components'], overrides: s.components });
  for (const [i, r] of (s?.regions ?? []).entries())
    if (r.components)
      out.push({ file: fileOf(fleet, 'fleet'), base: ['regions', i, 'components'], overrides: r.components });
  for (const [name, env] of Object.entries(fleet.environments))
    if (env?.components)
      out.push({
        file: fileOf(fleet, { environment: env.name ?? name }),
        base: ['components'],
        overrides: env.components,
      });
  for (const c of fleet.clusters)
    if (c.components)
      out.push({
        file: fileOf(fleet, { cluster: c }),
        cluster: c.name,
        base: ['components'],
        overrides: c.components,
      });
  return out;
}

/** Every problem of one labels or annotations map written at `path`. */
function checkMap(kind: 'labels' | 'annotations', map: Record<string, unknown>, path: PropertyKey[]) {
  const found: Omit<Issue, 'code' | 'file'>[] = [];
  if (kind === 'annotations') {
    let bytes = 0;
    for (const [k, v] of Object.entries(map))
      bytes += Buffer.byteLength(k) + Buffer.byteLength(String(v ?? ''));
    if (bytes > MAX_ANNOTATIONS_BYTES) {
      found.push({
        path: toDottedPath(path),
        message:
          'annotations too large: Kubernetes limits all annotations of an object to 256 KiB (keys and values together)',
        expected: `at most ${MAX_ANNOTATIONS_BYTES} bytes`,
        found: `${bytes} bytes`,
        hint: 'Keep large data out of annotations (a ConfigMap, or a file in the chart).',
      });
    }
    return found;
  }
  for (const [k, v] of Object.entries(map)) {
    if (typeof v === 'string' && v.length > MAX_LABEL_VALUE) {
      found.push({
        path: toDottedPath([...path, k]),
        message: 'label value too long: Kubernetes limits label values to 63 characters',
        expected: `at most ${MAX_LABEL_VALUE} characters`,
        found: `${v.length} characters`,
        hint: 'Use an annotation for longer text.',
      });
    }
  }
  return found;
}

/** Walks a values tree without recursion, checking every labels and annotations map. */
function scan(values: unknown, base: PropertyKey[]): Omit<Issue, 'code' | 'file'>[] {
  const out: Omit<Issue, 'code' | 'file'>[] = [];
  const stack: [unknown, PropertyKey[]][] = [[values, base]];
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (Array.isArray(v)) {
      for (const [i, item] of v.entries()) stack.push([item, [...path, i]]);
      continue;
    }
    if (!isMap(v)) continue;
    for (const [k, child] of Object.entries(v)) {
      const kind = ANNOTATIONS_KEY.test(k) ? 'annotations' : LABELS_KEY.test(k) ? 'labels' : undefined;
      if (kind && isMap(child)) out.push(...checkMap(kind, child, [...path, k]));
      else stack.push([child, [...path, k]]);
    }
  }
  return out;
}

/**
 * Kubernetes' size limits on labels and annotations, checked where the inventory sets them in
 * values overrides (a key named `labels`, `annotations`, or ending in `Labels`/`Annotations`),
 * and on the cluster labels. The API server would reject such an object at sync time.
 */
export const METADATA_RULES: readonly FleetRule[] = [
  {
    code: 'metadata-too-large',
    description: 'label values have at most 63 characters; the annotations of an object at most 256 KiB',
    check: (fleet) => {
      const issues: Issue[] = [];
      for (const l of overrideLayers(fleet)) {
        for (const [component, o] of Object.entries(l.overrides)) {
          if (!o.values) continue;
          for (const f of scan(o.values, [...l.base, component, 'values']))
            issues.push({
              code: 'metadata-too-large',
              file: l.file,
              ...(l.cluster ? { cluster: l.cluster } : {}),
              component,
              ...f,
            });
        }
      }
      for (const c of fleet.clusters) {
        for (const f of checkMap('labels', c.labels, ['labels']))
          issues.push({
            code: 'metadata-too-large',
            file: fileOf(fleet, { cluster: c }),
            cluster: c.name,
            ...f,
          });
      }
      return issues;
    },
  },
];
