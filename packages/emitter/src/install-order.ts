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
  /** Waves in ascending order, each with its components sorted by name. */
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
  return {
    clusters: clusters.map((cc) => cc.context.cluster.name).sort(),
    waves: waves.map((wave) => ({
      wave,
      nodes: [...nodes.values()]
        .filter((n) => n.wave === wave)
        .map((n) => ({ ...n, clusters: [...n.clusters].sort() }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    })),
    edges: transitiveReduction([...edges.values()]),
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
 * The install-order flowchart: one column (subgraph) per wave, left to right; component names
 * as labels; only the edges not implied by others; components not on every cluster dashed and
 * saying where they run.
 */
export function installOrderDiagram(order: InstallOrder): string {
  const id = (name: string) => mermaidId('c', name);
  const lines = ['flowchart LR'];
  const partial: string[] = [];
  // Rows follow the rows of each box's dependencies (their mean row, then the name), so that
  // arrows run across the columns instead of behind unrelated boxes.
  const row = new Map<string, number>();
  const preds = (name: string) =>
    order.edges.filter(([, to]) => to === name).map(([from]) => row.get(from) ?? 0);
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
  for (const { wave, nodes } of order.waves) {
    lines.push(`  subgraph wave${wave}[${mermaidLabel(`wave ${wave}`)}]`, '    direction TB');
    const rows = nodes
      .map((n) => ({ n, at: mean(preds(n.name)) }))
      .sort((a, b) => a.at - b.at || a.n.name.localeCompare(b.n.name))
      .map(({ n }) => n);
    for (const [i, n] of rows.entries()) row.set(n.name, i);
    for (const n of rows) {
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
