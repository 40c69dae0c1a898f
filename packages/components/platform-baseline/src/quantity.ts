/**
 * Scaling and comparing the Kubernetes quantities of the baseline quotas and limit ranges.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/
 */

const BINARY: Readonly<Record<string, number>> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const QUANTITY = /^(\d+(?:\.\d+)?)(m|Ki|Mi|Gi|Ti)?$/;

/** The value of a quantity in base units (cores or bytes); undefined when it is malformed. */
export function parseQuantity(q: string): number | undefined {
  const m = QUANTITY.exec(q);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === undefined) return n;
  if (unit === 'm') return n / 1000;
  return n * (BINARY[unit] ?? 1);
}

function trim(n: number): string {
  return String(Number(n.toFixed(3)));
}

/** CPU cores (`20`, `2.5`) times a factor, in cores with at most three decimals. */
export function scaleCpu(cores: string, factor: number): string {
  return trim(Number(cores) * factor);
}

/**
 * A binary quantity (`50Gi`, `1Ti`) times a factor. The result keeps the unit when it stays a
 * whole number; otherwise it moves down one unit (Gi to Mi, Ti to Gi) and rounds up, so that
 * quota values keep the integer form the quota schema requires. `floor` is the smallest unit allowed
 * (storage quotas have no Mi form).
 */
export function scaleBinary(q: string, factor: number, floor: 'Mi' | 'Gi' = 'Mi'): string {
  const m = /^(\d+)(Mi|Gi|Ti)$/.exec(q);
  if (!m) throw new Error(`not a binary quantity: ${q}`);
  const units = ['Mi', 'Gi', 'Ti'] as const;
  let unit = units.indexOf(m[2] as (typeof units)[number]);
  let n = Number(m[1]) * factor;
  while (!Number.isInteger(Number(n.toFixed(6))) && unit > units.indexOf(floor)) {
    n *= 1024;
    unit -= 1;
  }
  return `${Math.ceil(Number(n.toFixed(6)))}${units[unit]}`;
}

/** A count times a factor, rounded, never below `min`. */
export function scaleCount(n: number, factor: number, min = 0): number {
  return Math.max(min, Math.round(n * factor));
}

/** Any quantity the baseline uses (`4`, `500m`, `8Gi`) times a factor, keeping its form. */
export function scaleQuantity(q: string, factor: number): string {
  if (/^\d+(\.\d+)?$/.test(q)) return scaleCpu(q, factor);
  const milli = /^(\d+)m$/.exec(q);
  if (milli) return `${Math.ceil(Number(milli[1]) * factor)}m`;
  return scaleBinary(q, factor);
}
