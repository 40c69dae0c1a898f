import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ScenarioError } from './errors.ts';
import type { Scenario } from './types.ts';

/** How a chart ships, from the generated `<chart-dir>/ci/release.yaml` (see `chartRelease`). */
export interface ChartRelease {
  releaseName: string;
  namespace: string;
  /** Kubernetes version of scenarios that have none of their own. */
  kubeVersion?: string;
  /** Per scenario (cluster) settings. */
  scenarios: Record<string, { kubeVersion?: string }>;
}

/**
 * The release settings Argo CD installs the chart with, written by `pnpm gen:files` next to the
 * generated scenarios; undefined when the chart has no `ci/release.yaml`. A malformed file is an
 * error naming the file, the field, what was expected and what was found.
 */
export function chartRelease(chartDir: string): ChartRelease | undefined {
  const file = join(chartDir, 'ci', 'release.yaml');
  if (!existsSync(file)) return undefined;
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  const fail = (field: string, expected: string, found: unknown): never => {
    throw new ScenarioError(`${file}: ${field}: expected ${expected}, found ${JSON.stringify(found)}`);
  };
  const text = (v: unknown, field: string, optional = false): string | undefined => {
    if (v === undefined && optional) return undefined;
    return typeof v === 'string' && v !== '' ? v : fail(field, 'a non-empty string', v);
  };
  if (doc === null || typeof doc !== 'object') return fail('(root)', 'a mapping', doc);
  const scenarios = doc.scenarios ?? {};
  if (typeof scenarios !== 'object' || scenarios === null || Array.isArray(scenarios))
    fail('scenarios', 'a mapping of scenario name to settings', scenarios);
  const kubeVersion = text(doc.kubeVersion, 'kubeVersion', true);
  return {
    releaseName: text(doc.releaseName, 'releaseName')!,
    namespace: text(doc.namespace, 'namespace')!,
    ...(kubeVersion === undefined ? {} : { kubeVersion }),
    scenarios: Object.fromEntries(
      Object.entries(scenarios as Record<string, { kubeVersion?: unknown } | null>).map(([name, s]) => {
        const v = text(s?.kubeVersion, `scenarios.${name}.kubeVersion`, true);
        return [name, v === undefined ? {} : { kubeVersion: v }];
      }),
    ),
  };
}

/**
 * The scenarios of a chart: one per `ci/*-values.yaml`, or its own values.yaml when it has none,
 * each rendered as the chart ships (release name, namespace and Kubernetes version from
 * `ci/release.yaml`). Without that file the release is named after the chart folder.
 */
export function chartScenarios(chartDir: string): Scenario[] {
  const ci = join(chartDir, 'ci');
  const files = existsSync(ci)
    ? readdirSync(ci)
        .filter((f) => f.endsWith('-values.yaml'))
        .sort()
    : [];
  const release = chartRelease(chartDir);
  const settings = (name: string): Omit<Scenario, 'name' | 'values'> => {
    if (!release) return { releaseName: basename(resolve(chartDir)) };
    const kubeVersion = release.scenarios[name]?.kubeVersion ?? release.kubeVersion;
    return {
      releaseName: release.releaseName,
      namespace: release.namespace,
      ...(kubeVersion === undefined ? {} : { kubeVersion }),
    };
  };
  if (files.length === 0) return [{ name: 'values.yaml', values: {}, ...settings('values.yaml') }];
  return files.map((f) => {
    const name = f.replace(/-values\.yaml$/, '');
    return {
      name,
      values: (parse(readFileSync(join(ci, f), 'utf8')) as Record<string, unknown> | null) ?? {},
      ...settings(name),
    };
  });
}

/**
 * Kinds without a model package that a chart may emit (e.g. Gatekeeper constraints), listed in
 * `<chart-dir>/ci/harness.yaml` as `allowKinds: [group/version/Kind, ...]`. The chart's own
 * package tests must validate those objects strictly.
 */
export function chartAllowKinds(chartDir: string): string[] {
  return harnessList(chartDir, 'allowKinds', 'group/version/Kind') ?? [];
}

/**
 * Workloads that need host access by design (`<chart-dir>/ci/harness.yaml`, `hostAccess:
 * [group/version/Kind/name, ...]`): the restricted pod-security check skips them. The chart's
 * namespace must allow it: the fleet check podSecurity still holds it to its namespace's level.
 */
export function chartHostAccess(chartDir: string): string[] {
  return harnessList(chartDir, 'hostAccess', 'group/version/Kind/name', true) ?? [];
}

function harnessList(chartDir: string, key: string, form: string, optional = false): string[] | undefined {
  const file = join(chartDir, 'ci', 'harness.yaml');
  if (!existsSync(file)) return undefined;
  const doc = parse(readFileSync(file, 'utf8')) as Record<string, unknown> | null;
  const kinds = doc?.[key];
  if (optional && kinds === undefined) return undefined;
  if (!Array.isArray(kinds) || kinds.some((k) => typeof k !== 'string')) {
    throw new ScenarioError(
      `${file}: ${key}: expected a list of ${form} strings, found ${JSON.stringify(kinds)}`,
    );
  }
  return kinds as string[];
}
