import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PlatformError } from '@platform/errors';
import { findWorkspaceRoot } from '@platform/hydrate';
import { HelmRenderError, ManifestParseError } from './errors.ts';
import { locateHelm } from './helm-binary.ts';
import { parseManifests } from './parse-manifests.ts';
import type { RenderedObject } from './types.ts';

const run = promisify(execFile);

/** A pinned upstream chart is not in the chart cache. */
export class ChartNotCachedError extends PlatformError {
  readonly path: string;
  constructor(chart: string, version: string, path: string) {
    super(
      `upstream chart ${chart} ${version} is not in the chart cache (${path}); ` +
        'run `pnpm charts:pull` from the workspace root to fetch the pinned charts.',
    );
    this.path = path;
  }
}

/**
 * The chart cache: `$CHART_CACHE`, else `<workspace root>/.cache/charts`, where
 * `pnpm charts:pull` puts every pinned upstream chart as `<chart>-<version>.tgz`.
 */
export function chartCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHART_CACHE) return resolve(env.CHART_CACHE);
  const root = findWorkspaceRoot();
  if (root === undefined)
    throw new PlatformError('no pnpm workspace above the chart harness: set CHART_CACHE');
  return join(root, '.cache', 'charts');
}

/** Path of a pinned chart's package in the cache; throws {@link ChartNotCachedError} when missing. */
export function cachedChart(chart: string, version: string, cacheDir = chartCacheDir()): string {
  const path = join(cacheDir, `${chart}-${version}.tgz`);
  if (!existsSync(path)) throw new ChartNotCachedError(chart, version, path);
  return path;
}

/** How Argo CD renders one upstream chart source of an Application. */
export interface UpstreamRender {
  chart: string;
  version: string;
  releaseName: string;
  namespace: string;
  values: Record<string, unknown>;
  /** `--kube-version`, e.g. `1.33`. */
  kubeVersion: string;
  /** `--api-versions` beyond Helm's built-ins (CRD group/versions the cluster serves). */
  apiVersions?: readonly string[];
}

/**
 * Renders a pinned upstream chart from the cache with the real helm, as Argo CD's repo server
 * does (`--include-crds`), and parses every object. Throws {@link ChartNotCachedError},
 * {@link HelmRenderError} or {@link ManifestParseError}.
 */
export async function renderUpstreamChart(r: UpstreamRender): Promise<RenderedObject[]> {
  const tgz = cachedChart(r.chart, r.version);
  const dir = await mkdtemp(join(tmpdir(), 'upstream-chart-'));
  try {
    const valuesFile = join(dir, 'values.yaml');
    await writeFile(valuesFile, JSON.stringify(r.values, null, 2));
    const args = [
      'template',
      r.releaseName,
      tgz,
      '--namespace',
      r.namespace,
      '--values',
      valuesFile,
      '--kube-version',
      r.kubeVersion,
      '--include-crds',
      ...(r.apiVersions ?? []).flatMap((a) => ['--api-versions', a]),
    ];
    let stdout: string;
    try {
      ({ stdout } = await run(locateHelm(), args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }));
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr || (error as Error).message;
      throw new HelmRenderError(`${r.chart}-${r.version}`, stderr, { cause: error });
    }
    const { objects, problems } = parseManifests(stdout);
    if (problems.length > 0) throw new ManifestParseError(problems);
    return objects;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The part of a component definition that says how its upstream charts are installed. */
export interface UpstreamInstall {
  namespace: string;
  upstreamCharts: readonly { id: string; chart: string; version: string; releaseName?: string }[];
}

/**
 * Renders every upstream chart of a component for one cluster: release name the chart id (or
 * its `releaseName`), namespace the component's, values the computed values of each chart id.
 * Returns the objects per chart id.
 */
export async function renderUpstreamCharts(
  component: UpstreamInstall,
  valuesById: Readonly<Record<string, { values: Record<string, unknown> } | undefined>>,
  kubeVersion: string,
  apiVersions: readonly string[] = [],
): Promise<Map<string, RenderedObject[]>> {
  const out = new Map<string, RenderedObject[]>();
  for (const u of component.upstreamCharts) {
    const values = valuesById[u.id]?.values;
    if (values === undefined) throw new PlatformError(`no computed values for upstream chart ${u.id}`);
    out.set(
      u.id,
      await renderUpstreamChart({
        chart: u.chart,
        version: u.version,
        releaseName: u.releaseName ?? u.id,
        namespace: component.namespace,
        values,
        kubeVersion,
        apiVersions,
      }),
    );
  }
  return out;
}
