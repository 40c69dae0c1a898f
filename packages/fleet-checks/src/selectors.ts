import { isRecord, record } from './objects.ts';

/**
 * Whether a LabelSelector (`matchLabels` plus `matchExpressions`) selects `labels`.
 * An empty selector selects everything, as the API defines it.
 */
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const s = record(selector);
  for (const [k, v] of Object.entries(record(s.matchLabels))) if (labels[k] !== String(v)) return false;
  for (const e of Array.isArray(s.matchExpressions) ? s.matchExpressions.filter(isRecord) : []) {
    const key = String(e.key);
    const values = Array.isArray(e.values) ? e.values.map(String) : [];
    const has = Object.hasOwn(labels, key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key] as string)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key] as string)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/** A string map from an object field (labels, nodeSelector), values as strings. */
export function stringMap(value: unknown): Record<string, string> {
  return Object.fromEntries(Object.entries(record(value)).map(([k, v]) => [k, String(v)]));
}
