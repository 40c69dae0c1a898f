import type { ErrorObject } from 'ajv';
import { formatPath, isRecord, type PathSegment, pointerToSegments } from './object-path.ts';
import { unknownFieldMessage } from './suggest.ts';

/** One schema violation, ready to become a finding. */
export interface SchemaProblem {
  check: 'schema' | 'unknown-field';
  path: string;
  message: string;
}

const FIX = 'fix the template or the values that produce it';

/**
 * Turns ajv errors (from our own schemas or from kubernetes-models' compiled validators) into
 * problems with dotted paths and "expected ..., found ..." messages. Branch errors under a
 * `oneOf`/`anyOf` are folded into one message for the alternative itself.
 */
export function describeAjvErrors(errors: readonly ErrorObject[], value: unknown): SchemaProblem[] {
  const alternatives = errors
    .filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf')
    .map((e) => e.schemaPath);
  // compiled validators report each branch of an int-or-string `oneOf` as its own type error
  const types = new Map<string, string[]>();
  for (const e of errors) {
    if (e.keyword === 'type')
      types.set(e.instancePath, [...(types.get(e.instancePath) ?? []), String(e.params.type)]);
  }
  const problems: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    if (alternatives.some((p) => error.schemaPath.startsWith(`${p}/`))) continue;
    if ((error.keyword === 'oneOf' || error.keyword === 'anyOf') && types.has(error.instancePath)) continue;
    const problem = describe(error, value, types.get(error.instancePath) ?? []);
    const key = `${problem.path}\n${problem.message}`;
    if (!seen.has(key)) problems.push(problem);
    seen.add(key);
  }
  return problems;
}

function describe(error: ErrorObject, value: unknown, types: readonly string[]): SchemaProblem {
  const segments = pointerToSegments(error.instancePath, value);
  const found = valueAt(value, segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = isRecord(error.parentSchema?.properties)
        ? Object.keys(error.parentSchema.properties)
        : [];
      return {
        check: 'unknown-field',
        path: formatPath([...segments, field]),
        message: unknownFieldMessage(field, known),
      };
    }
    case 'required': {
      const field = String(params.missingProperty);
      return {
        check: 'schema',
        path: formatPath([...segments, field]),
        message: `required field "${field}" is missing; ${FIX}`,
      };
    }
    case 'type':
      return at(segments, `expected ${[...new Set(types)].join(' or ')}, found ${show(found)}; ${FIX}`);
    case 'enum':
      return at(
        segments,
        `expected one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}, ` +
          `found ${show(found)}; ${FIX}`,
      );
    case 'const':
      return at(segments, `expected ${JSON.stringify(params.allowedValue)}, found ${show(found)}; ${FIX}`);
    case 'oneOf':
    case 'anyOf': {
      const branches = (Array.isArray(error.schema) ? error.schema : []) as Record<string, unknown>[];
      const names = branches.flatMap((b) => (Array.isArray(b.required) ? [b.required.join(' + ')] : []));
      const quantity = error.keyword === 'oneOf' ? 'exactly one' : 'at least one';
      return names.length > 0
        ? at(segments, `expected ${quantity} of ${names.map((n) => `"${n}"`).join(', ')}; ${FIX}`)
        : at(segments, `${error.message ?? 'does not match any allowed shape'}; ${FIX}`);
    }
    default:
      return at(segments, `${error.message ?? error.keyword}, found ${show(found)}; ${FIX}`);
  }
}

function at(segments: PathSegment[], message: string): SchemaProblem {
  return { check: 'schema', path: formatPath(segments), message };
}

function valueAt(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (typeof segment === 'number') current = Array.isArray(current) ? current[segment] : undefined;
    else current = isRecord(current) ? current[segment] : undefined;
  }
  return current;
}

/** A short rendering of a found value for messages: `string "x"`, `an object`, `nothing`. */
export function show(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`;
}
