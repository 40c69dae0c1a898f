import { type ComputedCluster, getPath } from '@platform/core';
import { UsageError } from '@platform/errors';
import { stringify } from 'yaml';
import { unknownName } from './generate.ts';

/** One step of a value's history. */
export interface ExplainStep {
  layer: string;
  source: string;
  value: unknown;
}

export interface Explanation {
  cluster: string;
  component: string;
  target: string;
  path: string;
  value: unknown;
  chain: ExplainStep[];
}

/**
 * Where a value came from: `path` is `<target>.<dotted.path>` (target = upstream chart id or
 * `chart`), or just the dotted path when the component has a single target.
 */
export function explain(
  clusters: readonly ComputedCluster[],
  cluster: string,
  component: string,
  path: string,
  allComponents: readonly string[] = [],
): Explanation {
  const cc = clusters.find((c) => c.context.cluster.name === cluster);
  if (!cc) {
    throw unknownName(
      '--explain',
      'cluster',
      cluster,
      clusters.map((c) => c.context.cluster.name),
    );
  }
  const comp = cc.components.find((c) => c.definition.name === component);
  if (!comp) {
    const enabled = cc.components.map((c) => c.definition.name);
    if (!allComponents.includes(component)) {
      throw unknownName('--explain', 'component', component, allComponents.length ? allComponents : enabled);
    }
    throw new UsageError(
      `component ${component} is not enabled on ${cluster} (enabled: ${enabled.join(', ')})`,
    );
  }
  const targets = Object.keys(comp.targets);
  const [first, ...rest] = path.split('.');
  const target =
    first && targets.includes(first) && rest.length > 0 ? first : targets.length === 1 ? targets[0]! : '';
  if (!target)
    throw new UsageError(`start the path with a target of ${component}: one of ${targets.join(', ')}`);
  const inner = target === first && rest.length > 0 ? rest.join('.') : path;
  const tv = comp.targets[target]!;
  const value = getPath(tv.values, inner);
  const chain: ExplainStep[] = [];
  for (const [p, steps] of [...tv.provenance].sort(([a], [b]) => a.localeCompare(b))) {
    if (p === inner || p.startsWith(`${inner}.`) || p.startsWith(`${inner}[`)) {
      for (const s of steps)
        chain.push({ layer: s.layer, source: p === inner ? s.source : `${s.source} (${p})`, value: s.value });
    }
  }
  if (value === undefined && chain.length === 0) {
    throw new UsageError(`${component}@${cluster}: ${target}.${inner} is not set by any layer`);
  }
  return { cluster, component, target, path: inner, value, chain };
}

/** Human-readable explanation, lowest layer first; the last line is the value that won. */
export function formatExplanation(e: Explanation): string {
  const lines = [`${e.component}@${e.cluster}: ${e.target}.${e.path}`];
  for (const s of e.chain) lines.push(`  ${s.layer.padEnd(12)} ${JSON.stringify(s.value)}  <- ${s.source}`);
  const v = stringify(e.value).trimEnd();
  lines.push(`  = ${v.includes('\n') ? `\n${v.replace(/^/gm, '    ')}` : v}`);
  return lines.join('\n');
}
