#!/usr/bin/env node
// @ts-check
/**
 * `helm lint --strict` a chart once per scenario (`ci/*-values.yaml`), or once with its own
 * values.yaml when it has no scenarios, in the namespace and for the Kubernetes version the
 * chart ships with (the generated `ci/release.yaml`, as the chart harness reads it). Reports
 * every failing scenario, then exits non-zero.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { findHelm } from './find-helm.mjs';

const chartDir = process.argv[2];
if (!chartDir) {
  console.error('usage: helm-lint.mjs <chart-dir>');
  process.exit(2);
}
const helm = findHelm();
const ciDir = join(chartDir, 'ci');
const scenarios = existsSync(ciDir)
  ? readdirSync(ciDir)
      .filter((f) => f.endsWith('-values.yaml'))
      .sort()
  : [];
const releaseFile = join(ciDir, 'release.yaml');
const release = existsSync(releaseFile) ? parse(readFileSync(releaseFile, 'utf8')) : undefined;

/** `--namespace` and `--kube-version` of a scenario, from ci/release.yaml when the chart has one. */
function releaseArgs(scenario) {
  if (!release) return [];
  const kubeVersion = release.scenarios?.[scenario]?.kubeVersion ?? release.kubeVersion;
  return ['--namespace', release.namespace, ...(kubeVersion ? ['--kube-version', kubeVersion] : [])];
}

const runs =
  scenarios.length > 0
    ? scenarios.map((s) => ['-f', join(ciDir, s), ...releaseArgs(s.replace(/-values\.yaml$/, ''))])
    : [releaseArgs('values.yaml')];
const failures = [];
for (const extra of runs) {
  const label = extra[0] === '-f' ? extra[1] : 'values.yaml';
  const res = spawnSync(helm, ['lint', '--strict', resolve(chartDir), ...extra], { encoding: 'utf8' });
  if (res.status !== 0) failures.push({ label, output: `${res.stdout}${res.stderr}` });
  else console.log(`ok   helm lint --strict ${chartDir} (${label})`);
}
for (const f of failures) console.error(`FAIL helm lint --strict ${chartDir} (${f.label})\n${f.output}`);
if (failures.length > 0) {
  console.error(`${failures.length} of ${runs.length} scenario(s) failed helm lint --strict for ${chartDir}`);
  process.exit(1);
}
