import type { ComputedCluster } from '@platform/core';
import { mermaidBlock, mermaidId, mermaidLabel } from './mermaid.ts';

/** A component of the fleet as the install-order diagram shows it. */
export interface OrderNode {
  name: string;
  wave: number;
  /** Clusters that run it, sorted. */
  clusters: string[];
}

/** The fleet's install order: every component once, and the dependencies between them. */
export interface InstallOrder {
  /** All clusters of the fleet, sorted. */
  clusters: string[];
  /**
   * Waves in ascending order. The last wave's components are sorted by name; in each earlier
   * wave, from the top: components without dependents whose own dependency arrow skips a column,
   * those whose dependents are all beyond the next column, those with dependents in the next
   * column by the mean position of those dependents, and the remaining ones; each group by name.
   * Mermaid then draws no arrow through a box (apps/cli/src/readme-diagrams.test.ts).
   */
  waves: { wave: number; nodes: OrderNode[] }[];
  /** Dependency -> dependent, only those not implied by other edges; sorted. */
  edges: [from: string, to: string][];
}

/**
 * The edges of a DAG that no path of two or more other edges implies (its transitive reduction,
 * unique for a DAG). An edge u -> v goes when v is reachable from another successor of u.
 */
export function transitiveReduction(edges: readonly (readonly [string, string])[]): [string, string][] {
  const succ = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    if (!succ.has(a)) succ.set(a, new Set());
    succ.get(a)!.add(b);
  }
  const reach = new Map<string, Set<string>>();
  const reachable = (n: string): Set<string> => {
    const known = reach.get(n);
    if (known) return known;
    const out = new Set<string>();
    reach.set(n, out);
    for (const s of succ.get(n) ?? []) {
      out.add(s);
      for (const t of reachable(s)) out.add(t);
    }
    return out;
  };
  const kept: [string, string][] = [];
  for (const [a, bs] of succ) {
    for (const b of bs) {
      const implied = [...bs].some((other) => other !== b && reachable(other).has(b));
      if (!implied) kept.push([a, b]);
    }
  }
  return kept.sort(([a1, b1], [a2, b2]) => a1.localeCompare(a2) || b1.localeCompare(b2));
}

/** Merge the clusters' components into one install order. */
export function installOrder(clusters: readonly ComputedCluster[]): InstallOrder {
  const nodes = new Map<string, OrderNode>();
  const edges = new Map<string, [string, string]>();
  for (const cc of clusters) {
    for (const comp of cc.components) {
      const name = comp.definition.name;
      const node = nodes.get(name) ?? { name, wave: comp.wave, clusters: [] };
      // Waves come from the fleet-wide DAG, so they agree; the highest is the safe one otherwise.
      node.wave = Math.max(node.wave, comp.wave);
      node.clusters.push(cc.context.cluster.name);
      nodes.set(name, node);
    }
  }
  for (const cc of clusters) {
    for (const comp of cc.components) {
      for (const d of comp.definition.dependsOn) {
        if (nodes.has(d)) edges.set(`${d}\n${comp.definition.name}`, [d, comp.definition.name]);
      }
    }
  }
  const waves = [...new Set([...nodes.values()].map((n) => n.wave))].sort((a, b) => a - b);
  const reduced = transitiveReduction([...edges.values()]);
  const columns = waves.map((wave) => ({
    wave,
    nodes: [...nodes.values()]
      .filter((n) => n.wave === wave)
      .map((n) => ({ ...n, clusters: [...n.clusters].sort() }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
  const waveOf = (name: string) => nodes.get(name)!.wave;
  for (let i = columns.length - 2; i >= 0; i--) {
    const next = columns[i + 1]!.nodes.map((n) => n.name);
    const key = (name: string): [number, number] => {
      const dependents = reduced.filter(([from]) => from === name).map(([, to]) => to);
      const adjacent = dependents.filter((d) => next.includes(d)).map((d) => next.indexOf(d));
      if (adjacent.length > 0) return [1, adjacent.reduce((a, b) => a + b, 0) / adjacent.length];
      if (dependents.length > 0) return [0, 0];
      const longIn = reduced.some(([from, to]) => to === name && waveOf(from) < waveOf(name) - 1);
      return [longIn ? -1 : 2, 0];
    };
    const keys = new Map(columns[i]!.nodes.map((n) => [n.name, key(n.name)]));
    // Stable: equal keys keep the order by name.
    columns[i]!.nodes.sort((a, b) => {
      const [ra, pa] = keys.get(a.name)!;
      const [rb, pb] = keys.get(b.name)!;
      return ra - rb || pa - pb;
    });
  }
  return {
    clusters: clusters.map((cc) => cc.context.cluster.name).sort(),
    waves: columns,
    edges: reduced,
  };
}

/** How many cluster names a box may carry before it points to the table under the diagram. */
const NAMES_IN_BOX = 2;

/**
 * Where a component runs, for one that not every cluster runs: the shorter of "only on ..." and
 * "not on ...", or a count when even that is long (the table under the diagram lists them).
 */
export function whereItRuns(node: OrderNode, all: readonly string[]): string | undefined {
  if (node.clusters.length === all.length) return undefined;
  const not = all.filter((c) => !node.clusters.includes(c));
  if (node.clusters.length <= not.length && node.clusters.length <= NAMES_IN_BOX)
    return `only on ${node.clusters.join(', ')}`;
  if (not.length <= NAMES_IN_BOX) return `not on ${not.join(', ')}`;
  return `on ${node.clusters.length} of ${all.length} clusters`;
}

/**
 * The nodes of each wave in drawing order: boxes reached by an arrow that skips a column first,
 * then by the mean position (0 top, 1 bottom) of their dependencies in the waves already placed,
 * then the boxes
 * with arrows leaving them before those without, then by name. Mermaid
 * keeps this order within a column where it has no reason to change it, so an arrow runs to a
 * box at about its own height instead of climbing past its neighbours (which would draw it
 * behind their boxes).
 */
export function drawingOrder(order: InstallOrder): OrderNode[][] {
  const position = new Map<string, number>();
  const preds = new Map<string, string[]>();
  for (const [from, to] of order.edges) preds.set(to, [...(preds.get(to) ?? []), from]);
  return order.waves.map(({ nodes }) => {
    const weight = (n: OrderNode) => {
      const known = (preds.get(n.name) ?? []).map((p) => position.get(p)).filter((x) => x !== undefined);
      return known.length === 0 ? 0.5 : known.reduce((a, b) => a + b, 0) / known.length;
    };
    // among equals: boxes with an arrow into the next column first, then boxes without arrows,
    // then boxes whose arrows all skip columns (at the bottom, their arrows pass below the rest)
    const waveOf = new Map(order.waves.flatMap((w) => w.nodes.map((x) => [x.name, w.wave] as const)));
    const sink = (n: OrderNode) => {
      const out = order.edges.filter(([from]) => from === n.name).map(([, to]) => waveOf.get(to)!);
      if (out.length === 0) return 1;
      return out.some((w) => w === waveOf.get(n.name)! + 1) ? 0 : 2;
    };
    // boxes reached by an arrow that skips a column go first: that arrow then runs above the
    // boxes of the column it crosses instead of through them
    const longIn = (n: OrderNode) =>
      order.edges.some(([from, to]) => to === n.name && waveOf.get(from)! < waveOf.get(n.name)! - 1) ? 0 : 1;
    const sorted = [...nodes].sort(
      (a, b) =>
        longIn(a) - longIn(b) || weight(a) - weight(b) || sink(a) - sink(b) || a.name.localeCompare(b.name),
    );
    for (const [i, n] of sorted.entries()) position.set(n.name, (i + 0.5) / sorted.length);
    return sorted;
  });
}

/**
 * The install-order flowchart: one column (subgraph) per wave, left to right, in drawing order
 * (above); component names as labels; only the edges not implied by others; components not on
 * every cluster dashed and saying where they run.
 */
export function installOrderDiagram(order: InstallOrder): string {
  const id = (name: string) => mermaidId('c', name);
  const lines = ['flowchart LR'];
  const partial: string[] = [];
  const drawn = drawingOrder(order);
  for (const [i, { wave }] of order.waves.entries()) {
    const nodes = drawn[i]!;
    lines.push(`  subgraph wave${wave}[${mermaidLabel(`wave ${wave}`)}]`, '    direction TB');
    for (const n of nodes) {
      const where = whereItRuns(n, order.clusters);
      lines.push(`    ${id(n.name)}[${where ? mermaidLabel(n.name, where) : mermaidLabel(n.name)}]`);
      if (where) partial.push(id(n.name));
    }
    lines.push('  end');
  }
  for (const [from, to] of order.edges) lines.push(`  ${id(from)} --> ${id(to)}`);
  if (partial.length > 0) {
    lines.push('  classDef partial stroke-dasharray: 6 4');
    lines.push(`  class ${partial.join(',')} partial`);
  }
  return mermaidBlock(lines);
}
