import { availableParallelism } from 'node:os';
import { basename, resolve } from 'node:path';
import { checkObjects } from './check-objects.ts';
import { HelmRenderError, ScenarioError } from './errors.ts';
import { locateHelm } from './helm-binary.ts';
import { renderAndParse } from './render-chart.ts';
import type { CheckOptions, Finding, RenderedObject, Scenario } from './types.ts';

/** Settings for {@link checkChart}: the check options that do not come from the scenario. */
export interface CheckChartOptions
  extends Pick<CheckOptions, 'allowKinds' | 'hostAccess' | 'requiredLabels'> {
  /** helm binary; found with `locateHelm` when omitted. */
  helmBin?: string;
  /** How many `helm template` processes run at once; defaults to the number of CPUs. */
  concurrency?: number;
}

/** Everything {@link checkChart} found, plus the rendered objects of every scenario that rendered. */
export interface ChartCheckResult {
  findings: Finding[];
  objects: Map<string, RenderedObject[]>;
}

/**
 * Renders a chart for every scenario with the real helm (concurrently) and checks every object.
 * All findings of all scenarios come back at once; a scenario that fails to render is a
 * `render` finding carrying helm's error, not an exception.
 */
export async function checkChart(
  chartDir: string,
  scenarios: readonly Scenario[],
  options: CheckChartOptions = {},
): Promise<ChartCheckResult> {
  const names = new Set<string>();
  for (const scenario of scenarios) {
    if (names.has(scenario.name))
      throw new ScenarioError(`scenario names must be unique; "${scenario.name}" is used twice`);
    names.add(scenario.name);
  }
  const helmBin = options.helmBin ?? locateHelm();
  const chart = `chart ${basename(resolve(chartDir))}`;
  const results = await mapConcurrent(
    scenarios,
    options.concurrency ?? availableParallelism(),
    async (scenario) => {
      try {
        const { objects, problems } = await renderAndParse(chartDir, scenario, { helmBin });
        const parseFindings = problems.map(
          (p): Finding => ({
            scenario: scenario.name,
            check: 'parse',
            object: p.source,
            path: '',
            message: p.message,
          }),
        );
        const checked = await checkObjects(objects, {
          scenario: scenario.name,
          ownWorkloads: scenario.ownWorkloads ?? true,
          ...(scenario.kubeVersion === undefined ? {} : { kubeVersion: scenario.kubeVersion }),
          ...(options.allowKinds === undefined ? {} : { allowKinds: options.allowKinds }),
          ...(options.hostAccess === undefined ? {} : { hostAccess: options.hostAccess }),
          ...(options.requiredLabels === undefined ? {} : { requiredLabels: options.requiredLabels }),
        });
        return { scenario, objects, findings: [...parseFindings, ...checked] };
      } catch (error) {
        if (!(error instanceof HelmRenderError)) throw error;
        const finding: Finding = {
          scenario: scenario.name,
          check: 'render',
          object: chart,
          path: '',
          message: `helm template failed: ${error.stderr.trim()}; fix the template or the values`,
        };
        return { scenario, objects: undefined, findings: [finding] };
      }
    },
  );
  const objects = new Map<string, RenderedObject[]>();
  for (const result of results)
    if (result.objects !== undefined) objects.set(result.scenario.name, result.objects);
  return { findings: results.flatMap((r) => r.findings), objects };
}

async function mapConcurrent<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
