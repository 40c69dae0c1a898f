import { locateHelm } from '@platform/chart-harness';
import { type Issue, ValidationError } from '@platform/errors';
import { runFleetChecks } from '@platform/fleet-checks';
import {
  chartCacheDir,
  type RenderedFleet,
  type RenderStats,
  renderCacheDir,
  renderFleet,
} from '@platform/hydrate';
import type { Generated, Workspace } from './generate.ts';

export interface HydrateOptions {
  /** Read no cached render (they are still written). */
  noCache?: boolean;
  progress?: ((step: string) => void) | undefined;
  env?: NodeJS.ProcessEnv;
  /**
   * Return the fleet checks' issues instead of throwing them (`--render` writes the renders for
   * inspection and then reports the problems).
   */
  keepRenders?: boolean;
  /** Also dry-run on a real kube-apiserver and evaluate Gatekeeper with gator (`--admit`). */
  admit?: boolean;
}

export interface HydrateResult {
  rendered: RenderedFleet;
  stats: RenderStats;
  issues: Issue[];
  /** One line for the output and the commit's `Rendered:` trailer. */
  summary: string;
}

/**
 * Renders every generated Application of the selected clusters as Argo CD's repo server would
 * (upstream charts from the chart cache, our charts and values from the generated tree) and
 * runs the fleet checks on the rendered objects. Throws a ValidationError with every problem
 * (nothing is written then), unless `keepRenders`.
 */
export async function renderAndCheck(
  ws: Workspace,
  gen: Generated,
  opts: HydrateOptions = {},
): Promise<HydrateResult> {
  const env = opts.env ?? process.env;
  opts.progress?.(`rendering the Applications of ${gen.clusters.length} cluster(s) with helm`);
  const { rendered, stats } = await renderFleet({
    files: gen.files,
    clusters: gen.clusters,
    fleet: gen.fleet.settings,
    helmBin: locateHelm(),
    chartCacheDir: chartCacheDir(ws.root, env),
    renderCacheDir: renderCacheDir(ws.root, env),
    noCache: opts.noCache,
    ...(env.RENDER_CONCURRENCY ? { concurrency: Number(env.RENDER_CONCURRENCY) } : {}),
  });
  opts.progress?.('checking the rendered objects');
  const issues = runFleetChecks(rendered);
  if (opts.admit && issues.length === 0) {
    const { admitFleet } = await import('@platform/kube-apiserver');
    const { gatorFleet } = await import('@platform/gator');
    opts.progress?.('dry-running every object on a real kube-apiserver per cluster');
    issues.push(...(await admitFleet(rendered)));
    opts.progress?.("evaluating the fleet's Gatekeeper constraints with gator");
    issues.push(...(await gatorFleet(rendered)));
  }
  if (issues.length > 0 && !opts.keepRenders) throw new ValidationError(issues);
  const objects = rendered.clusters.reduce(
    (n, c) => n + c.sources.reduce((m, s) => m + s.objects.length, 0),
    0,
  );
  const summary = `${objects} objects in ${stats.sources} sources checked${opts.admit ? ' and admitted by kube-apiserver and gator' : ''} (${stats.renders} rendered, ${stats.cached} from the render cache)`;
  return { rendered, stats, issues, summary };
}

/**
 * Renders an arbitrary GitOps tree (a previous run's, for `--diff --rendered`) for the clusters
 * of this run that it contains, with the same caches. Render failures are errors.
 */
export async function renderTree(
  ws: Workspace,
  files: ReadonlyMap<string, string>,
  gen: Generated,
  opts: HydrateOptions = {},
): Promise<RenderedFleet> {
  const env = opts.env ?? process.env;
  const present = new Set([...files.keys()].map((p) => /^clusters\/([^/]+)\//.exec(p)?.[1]).filter(Boolean));
  opts.progress?.(`rendering ${present.size} cluster(s) of a tree with helm`);
  const { rendered } = await renderFleet({
    files,
    clusters: gen.clusters.filter((c) => present.has(c.context.cluster.name)),
    fleet: gen.fleet.settings,
    helmBin: locateHelm(),
    chartCacheDir: chartCacheDir(ws.root, env),
    renderCacheDir: renderCacheDir(ws.root, env),
    noCache: opts.noCache,
  });
  return rendered;
}
