import { execFile } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PlatformError } from '@platform/errors';
import { stringify } from 'yaml';
import type { RenderedObject } from './types.ts';

/**
 * The real Prometheus and Alertmanager command line tools, for testing what our charts and
 * components render: `promtool check rules`, `promtool test rules` (unit tests of alerting and
 * recording rules on synthetic series) and `amtool check-config` / `amtool config routes test`.
 * `scripts/setup.sh` installs them from the Debian packages `prometheus` and
 * `prometheus-alertmanager`. Nothing here knows about a particular component: the observability
 * component checks its infrastructure alerts with it, OpenCost its budget rules.
 * @see https://prometheus.io/docs/prometheus/latest/configuration/unit_testing_rules/
 * @see https://prometheus.io/docs/alerting/latest/configuration/
 */

/** A tool this module runs. */
export type PromTool = 'promtool' | 'amtool';

/** Debian package that ships each tool (what `scripts/setup.sh` installs). */
export const PROM_TOOL_PACKAGES: Readonly<Record<PromTool, string>> = {
  promtool: 'prometheus',
  amtool: 'prometheus-alertmanager',
};

/** The tool was not found: names the places tried and the Debian package to install. */
export class PromToolNotFoundError extends PlatformError {
  readonly tool: PromTool;
  readonly tried: readonly string[];
  constructor(tool: PromTool, tried: readonly string[]) {
    super(
      `${tool} was not found; looked at: ${tried.join(', ') || '(empty PATH)'}. ` +
        `Install the Debian package \`${PROM_TOOL_PACKAGES[tool]}\` (\`bash scripts/setup.sh\` does it), ` +
        `or set ${envVar(tool)} to a ${tool} binary.`,
    );
    this.tool = tool;
    this.tried = tried;
  }
}

/** promtool/amtool exited non-zero: `output` holds what the tool printed (stdout and stderr). */
export class PromToolCheckError extends PlatformError {
  readonly tool: PromTool;
  readonly args: readonly string[];
  readonly output: string;
  constructor(tool: PromTool, args: readonly string[], output: string) {
    super(`${tool} ${args.join(' ')} failed:\n${output.trim()}`);
    this.tool = tool;
    this.args = args;
    this.output = output;
  }
}

/** Where to look for a tool; both fields default to the real environment. */
export interface PromToolLookup {
  env?: NodeJS.ProcessEnv;
}

const envVar = (tool: PromTool) => `${tool.toUpperCase()}_BIN`;

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const cache = new Map<PromTool, string>();

/**
 * Finds `promtool` or `amtool`: `$PROMTOOL_BIN` / `$AMTOOL_BIN` first (it must be executable),
 * then every directory of `PATH`. Throws {@link PromToolNotFoundError} naming the Debian package
 * to install. The default lookup is memoized.
 */
export function locatePromTool(tool: PromTool, lookup?: PromToolLookup): string {
  if (lookup === undefined && cache.has(tool)) return cache.get(tool)!;
  const env = lookup?.env ?? process.env;
  const explicit = env[envVar(tool)];
  if (explicit) {
    if (!isExecutable(explicit)) throw new PromToolNotFoundError(tool, [explicit]);
    return explicit;
  }
  const tried: string[] = [];
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    const path = join(dir, tool);
    if (tried.includes(path)) continue;
    tried.push(path);
    if (isExecutable(path)) {
      if (lookup === undefined) cache.set(tool, path);
      return path;
    }
  }
  throw new PromToolNotFoundError(tool, tried);
}

/** One rule group as Prometheus reads it from a rule file (and a PrometheusRule's `spec.groups`). */
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Record<string, unknown>[];
  [key: string]: unknown;
}

/** Rule groups of one rendered PrometheusRule, named by the object. */
export interface PrometheusRuleGroups {
  /** `namespace/name` of the PrometheusRule (the name alone when it has no namespace). */
  object: string;
  groups: RuleGroup[];
}

interface RuleObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; namespace?: unknown };
  spec?: { groups?: RuleGroup[] };
}

/** Output of a tool that succeeded. */
export interface PromToolResult {
  output: string;
}

/**
 * The `spec.groups` of every `monitoring.coreos.com` PrometheusRule among rendered objects
 * (from {@link renderChart} or {@link checkChart}), one entry per object, in render order.
 */
export function ruleGroupsFromObjects(
  objects: readonly (RenderedObject | Record<string, unknown>)[],
): PrometheusRuleGroups[] {
  const out: PrometheusRuleGroups[] = [];
  for (const o of objects) {
    const manifest = ('manifest' in o && typeof o.manifest === 'object' ? o.manifest : o) as RuleObject;
    if (manifest?.kind !== 'PrometheusRule') continue;
    if (!String(manifest.apiVersion ?? '').startsWith('monitoring.coreos.com/')) continue;
    const name = String(manifest.metadata?.name ?? '');
    const ns = manifest.metadata?.namespace;
    out.push({
      object: typeof ns === 'string' && ns !== '' ? `${ns}/${name}` : name,
      groups: manifest.spec?.groups ?? [],
    });
  }
  return out;
}

/** Every group of {@link ruleGroupsFromObjects}, flattened (a rule file holds them all). */
export function allRuleGroups(rules: readonly PrometheusRuleGroups[]): RuleGroup[] {
  return rules.flatMap((r) => r.groups);
}

function runTool(tool: PromTool, args: string[], cwd?: string): Promise<PromToolResult> {
  const bin = locatePromTool(tool);
  return new Promise((resolvePromise, reject) => {
    execFile(bin, args, { cwd, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const output = `${stdout ?? ''}${stderr ?? ''}`;
      if (error) reject(new PromToolCheckError(tool, args, output || error.message));
      else resolvePromise({ output });
    });
  });
}

async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'prom-tools-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A rule file's text: `groups:` as YAML. */
export function ruleFileText(groups: readonly RuleGroup[]): string {
  return stringify({ groups }, { lineWidth: 0 });
}

/**
 * `promtool check rules` on the groups (written to one temporary rule file): syntax of every
 * expression, durations, duplicate group names, label and annotation templates. Resolves with
 * promtool's output; rejects with {@link PromToolCheckError} carrying it.
 */
export function promtoolCheckRules(groups: readonly RuleGroup[]): Promise<PromToolResult> {
  return withTempDir(async (dir) => {
    const file = join(dir, 'rules.yaml');
    await writeFile(file, ruleFileText(groups));
    return runTool('promtool', ['check', 'rules', file]);
  });
}

/** A synthetic series of a unit test: `series` selector and `values` in expanding notation. */
export interface InputSeries {
  series: string;
  values: string;
}

/** An expected alert of an `alert_rule_test`. */
export interface ExpectedAlert {
  exp_labels?: Record<string, string>;
  exp_annotations?: Record<string, string>;
}

/** One `alert_rule_test`: at `eval_time`, alert `alertname` must fire exactly as `exp_alerts` (empty: silent). */
export interface AlertRuleTest {
  eval_time: string;
  alertname: string;
  exp_alerts: ExpectedAlert[];
}

/** One `promql_expr_test` (for recording rules or any expression). */
export interface PromqlExprTest {
  expr: string;
  eval_time: string;
  exp_samples: { labels: string; value: number | string }[];
}

/** One test case of a promtool unit-test file. */
export interface RuleTestCase {
  name?: string;
  interval: string;
  input_series: InputSeries[];
  alert_rule_test?: AlertRuleTest[];
  promql_expr_test?: PromqlExprTest[];
  external_labels?: Record<string, string>;
}

/** Input of {@link promtoolTestRules}: the rules (as groups, or rule-file texts) and the tests. */
export interface PromtoolTestInput {
  /** Rule groups, written to one rule file. */
  groups?: readonly RuleGroup[];
  /** Rule files' contents (YAML text with `groups:`), each written to its own file. */
  ruleFiles?: readonly string[];
  tests: readonly RuleTestCase[];
  /** `evaluation_interval` of the test file; promtool's default is 1m. */
  evaluationInterval?: string;
}

/**
 * `promtool test rules`: writes the rule file(s) and a unit-test file referring to them, and runs
 * the tests. Resolves with promtool's output when every test passes; rejects with
 * {@link PromToolCheckError} whose output names each failing alert with the expected and the
 * actual alerts.
 */
export async function promtoolTestRules(input: PromtoolTestInput): Promise<PromToolResult> {
  const texts = [...(input.groups ? [ruleFileText(input.groups)] : []), ...(input.ruleFiles ?? [])];
  if (texts.length === 0) throw new PromToolCheckError('promtool', ['test', 'rules'], 'no rules given');
  return withTempDir(async (dir) => {
    const ruleFiles: string[] = [];
    for (const [i, text] of texts.entries()) {
      const name = `rules-${i}.yaml`;
      await writeFile(join(dir, name), text);
      ruleFiles.push(name);
    }
    const testFile = join(dir, 'tests.yaml');
    await writeFile(
      testFile,
      stringify(
        {
          rule_files: ruleFiles,
          ...(input.evaluationInterval ? { evaluation_interval: input.evaluationInterval } : {}),
          tests: input.tests,
        },
        { lineWidth: 0 },
      ),
    );
    return runTool('promtool', ['test', 'rules', testFile], dir);
  });
}

/**
 * `amtool check-config` on an Alertmanager configuration object (alertmanager.yml as parsed
 * YAML). Resolves with amtool's summary; rejects with {@link PromToolCheckError}.
 */
export function amtoolCheckConfig(config: Record<string, unknown>): Promise<PromToolResult> {
  return withTempDir(async (dir) => {
    const file = join(dir, 'alertmanager.yml');
    await writeFile(file, stringify(config, { lineWidth: 0 }));
    return runTool('amtool', ['check-config', file]);
  });
}

/**
 * `amtool config routes test`: the receivers an alert with these labels is routed to, in order
 * (a route with `continue: true` adds the next matching one).
 */
export async function amtoolRoutes(
  config: Record<string, unknown>,
  labels: Readonly<Record<string, string>>,
): Promise<string[]> {
  return withTempDir(async (dir) => {
    const file = join(dir, 'alertmanager.yml');
    await writeFile(file, stringify(config, { lineWidth: 0 }));
    const args = [
      'config',
      'routes',
      'test',
      `--config.file=${file}`,
      ...Object.entries(labels).map(([k, v]) => `${k}=${v}`),
    ];
    const { output } = await runTool('amtool', args);
    // amtool prints the receivers comma-separated on one line, plus a warning that
    // --config.file overrides --alertmanager.url
    const line = output
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('Warning:'));
    return line ? line.split(',').map((r) => r.trim()) : [];
  });
}
