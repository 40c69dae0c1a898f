import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ComputedCluster, computeFleet, type Fleet, loadFleet } from '@platform/core';
import { emitTree } from '@platform/emitter';
import { ValidationError } from '@platform/errors';
import { type DiscoveredComponent, discoverComponents } from './registry.ts';
import { readTree } from './tree-io.ts';

/** Where the command looks for things. */
export interface Workspace {
  root: string;
  inventoryDir: string;
}

export interface GenerateOptions {
  environments?: readonly string[];
  clusters?: readonly string[];
  progress?: (step: string) => void;
}

export interface Generated {
  fleet: Fleet;
  components: DiscoveredComponent[];
  clusters: ComputedCluster[];
  files: Map<string, string>;
  /** How the tree was rendered and checked (the commit's `Rendered:` trailer); set by the command. */
  rendered?: string;
}

/** The generator's name and version, stamped into every generated file's header. */
export function generatorInfo(root: string): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')) as { version: string };
  return { name: 'platform-gitops gen:gitops', version: pkg.version };
}

/** Our charts' files, minus the test scenarios (ci/) that only the chart tests use. */
function chartFiles(components: readonly DiscoveredComponent[]): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  for (const c of components) {
    if (!c.chartDir) continue;
    const files = new Map(
      [...readTree(c.chartDir)].filter(([p]) => !p.startsWith('ci/') && !p.startsWith('.test-results/')),
    );
    out.set(c.definition.name, files);
  }
  return out;
}

/**
 * The whole pipeline up to the file map: load and validate the inventory, discover the
 * components, compute and validate every cluster's values, emit the tree. Writes nothing;
 * throws a ValidationError listing every problem.
 */
export async function generate(ws: Workspace, opts: GenerateOptions = {}): Promise<Generated> {
  opts.progress?.('loading the fleet inventory');
  const fleet = await loadFleet(ws.inventoryDir);
  opts.progress?.('discovering components');
  const components = await discoverComponents(ws.root);
  const unknown = [
    ...(opts.clusters ?? [])
      .filter((c) => !fleet.clusters.some((x) => x.name === c))
      .map((c) => `cluster ${c}`),
    ...(opts.environments ?? [])
      .filter((e) => !Object.hasOwn(fleet.environments, e))
      .map((e) => `environment ${e}`),
  ];
  if (unknown.length > 0) {
    throw new ValidationError(
      unknown.map((u) => ({ code: 'unknown-selector', message: `no ${u} in the inventory`, found: u })),
    );
  }
  opts.progress?.(`computing values for ${fleet.clusters.length} cluster(s)`);
  const result = computeFleet(
    fleet,
    components.map((c) => c.definition),
    { clusters: opts.clusters ?? [], environments: opts.environments ?? [] },
  );
  if (result.issues.length > 0) throw new ValidationError(result.issues);
  opts.progress?.('emitting the GitOps tree');
  const files = emitTree({
    clusters: result.clusters,
    fleet: fleet.settings,
    charts: chartFiles(components),
    generator: generatorInfo(ws.root),
  });
  return { fleet, components, clusters: result.clusters, files };
}
