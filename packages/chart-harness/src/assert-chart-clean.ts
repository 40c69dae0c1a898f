import { type ChartCheckResult, type CheckChartOptions, checkChart } from './check-chart.ts';
import { ChartFindingsError } from './errors.ts';
import { formatFindings } from './format-findings.ts';
import type { Finding, Scenario } from './types.ts';

/** Throws {@link ChartFindingsError} listing every finding, grouped by scenario, when there are any. */
export function expectNoFindings(findings: readonly Finding[]): void {
  if (findings.length > 0) throw new ChartFindingsError(formatFindings(findings), findings);
}

/**
 * Renders and checks a chart for every scenario and throws {@link ChartFindingsError} listing
 * all findings at once; for chart tests (`await assertChartClean(dir, scenarios)`). Returns
 * the rendered objects for further assertions.
 */
export async function assertChartClean(
  chartDir: string,
  scenarios: readonly Scenario[],
  options?: CheckChartOptions,
): Promise<ChartCheckResult> {
  const result = await checkChart(chartDir, scenarios, options);
  expectNoFindings(result.findings);
  return result;
}
