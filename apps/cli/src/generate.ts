import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ComputedCluster, closestMatch, computeFleet, type Fleet, loadFleet } from '@platform/core';
import { emitTree } from '@platform/emitter';
import { UsageError, ValidationError } from '@platform/errors';
import { chartFileSet, type GitListingCache } from './chart-files.ts';
import { type DiscoveredComponent, discoverComponents } from './registry.ts';

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
  /** Things the user should know about the published chart files (untracked files, no git checkout). */
  notes: string[];
  /** How the tree was rendered and checked (the commit's `Rendered:` trailer); set by the command. */
  rendered?: string;
}

/** The generator's name and version, stamped into every generated file's header. */
export function generatorInfo(root: string): { name: string; version: string } {
  const pkg = JSON.parse(readFileSync(join(root, 'apps/cli/package.json'), 'utf8')) as { version: string };
  return { name: 'platform-gitops gen:gitops', version: pkg.version };
}

/** Our charts' files as published (see `chartFileSet`), plus what the caller should be told. */
function chartFiles(components: readonly DiscoveredComponent[]): {
  charts: Map<string, Map<string, string>>;
  notes: string[];
} {
  const charts = new Map<string, Map<string, string>>();
  const notes: string[] = [];
  let outsideGit = false;
  const listings: GitListingCache = new Map();
  for (const c of components) {
    if (!c.chartDir) continue;
    const set = chartFileSet(c.chartDir, listings);
    charts.set(c.definition.name, set.files);
    outsideGit ||= !set.fromGit;
    for (const p of set.untracked)
      notes.push(
        `charts/${c.definition.name}/${p} is not tracked by git and is not published; git add it to publish it`,
      );
  }
  if (outsideGit)
    notes.unshift(
      'the workspace is not a git checkout: every file of the chart folders is published except ci/, .test-results/ and what .helmignore excludes',
    );
  return { charts, notes };
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
  checkSelectors(fleet, opts);
  opts.progress?.(`computing values for ${fleet.clusters.length} cluster(s)`);
  const result = computeFleet(
    fleet,
    components.map((c) => c.definition),
    { clusters: opts.clusters ?? [], environments: opts.environments ?? [] },
  );
  const empty = result.clusters
    .filter((c) => c.components.length === 0)
    .map((c) => ({
      code: 'no-components',
      file: fleet.files[`cluster:${c.context.cluster.name}`] ?? `${c.context.cluster.name}.yaml`,
      cluster: c.context.cluster.name,
      path: 'components',
      message:
        'every component is disabled on this cluster: its ApplicationSet would be empty and its bootstrap would install nothing',
      expected: 'at least one enabled component',
      found: 'none',
      hint: 'Enable a component, or remove the cluster file if the cluster should not be managed.',
    }));
  if (result.issues.length + empty.length > 0) throw new ValidationError([...result.issues, ...empty]);
  opts.progress?.('emitting the GitOps tree');
  const { charts, notes } = chartFiles(components);
  const files = emitTree({
    clusters: result.clusters,
    fleet: fleet.settings,
    charts,
    generator: generatorInfo(ws.root),
  });
  return { fleet, components, clusters: result.clusters, files, notes };
}

/** `--flag x: no such ... (known: a, b). Did you mean "y"?` as a usage error (exit 2). */
export function unknownName(flag: string, what: string, name: string, known: readonly string[]): UsageError {
  const guess = closestMatch(name, known);
  return new UsageError(
    `${flag} ${name}: no ${what} named ${JSON.stringify(name)} in the inventory (known: ${known.join(', ')})${guess ? `. Did you mean "${guess}"?` : ''}`,
  );
}

/** Every --cluster and --env names something in the inventory; else a usage error with a suggestion. */
export function checkSelectors(fleet: Fleet, opts: Pick<GenerateOptions, 'clusters' | 'environments'>): void {
  const clusters = fleet.clusters.map((c) => c.name).sort();
  const environments = Object.keys(fleet.environments);
  const errors = [
    ...(opts.clusters ?? [])
      .filter((c) => !clusters.includes(c))
      .map((c) => unknownName('--cluster', 'cluster', c, clusters)),
    ...(opts.environments ?? [])
      .filter((e) => !environments.includes(e))
      .map((e) => unknownName('--env', 'environment', e, environments)),
  ];
  if (errors.length > 0) throw new UsageError(errors.map((e) => e.message).join('\n'));
}
