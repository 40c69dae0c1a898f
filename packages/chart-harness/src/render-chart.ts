import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { HelmRenderError, ManifestParseError } from './errors.ts';
import { locateHelm } from './helm-binary.ts';
import { type ParseProblem, parseManifests } from './parse-manifests.ts';
import type { RenderedObject, Scenario } from './types.ts';

const run = promisify(execFile);

/** Settings for {@link renderChart}. */
export interface RenderOptions {
  /** helm binary; found with {@link locateHelm} when omitted. */
  helmBin?: string;
  /** Render the chart's CRDs too (`--include-crds`), as Argo CD does. */
  includeCrds?: boolean;
}

/** Release defaults used when a scenario leaves them out. */
export const DEFAULT_RELEASE = { name: 'release', namespace: 'default' } as const;

/**
 * Renders a chart with the real helm (`helm template`) for one scenario and parses every
 * object. Throws {@link HelmRenderError} with helm's stderr when the chart does not render,
 * and {@link ManifestParseError} when the output is not a list of Kubernetes objects.
 */
export async function renderChart(
  chartDir: string,
  scenario: Scenario,
  options: RenderOptions = {},
): Promise<RenderedObject[]> {
  const { objects, problems } = await renderAndParse(chartDir, scenario, options);
  if (problems.length > 0) throw new ManifestParseError(problems);
  return objects;
}

/** Like {@link renderChart} but returns parse problems instead of throwing them. */
export async function renderAndParse(
  chartDir: string,
  scenario: Scenario,
  options: RenderOptions = {},
): Promise<{ objects: RenderedObject[]; problems: ParseProblem[] }> {
  const helm = options.helmBin ?? locateHelm();
  const dir = await mkdtemp(join(tmpdir(), 'chart-harness-'));
  try {
    const valuesFile = join(dir, 'values.yaml');
    // JSON is YAML: no quoting surprises for strings like "yes" or "1.10"
    await writeFile(valuesFile, JSON.stringify(scenario.values, null, 2));
    const args = [
      'template',
      scenario.releaseName ?? DEFAULT_RELEASE.name,
      resolve(chartDir),
      '--values',
      valuesFile,
      '--namespace',
      scenario.namespace ?? DEFAULT_RELEASE.namespace,
    ];
    if (scenario.kubeVersion !== undefined) args.push('--kube-version', scenario.kubeVersion);
    if (options.includeCrds) args.push('--include-crds');
    let stdout: string;
    try {
      ({ stdout } = await run(helm, args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }));
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr || (error as Error).message;
      throw new HelmRenderError(chartDir, stderr, { cause: error });
    }
    return parseManifests(stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
