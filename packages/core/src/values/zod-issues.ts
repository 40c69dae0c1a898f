import type { Issue } from '@platform/errors';
import type { z } from 'zod';
import { closest } from './closest.ts';
import { joinPath } from './merge.ts';

type Segment = string | number | symbol;

/** Dotted path of a zod issue path, prefixed with `base`. */
export function dottedPath(base: string, path: readonly Segment[]): string {
  let out = base;
  for (const seg of path) {
    if (typeof seg === 'number') out = `${out}[${seg}]`;
    else out = joinPath(out, String(seg));
  }
  return out;
}

interface ZodDefLike {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  valueType?: unknown;
  in?: unknown;
  options?: unknown[];
}

function defOf(schema: unknown): ZodDefLike | undefined {
  return (schema as { _zod?: { def?: ZodDefLike } } | undefined)?._zod?.def;
}

/** The object keys a zod schema accepts at `path` (through optional/default/array/record/union). */
export function knownKeysAt(schema: unknown, path: readonly Segment[]): string[] {
  let cur: unknown = schema;
  const unwrap = (s: unknown): unknown => {
    let d = defOf(s);
    let x = s;
    while (d && (d.innerType !== undefined || d.in !== undefined) && d.type !== 'object') {
      x = d.innerType ?? d.in;
      d = defOf(x);
    }
    return x;
  };
  for (const seg of path) {
    const d = defOf(unwrap(cur));
    if (!d) return [];
    if (d.type === 'object' && d.shape) cur = d.shape[String(seg)];
    else if (d.type === 'array') cur = d.element;
    else if (d.type === 'record') cur = d.valueType;
    else return [];
  }
  const d = defOf(unwrap(cur));
  if (d?.type === 'object' && d.shape) return Object.keys(d.shape);
  if (d?.type === 'union' && d.options) return [...new Set(d.options.flatMap((o) => knownKeysAt(o, [])))];
  return [];
}

function describeInput(input: unknown): string {
  if (input === undefined) return 'nothing';
  const s = JSON.stringify(input);
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/**
 * Maps zod issues to our Issues: one per problem, with the dotted path, what was expected and
 * what was found, and "Did you mean" for unknown keys. `where` is the issue location to stamp.
 */
export function zodIssues(
  error: z.ZodError,
  schema: unknown,
  base: string,
  where: Omit<Issue, 'code' | 'message'>,
): Issue[] {
  const out: Issue[] = [];
  for (const zi of error.issues) {
    if (zi.code === 'unrecognized_keys') {
      const known = knownKeysAt(schema, zi.path);
      for (const key of zi.keys) {
        const guess = closest(key, known);
        out.push({
          ...where,
          code: 'unknown-key',
          path: dottedPath(base, [...zi.path, key]),
          message: 'unknown key',
          expected: known.length > 0 ? `one of ${known.join(', ')}` : 'no other keys',
          found: JSON.stringify(key),
          ...(guess ? { hint: `Did you mean "${guess}"?` } : {}),
        });
      }
      continue;
    }
    const input = (zi as { input?: unknown }).input;
    out.push({
      ...where,
      code: zi.code === 'invalid_type' ? 'wrong-type' : 'invalid-value',
      path: dottedPath(base, zi.path),
      message: zi.message,
      found: describeInput(input),
    });
  }
  return out;
}
