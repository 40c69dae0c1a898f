import type { ProvenanceMap, Values } from '@platform/core';
import { joinPath } from '@platform/core';

/**
 * A values file printer for plain data (maps, lists, strings, numbers, booleans, null), written
 * for two reasons:
 * - Helm reads values with YAML 1.1 rules (sigs.k8s.io/yaml), where `yes`, `on`, `off`, `y`,
 *   `0777`, `1_000` or `12:30` are not strings. Strings are therefore printed plain only when
 *   they match a conservative pattern that every YAML 1.1 and 1.2 reader takes as a string;
 *   everything else is double-quoted (JSON escapes are valid YAML) or, when multi-line, a
 *   literal block.
 * - Speed: building and printing a `yaml` Document per file was about a third of a large run.
 */

/** Words YAML 1.1 (or 1.2) resolves to booleans or null, in any case. */
const RESERVED = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null', '~']);
/** Plain-safe: starts with a letter or `/`, then letters, digits and a few punctuation marks. */
const PLAIN = /^[A-Za-z/][A-Za-z0-9_./@-]*$/;
/** What a YAML 1.1 reader could take for a number, e.g. `1e3`, `0x1F`, `.5`, `1_000`, `12:30`. */
const NUMBERISH = /^[-+.]?[0-9]|^[-+]?\.(inf|nan)$/i;

/** Quantities and durations (`500m`, `1Gi`, `30s`, `1.5h`): digits, then letters only; never numbers. */
const UNIT = /^[0-9]+(\.[0-9]+)?[A-Za-z]+$/;

function isPlainSafe(s: string): boolean {
  if (UNIT.test(s) && !/^0[xXoObB]/.test(s)) return true;
  return PLAIN.test(s) && !RESERVED.has(s.toLowerCase()) && !NUMBERISH.test(s) && !/^[eE][0-9]/.test(s);
}

/** A map key or a one-line string. */
function quoteIfNeeded(s: string): string {
  return isPlainSafe(s) ? s : JSON.stringify(s);
}

/** A literal block (`|-` or `|`) is exact for lines without tabs, control characters or leading space. */
function literalBlock(s: string, indent: string): string | undefined {
  if (!s.includes('\n')) return undefined;
  const keep = s.endsWith('\n');
  const body = keep ? s.slice(0, -1) : s;
  if (body.endsWith('\n') || body.startsWith(' ') || body.startsWith('\n')) return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we look for
  if (/[\u0000-\u0008\u000b-\u001f\u007f\t\r]/.test(body)) return undefined;
  if (/ $/m.test(body)) return undefined; // trailing spaces survive, but editors strip them
  const lines = body.split('\n').map((l) => (l === '' ? '' : `${indent}${l}`));
  return `${keep ? '|' : '|-'}\n${lines.join('\n')}`;
}

function scalar(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
    return String(v);
  }
  return quoteIfNeeded(String(v));
}

const isMap = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

type Out = string[];

/** A value after `key:` (or after `- `): inline when it is a scalar or empty, else on the next lines. */
function printValue(out: Out, lead: string, v: unknown, indent: string, comment: string): void {
  if (isMap(v)) {
    const keys = Object.keys(v);
    if (keys.length === 0) {
      out.push(`${lead} {}${comment}`);
      return;
    }
    out.push(`${lead}${comment}`);
    printMap(out, v, `${indent}  `, undefined, undefined);
    return;
  }
  if (Array.isArray(v)) {
    if (v.length === 0) {
      out.push(`${lead} []${comment}`);
      return;
    }
    out.push(`${lead}${comment}`);
    printSeq(out, v, `${indent}  `);
    return;
  }
  if (typeof v === 'string') {
    const block = literalBlock(v, `${indent}  `);
    if (block !== undefined) {
      out.push(`${lead} ${block.split('\n')[0]}${comment}`);
      out.push(...block.split('\n').slice(1));
      return;
    }
  }
  out.push(`${lead} ${scalar(v)}${comment}`);
}

function printSeq(out: Out, items: readonly unknown[], indent: string): void {
  for (const item of items) {
    if (isMap(item) && Object.keys(item).length > 0) {
      // the first key goes on the dash line, the others under it
      const start = out.length;
      printMap(out, item, `${indent}  `, undefined, undefined);
      out[start] = `${indent}- ${out[start]!.slice(indent.length + 2)}`;
    } else if (Array.isArray(item) && item.length > 0) {
      out.push(`${indent}-`);
      printSeq(out, item, `${indent}  `);
    } else {
      printValue(out, `${indent}-`, item, indent, '');
    }
  }
}

function printMap(
  out: Out,
  map: Record<string, unknown>,
  indent: string,
  path: string | undefined,
  prov: ProvenanceMap | undefined,
): void {
  for (const key of Object.keys(map).sort()) {
    const v = map[key];
    const p = path === undefined ? undefined : joinPath(path, key);
    const nested = isMap(v) && Object.keys(v).length > 0;
    if (nested) {
      out.push(`${indent}${quoteIfNeeded(key)}:`);
      printMap(out, v, `${indent}  `, p, prov);
      continue;
    }
    const last = p === undefined ? undefined : prov?.get(p)?.at(-1);
    const comment = last ? ` # ${last.layer}: ${last.source}` : '';
    printValue(out, `${indent}${quoteIfNeeded(key)}:`, v, indent, comment);
  }
}

/**
 * A values file: keys sorted, and a trailing comment on every leaf naming the layer and the
 * source that set it (arrays are leaves: they replace, never merge).
 */
export function renderValuesFile(header: string, values: Values, provenance: ProvenanceMap): string {
  if (Object.keys(values).length === 0) return `${header}\n{}\n`;
  const out: Out = [];
  printMap(out, values, '', '', provenance);
  return `${header}\n${out.join('\n')}\n`;
}
