import { didYouMeanHint } from '@platform/errors';
import type { z } from 'zod';
import { toDottedPath } from './dotted-path.ts';
import type { SourceIssue, YamlDocument } from './yaml-document.ts';

interface DefLike {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
  valueType?: unknown;
}

const WRAPPERS = new Set(['optional', 'default', 'prefault', 'nullable', 'readonly', 'catch', 'nonoptional']);

function defOf(schema: unknown): DefLike | undefined {
  let def = (schema as { _zod?: { def?: DefLike } } | undefined)?._zod?.def;
  while (def && (WRAPPERS.has(def.type ?? '') || def.type === 'pipe')) {
    const inner = def.type === 'pipe' ? def.in : def.innerType;
    def = (inner as { _zod?: { def?: DefLike } } | undefined)?._zod?.def;
  }
  return def;
}

/** The keys an object schema accepts at `path` (through optional, default, array and record). */
export function schemaKeysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  let def = defOf(schema);
  for (const seg of path) {
    if (def?.type === 'object' && def.shape) def = defOf(def.shape[String(seg)]);
    else if (def?.type === 'array') def = defOf(def.element);
    else if (def?.type === 'record') def = defOf(def.valueType);
    else return [];
  }
  return def?.type === 'object' && def.shape ? Object.keys(def.shape) : [];
}

/** Short JSON of a value for `found`, with its type when that is the problem. */
export function describeValue(value: unknown, withType = false): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  const json = JSON.stringify(value) ?? String(value);
  const short = json.length > 60 ? `${json.slice(0, 57)}...` : json;
  if (!withType) return short;
  const type = value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
  return `${type} ${short}`;
}

type ZodIssue = z.core.$ZodIssue;

function bound(zi: ZodIssue & { code: 'too_small' | 'too_big' }): string {
  const limit = String(zi.code === 'too_small' ? zi.minimum : zi.maximum);
  const cmp = zi.code === 'too_small' ? (zi.inclusive ? '>=' : '>') : zi.inclusive ? '<=' : '<';
  if (zi.origin === 'array' || zi.origin === 'set') return `${cmp} ${limit} item(s)`;
  if (zi.origin === 'string') return `${cmp} ${limit} character(s)`;
  return `${cmp} ${limit}`;
}

function formatExpectation(zi: ZodIssue): string | undefined {
  if (zi.code !== 'invalid_format') return undefined;
  if (zi.format === 'regex' && 'pattern' in zi) return `a string matching ${String(zi.pattern)}`;
  if (zi.format === 'url') return 'a URL such as https://host.example.com';
  return `a valid ${zi.format}`;
}

function withArticle(type: string): string {
  return `${/^[aeiou]/.test(type) ? 'an' : 'a'} ${type}`;
}

const QUOTE_HINT = 'Put the value in quotes so YAML reads it as a string (unquoted 1.30 is the number 1.3).';

/** Maps one zod issue (not `unrecognized_keys`) to our issue fields. */
function mapIssue(zi: ZodIssue, input: unknown): Omit<SourceIssue, 'path'> {
  switch (zi.code) {
    case 'invalid_type': {
      if (input === undefined) {
        return {
          code: 'missing-key',
          message: 'required key is missing',
          expected: withArticle(zi.expected),
          found: 'nothing',
        };
      }
      return {
        code: 'wrong-type',
        message: 'wrong type',
        expected: withArticle(zi.expected),
        found: describeValue(input, true),
        ...(zi.expected === 'string' && typeof input === 'number' ? { hint: QUOTE_HINT } : {}),
      };
    }
    case 'invalid_value': {
      const values = zi.values.map((v) => JSON.stringify(v));
      return {
        code: 'invalid-value',
        message: 'not an allowed value',
        expected: `one of ${values.join(', ')}`,
        found: describeValue(input),
        ...(typeof input === 'string' ? didYouMeanHint(input, zi.values.map(String)) : {}),
      };
    }
    case 'invalid_format':
      return {
        code: 'invalid-format',
        message: zi.message,
        expected: formatExpectation(zi) ?? 'a valid value',
        found: describeValue(input),
      };
    case 'too_small':
    case 'too_big':
      return {
        code: 'out-of-range',
        message: zi.code === 'too_small' ? 'value is too small' : 'value is too large',
        expected: bound(zi),
        found: describeValue(input),
      };
    case 'invalid_key': {
      const inner = zi.issues[0];
      return {
        code: 'invalid-key',
        message: `invalid key: ${inner?.message ?? zi.message}`,
        expected: (inner && formatExpectation(inner)) ?? 'a valid key',
        found: describeValue(input),
      };
    }
    default:
      return { code: 'invalid-value', message: zi.message, found: describeValue(input) };
  }
}

/**
 * Turns a zod error into issues: one per problem (one per key for unknown keys, with the list
 * of accepted keys and a "Did you mean" hint), each with its dotted path, what was expected and
 * what was found, stamped with `where` and, when `doc` is given, the line and column.
 * Parse with `{ reportInput: true }` so the found values are known.
 */
export function zodErrorToIssues(
  error: z.ZodError,
  schema: z.ZodType,
  where: Omit<SourceIssue, 'code' | 'message'>,
  doc?: Pick<YamlDocument, 'locate'>,
): SourceIssue[] {
  const out: SourceIssue[] = [];
  const place = (path: readonly PropertyKey[], key: boolean) => {
    const pos = doc?.locate(path, { key });
    return pos ? { line: pos.line, column: pos.column } : {};
  };
  for (const zi of error.issues) {
    if (zi.code === 'unrecognized_keys') {
      const known = schemaKeysAt(schema, zi.path);
      for (const key of zi.keys) {
        const path = [...zi.path, key];
        out.push({
          ...where,
          code: 'unknown-key',
          path: toDottedPath(path),
          message: 'unknown key',
          expected: known.length > 0 ? `one of ${known.join(', ')}` : 'no keys here',
          found: JSON.stringify(key),
          ...didYouMeanHint(key, known),
          ...place(path, true),
        });
      }
      continue;
    }
    const input = (zi as { input?: unknown }).input;
    out.push({ ...where, ...mapIssue(zi, input), path: toDottedPath(zi.path), ...place(zi.path, false) });
  }
  return out;
}
