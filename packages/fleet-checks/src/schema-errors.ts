import type { ErrorObject } from 'ajv';
import { formatPath, isRecord, type ObjectFinding, type PathSegment, show } from './objects.ts';
import { QUANTITY_PATTERN } from './openapi/close-schema.ts';

/**
 * Ajv errors as findings with dotted paths, what the schema expects and what the object has.
 * An undeclared field is `unknown-field` (what strict field validation rejects); the rest `schema`.
 */
export function describeSchemaErrors(errors: readonly ErrorObject[], value: unknown): ObjectFinding[] {
  const out: ObjectFinding[] = [];
  const seen = new Set<string>();
  const branchPaths = errors
    .filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf')
    .map((e) => e.schemaPath);
  for (const error of errors) {
    if (branchPaths.some((p) => error.schemaPath.startsWith(`${p}/`))) continue;
    const finding = describe(error, value);
    const key = `${finding.path}\n${finding.message}`;
    if (!seen.has(key)) out.push(finding);
    seen.add(key);
  }
  return out;
}

function describe(error: ErrorObject, value: unknown): ObjectFinding {
  const segments = pointerToSegments(error.instancePath, value);
  const found = valueAt(value, segments);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params.additionalProperty);
      const known = isRecord(error.parentSchema?.properties)
        ? Object.keys(error.parentSchema.properties).sort()
        : [];
      const near = closest(field, known);
      return {
        code: 'unknown-field',
        message: `unknown field "${field}" (the API server's strict field validation rejects it)`,
        path: formatPath([...segments, field]),
        expected: known.length > 0 ? `one of ${listed(known)}` : 'no fields here',
        found: `"${field}": ${show(isRecord(found) ? found[field] : undefined)}`,
        ...(near ? { hint: `did you mean "${near}"?` } : {}),
      };
    }
    case 'required': {
      const field = String(params.missingProperty);
      return {
        code: 'schema',
        message: `required field "${field}" is missing`,
        path: formatPath([...segments, field]),
        expected: `"${field}" set`,
        found: 'nothing',
      };
    }
    case 'type':
      return {
        code: 'schema',
        message: 'wrong type',
        path: formatPath(segments),
        expected: [params.type].flat().join(' or '),
        found: `${typeName(found)} ${show(found)}`,
      };
    case 'enum':
      return {
        code: 'schema',
        message: 'value not allowed',
        path: formatPath(segments),
        expected: `one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
        found: show(found),
      };
    case 'pattern':
      return {
        code: 'schema',
        message: params.pattern === QUANTITY_PATTERN ? 'not a quantity' : 'does not match the pattern',
        path: formatPath(segments),
        expected:
          params.pattern === QUANTITY_PATTERN
            ? 'a quantity such as 100m, 0.5, 512Mi or 2G'
            : `a string matching ${String(params.pattern)}`,
        found: show(found),
      };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
      return {
        code: 'schema',
        message: `out of bounds (${error.keyword})`,
        path: formatPath(segments),
        expected: `${error.keyword.replace(/^(exclusive)?(min|max).*$/i, (_, ex, m) => `${m.toLowerCase() === 'min' ? '>' : '<'}${ex ? '' : '='}`)} ${String(params.limit)}${/Length|Items/.test(error.keyword) ? (error.keyword.endsWith('Length') ? ' characters' : ' items') : ''}`,
        found: show(found),
      };
    default:
      return {
        code: 'schema',
        message: error.message ?? error.keyword,
        path: formatPath(segments),
        expected: `${error.keyword} ${JSON.stringify(error.schema)}`.slice(0, 200),
        found: show(found),
      };
  }
}

function listed(names: readonly string[]): string {
  return names.length <= 12
    ? names.join(', ')
    : `${names.slice(0, 12).join(', ')}, ... (${names.length} fields)`;
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** JSON pointer -> segments, reading `value` to tell array indexes from numeric-looking keys. */
export function pointerToSegments(pointer: string, value: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current) && /^\d+$/.test(token)) {
      segments.push(Number(token));
      current = current[Number(token)];
    } else {
      segments.push(token);
      current = isRecord(current) ? current[token] : undefined;
    }
  }
  return segments;
}

function valueAt(value: unknown, segments: readonly PathSegment[]): unknown {
  let current = value;
  for (const s of segments)
    current =
      typeof s === 'number'
        ? Array.isArray(current)
          ? current[s]
          : undefined
        : isRecord(current)
          ? current[s]
          : undefined;
  return current;
}

/** The known name closest to `name` (edit distance at most 2, or a case-insensitive match). */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = candidate.toLowerCase() === name.toLowerCase() ? 0 : distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}
