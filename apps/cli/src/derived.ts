import type { ClusterContext, ComponentDefinition, Fleet, LayerName } from '@platform/core';
import { getPath, isPlainObject } from '@platform/core';

/** An inventory field a component's values builder reads: its file and dotted field. */
export interface InventoryField {
  file: string;
  field: string;
}

interface Leaf extends InventoryField {
  /** Where the field lives in the cluster context. */
  at: (string | number)[];
  value: unknown;
}

function leaves(value: unknown, at: (string | number)[], file: string, field: string, out: Leaf[]): void {
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'components') continue; // overrides: attributed as override layers
      leaves(v, [...at, k], file, field ? `${field}.${k}` : k, out);
    }
  } else if (['string', 'number', 'boolean'].includes(typeof value)) {
    out.push({ at, value, file, field });
  }
}

/**
 * Other values of the same type (a URL stays a URL). Numbers get several, since a builder may
 * clamp them (`Math.min(2, replicas)` does not move when 3 becomes 4, but does for 1).
 */
function perturbations(v: unknown): unknown[] {
  if (typeof v === 'boolean') return [!v];
  if (typeof v === 'number') return [v + 1, v - 1, 1, 0].filter((n) => n !== v);
  const s = String(v);
  return [s.includes('://') ? s.replace('://', '://zz') : `${s}zz`];
}

function setAt(root: unknown, at: readonly (string | number)[], value: unknown): void {
  let cur = root as Record<string | number, unknown>;
  for (const seg of at.slice(0, -1)) cur = cur[seg] as Record<string | number, unknown>;
  cur[at.at(-1)!] = value;
}

/**
 * Which inventory fields a value set by a component's builder is derived from. Each leaf field
 * of the cluster, its region and its environment profile is changed in turn and the builder run
 * again: the fields whose change changes the value are the ones it is derived from. Exact for
 * a pure builder (which the component contract requires), and only run for `--explain`.
 */
export function derivedFrom(
  def: ComponentDefinition,
  ctx: ClusterContext,
  fleet: Fleet,
  layer: Exclude<LayerName, 'cluster'>,
  target: string,
  path: string,
): InventoryField[] {
  const c = ctx.cluster;
  const regionIndex = fleet.settings.regions.findIndex((r) => r.name === ctx.region.name);
  const fleetFile = fleet.files.fleet ?? 'gitops/fleet.yaml';
  const all: Leaf[] = [];
  leaves(c, ['cluster'], fleet.files[`cluster:${c.name}`] ?? `gitops/clusters/${c.name}.yaml`, '', all);
  leaves(ctx.region, ['region'], fleetFile, `regions[${regionIndex}]`, all);
  leaves(
    ctx.environment,
    ['environment'],
    fleet.files[`environment:${c.environment}`] ?? `gitops/environments/${c.environment}.yaml`,
    '',
    all,
  );
  const valueIn = (x: ClusterContext): string | undefined => {
    try {
      return JSON.stringify(getPath(def.values(x)[layer]?.[target], path));
    } catch {
      return undefined;
    }
  };
  const original = valueIn(ctx);
  const found: InventoryField[] = [];
  for (const leaf of all) {
    const moves = perturbations(leaf.value).some((other) => {
      const copy = structuredClone(ctx);
      setAt(copy, leaf.at, other);
      return valueIn(copy) !== original;
    });
    if (moves) found.push({ file: leaf.file, field: leaf.field });
  }
  return found;
}
