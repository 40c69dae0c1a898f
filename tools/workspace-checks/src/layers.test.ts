import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');

interface Layer {
  packages: string[];
  allowed: string[];
}

/** The README's "Package layers" table: package names (backticked) and what each may depend on. */
export function parseLayers(readme: string): Layer[] {
  const start = readme.indexOf('### Package layers');
  if (start < 0) throw new Error('README.md has no "### Package layers" section');
  const rows = readme
    .slice(start)
    .split('\n')
    .filter((l) => /^\|\s*\d+\s*\|/.test(l));
  return rows.map((row) => {
    const cells = row.split('|').map((c) => c.trim());
    const names = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
    return { packages: names(cells[2] ?? ''), allowed: names(cells[3] ?? '') };
  });
}

/** Each workspace package's `@platform/*` runtime dependencies, by short name. */
function runtimeEdges(): Map<string, string[]> {
  const dirs = [
    ...readdirSync(join(root, 'packages'))
      .filter((d) => d !== 'components')
      .map((d) => join('packages', d)),
    ...readdirSync(join(root, 'packages/components')).map((d) => join('packages/components', d)),
    'apps/cli',
  ];
  const edges = new Map<string, string[]>();
  for (const dir of dirs) {
    const pkg = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')) as {
      name: string;
      dependencies?: Record<string, string>;
    };
    edges.set(
      shortName(pkg.name),
      Object.keys(pkg.dependencies ?? {})
        .filter((d) => d.startsWith('@platform/'))
        .map(shortName),
    );
  }
  return edges;
}

function shortName(name: string): string {
  const bare = name.replace('@platform/', '');
  if (bare.startsWith('component-')) return `components/${bare.slice('component-'.length)}`;
  return bare === 'cli' ? 'apps/cli' : bare;
}

function matches(pattern: string, name: string): boolean {
  return pattern === name || (pattern.endsWith('/*') && name.startsWith(pattern.slice(0, -1)));
}

/** Edges the table does not allow, as "from -> to" lines. */
export function layerViolations(layers: Layer[], edges: Map<string, string[]>): string[] {
  const out: string[] = [];
  for (const [from, deps] of edges) {
    const layer = layers.find((l) => l.packages.some((p) => matches(p, from)));
    if (!layer) {
      out.push(`${from}: in no layer of the README table`);
      continue;
    }
    const everything = layer.allowed.length === 0 && layer.packages.includes('apps/cli');
    for (const to of deps) {
      const ok =
        everything ||
        layer.allowed.some((a) => matches(a, to)) ||
        // "other components": a component may use another component's exports
        (from.startsWith('components/') && to.startsWith('components/'));
      if (!ok) out.push(`${from} -> ${to}`);
    }
  }
  return out.sort();
}

describe('README package layers', () => {
  const layers = parseLayers(readFileSync(join(root, 'README.md'), 'utf8'));

  it('places every package in a layer and every runtime dependency points where the table allows', () => {
    expect(layers.length).toBeGreaterThanOrEqual(5);
    expect(layerViolations(layers, runtimeEdges())).toEqual([]);
  });

  it('reports an edge up the layers and a package missing from the table (the check can fail)', () => {
    const edges = new Map([
      ['core', ['emitter']],
      ['errors', []],
      ['brand-new', []],
    ]);
    expect(layerViolations(layers, edges)).toEqual([
      'brand-new: in no layer of the README table',
      'core -> emitter',
    ]);
  });
});
