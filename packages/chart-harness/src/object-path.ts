/** One step into a manifest: a property name or an array index. */
export type PathSegment = string | number;

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats segments as the dotted path users read in findings:
 * `spec.template.spec.containers[0].image`, `metadata.labels["app.kubernetes.io/name"]`.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (PLAIN_KEY.test(segment)) out += out === '' ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * Turns a JSON pointer (`/spec/containers/0/name`, as ajv reports it) into segments, reading
 * `value` to tell array indexes from property names that look like numbers.
 */
export function pointerToSegments(pointer: string, value: unknown): PathSegment[] {
  if (pointer === '') return [];
  const segments: PathSegment[] = [];
  let current: unknown = value;
  for (const raw of pointer.slice(1).split('/')) {
    const token = raw.replaceAll('~1', '/').replaceAll('~0', '~');
    if (Array.isArray(current) && /^\d+$/.test(token)) {
      const index = Number(token);
      segments.push(index);
      current = current[index];
    } else {
      segments.push(token);
      current = isRecord(current) ? current[token] : undefined;
    }
  }
  return segments;
}

/** True for plain JSON objects (not arrays, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
