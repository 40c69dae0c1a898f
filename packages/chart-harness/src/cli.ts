#!/usr/bin/env node
/**
 * `tsx packages/chart-harness/src/cli.ts check <chart-dir> [--allow-kind group/version/Kind]...`
 *
 * The `test` target of every chart project: renders the chart with the real helm once per
 * scenario in `<chart-dir>/ci/*-values.yaml` (the chart-testing convention; the generated ones
 * are the real clusters of the fleet), with the release name, namespace and Kubernetes version
 * of `ci/release.yaml` (how Argo CD installs it), runs every check and prints every finding. Writes
 * `<chart-dir>/.test-results/harness.json` (scenario counts) for the suite summary.
 * Exit 0 when clean, 1 with findings, 2 on usage errors.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chartAllowKinds, chartHostAccess, chartScenarios } from './chart-scenarios.ts';
import { checkChart } from './check-chart.ts';
import { formatFindings } from './format-findings.ts';

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'allow-kind': { type: 'string', multiple: true } },
  });
  const [command, chartDir] = positionals;
  if (command !== 'check' || !chartDir) {
    console.error('usage: chart-harness check <chart-dir> [--allow-kind group/version/Kind]...');
    return 2;
  }
  const scenarios = chartScenarios(chartDir);
  const result = await checkChart(chartDir, scenarios, {
    allowKinds: [...(values['allow-kind'] ?? []), ...chartAllowKinds(chartDir)],
    hostAccess: chartHostAccess(chartDir),
  });
  const failedScenarios = new Set(result.findings.map((f) => f.scenario));
  const objects = [...result.objects.values()].reduce((n, list) => n + list.length, 0);
  const resultsDir = join(chartDir, '.test-results');
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(
    join(resultsDir, 'harness.json'),
    `${JSON.stringify({
      numPassedTests: scenarios.length - failedScenarios.size,
      numFailedTests: failedScenarios.size,
      numPendingTests: 0,
      findings: result.findings.length,
    })}\n`,
  );
  for (const s of scenarios) {
    const n = result.objects.get(s.name)?.length ?? 0;
    console.log(
      `${failedScenarios.has(s.name) ? 'FAIL' : 'ok  '} ${chartDir} scenario ${s.name} (${n} objects)`,
    );
  }
  if (result.findings.length > 0) {
    console.error(formatFindings(result.findings));
    console.error(
      `${result.findings.length} finding(s) in ${failedScenarios.size} of ${scenarios.length} scenario(s)`,
    );
    return 1;
  }
  console.log(`${chartDir}: ${scenarios.length} scenario(s), ${objects} object(s), no findings`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error((err as Error).message ?? err);
    process.exitCode = 1;
  },
);
