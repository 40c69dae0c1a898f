import { isRecord, type PathSegment } from './object-path.ts';

/** Reference to a node of a {@link FieldTree}: an index into `nodes`, or {@link ANY} / {@link LEAF}. */
export type FieldRef = number;
/** Anything goes below here (`unknown`, `any`, untyped objects). */
export const ANY: FieldRef = -1;
/** A scalar; its type is the schema check's business, not the unknown-field check's. */
export const LEAF: FieldRef = -2;

/** An object type: its known fields and, for maps (`{[key: string]: T}`), the value type of any key. */
export interface FieldNode {
  fields: Record<string, FieldRef>;
  values?: FieldRef;
}

/**
 * The fields a kind accepts, as a graph (recursive types such as CRD schemas point back up):
 * arrays are transparent, so a field of type `T[]` refers to `T`'s node.
 */
export interface FieldTree {
  root: FieldRef;
  nodes: FieldNode[];
}

/** A field the kind does not declare. */
export interface UnknownField {
  /** Path to the field itself, ending with its name. */
  segments: PathSegment[];
  /** The fields that are allowed where it was found. */
  known: string[];
}

/** Every field in `value` that `tree` does not declare, in document order. */
export function findUnknownFields(value: unknown, tree: FieldTree): UnknownField[] {
  const found: UnknownField[] = [];
  walk(value, tree.root, [], tree, found);
  return found;
}

function walk(
  value: unknown,
  ref: FieldRef,
  path: PathSegment[],
  tree: FieldTree,
  found: UnknownField[],
): void {
  if (ref < 0) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      walk(item, ref, [...path, i], tree, found);
    });
    return;
  }
  const node = tree.nodes[ref];
  if (node === undefined || !isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const childRef = Object.hasOwn(node.fields, key) ? node.fields[key] : node.values;
    if (childRef === undefined) found.push({ segments: [...path, key], known: Object.keys(node.fields) });
    else walk(child, childRef, [...path, key], tree, found);
  }
}
