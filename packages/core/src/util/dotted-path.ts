/** Dotted paths such as `nodePools[0].minSize` for issue messages. */

const PLAIN_KEY = /^[A-Za-z0-9_-]+$/;

/**
 * Joins path segments the way users read them: numbers as `[i]`, plain keys with dots, and
 * keys with dots or other punctuation quoted, e.g. `labels["app.kubernetes.io/name"]`.
 */
export function toDottedPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else {
      const key = String(seg);
      if (PLAIN_KEY.test(key)) out += out === '' ? key : `.${key}`;
      else out += `[${JSON.stringify(key)}]`;
    }
  }
  return out;
}

/** Splits a path made by {@link toDottedPath} back into segments. */
export function fromDottedPath(path: string): PropertyKey[] {
  const out: PropertyKey[] = [];
  const re = /\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]|\.?([A-Za-z0-9_-]+)/gy;
  for (let m = re.exec(path); m !== null && m[0] !== ''; m = re.exec(path)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(JSON.parse(`"${m[2]}"`) as string);
    else if (m[3] !== undefined) out.push(m[3]);
  }
  return out;
}
