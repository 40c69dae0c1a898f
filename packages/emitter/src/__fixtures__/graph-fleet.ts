import { type ComponentDefinition, type ComputedCluster, installWaves } from '@platform/core';
import { input } from './input.ts';

/**
 * A fleet made from a dependency graph: `graph` maps each component to what it depends on,
 * `runs` maps each cluster to the components it runs. Waves come from core's DAG, as in the
 * generator.
 */
export function graphFleet(
  graph: Record<string, string[]>,
  runs: Record<string, string[]>,
): ComputedCluster[] {
  const template = input().clusters[0]!;
  const { waves, issues } = installWaves(
    Object.entries(graph).map(([name, dependsOn]) => ({ name, dependsOn })),
  );
  if (issues.length > 0) throw new Error(JSON.stringify(issues));
  const definition = (name: string): ComponentDefinition => ({
    name,
    namespace: name,
    description: name,
    upstreamCharts: [],
    dependsOn: graph[name]!,
    enabledByDefault: () => true,
    values: () => ({}),
    rules: [],
  });
  return Object.entries(runs).map(([cluster, names]) => ({
    context: {
      ...template.context,
      cluster: { ...template.context.cluster, name: cluster },
      enabledComponents: new Set(names),
    },
    components: names
      .map((n) => ({ definition: definition(n), wave: waves.get(n)!, targets: {} }))
      .sort((a, b) => a.wave - b.wave || a.definition.name.localeCompare(b.definition.name)),
  }));
}

/** A deterministic pseudo-random DAG: each node depends on some earlier ones (many shortcuts). */
export function randomDag(size: number, seed: number): Record<string, string[]> {
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const names = Array.from({ length: size }, (_, i) => `comp-${String(i).padStart(2, '0')}`);
  return Object.fromEntries(names.map((n, i) => [n, names.slice(0, i).filter(() => next() < 0.3)]));
}
