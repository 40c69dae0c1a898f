import { relative } from 'node:path';
import { type ComputedCluster, type Fleet, getPath, type LayerName } from '@platform/core';
import { UsageError } from '@platform/errors';
import { stringify } from 'yaml';
import { derivedFrom } from './derived.ts';
import { unknownName } from './generate.ts';
import type { DiscoveredComponent } from './registry.ts';

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
  gen: { fleet: Fleet; components: readonly DiscoveredComponent[]; root: string },
): Explanation {
  const allComponents = gen.components.map((c) => c.definition.name);
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
  const regionIndex = gen.fleet.settings.regions.findIndex((r) => r.name === cc.context.region.name);
  const pkg = gen.components.find((c) => c.definition.name === component)?.packageDir;
  const join = (a: string, b: string) => (b.startsWith('[') ? `${a}${b}` : `${a}.${b}`);
  // Names the file and the field that set the value at `p`, for every layer.
  const origin = (layer: LayerName, source: string, p: string): string => {
    if (source.endsWith('.yaml') || source.endsWith('.yml')) {
      const base = layer === 'region' ? `regions[${regionIndex}].components` : 'components';
      return `${source}: ${join(`${base}.${component}.values.${target}`, p)}`;
    }
    if (layer === 'cluster') return source;
    const from = derivedFrom(comp.definition, cc.context, gen.fleet, layer, target, p);
    if (from.length > 0) return `${source} from ${from.map((f) => `${f.file}: ${f.field}`).join(', ')}`;
    return `${source} in ${pkg ? relative(gen.root, pkg) : 'its package'}`;
  };
  for (const [p, steps] of [...tv.provenance].sort(([a], [b]) => a.localeCompare(b))) {
    if (p === inner || p.startsWith(`${inner}.`) || p.startsWith(`${inner}[`)) {
      for (const s of steps) {
        const src = origin(s.layer, s.source, p);
        chain.push({ layer: s.layer, source: p === inner ? src : `${src} (${p})`, value: s.value });
      }
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
