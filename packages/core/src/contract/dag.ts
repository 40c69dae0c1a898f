import type { Issue } from '@platform/errors';

/** A node of the component dependency graph. */
export interface DagNode {
  name: string;
  dependsOn: readonly string[];
}

/**
 * Install waves from the dependency DAG: a node's wave is one more than the highest wave of its
 * dependencies (0 when it has none). Returns issues for unknown dependencies and for every cycle.
 */
export function installWaves(nodes: readonly DagNode[]): { waves: Map<string, number>; issues: Issue[] } {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const issues: Issue[] = [];
  for (const n of nodes) {
    for (const d of n.dependsOn) {
      if (!byName.has(d)) {
        issues.push({
          code: 'unknown-dependency',
          component: n.name,
          path: 'dependsOn',
          message: `depends on an unknown component`,
          expected: `one of ${[...byName.keys()].sort().join(', ')}`,
          found: JSON.stringify(d),
        });
      }
    }
  }
  const waves = new Map<string, number>();
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();

  const visit = (name: string, stack: string[]): number => {
    const done = waves.get(name);
    if (done !== undefined) return done;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const key = [...cycle].sort().join(',');
      if (!reported.has(key)) {
        reported.add(key);
        issues.push({
          code: 'dependency-cycle',
          component: name,
          path: 'dependsOn',
          message: `dependency cycle: ${cycle.join(' -> ')}`,
          expected: 'a directed acyclic graph',
          found: 'a cycle',
          hint: 'Remove one of these dependencies.',
        });
      }
      return 0;
    }
    state.set(name, 'visiting');
    const node = byName.get(name);
    let wave = 0;
    for (const d of node?.dependsOn ?? []) {
      if (byName.has(d)) wave = Math.max(wave, visit(d, [...stack, name]) + 1);
    }
    state.set(name, 'done');
    waves.set(name, wave);
    return wave;
  };
  for (const n of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) visit(n.name, []);
  return { waves, issues };
}
