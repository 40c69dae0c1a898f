// @ts-check
/**
 * The files of a new platform component, as the `component` generator writes them. Kept apart
 * from the nx wrapper (generator.mjs) so tests can write them into a scratch workspace.
 *
 * The component starts disabled on every cluster (`enabledByDefault: () => false`): the command
 * line discovers it by itself (every package under packages/components with a `src/index.ts`),
 * but the GitOps tree of the fleet only changes once someone turns it on.
 */

/**
 * A component name: a DNS-1123 label that starts with a letter (the same pattern as
 * `COMPONENT_NAME_PATTERN` in @platform/core; a test keeps the two equal).
 */
export const NAME_PATTERN = /^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Helm release names are at most 53 characters and our chart's release is `<name>-config`. */
export const MAX_NAME_LENGTH = 53 - '-config'.length;

/**
 * @typedef {object} ComponentOptions
 * @property {string} name DNS-1123 component name
 * @property {string} [description] one line for package.json, Chart.yaml and the generated README
 * @property {string} [namespace] namespace it installs into; defaults to the name
 * @property {boolean} [chart] also write our chart `charts/<name>` (default true)
 */

/**
 * Why `name` cannot be a new component, or undefined when it can: not a DNS-1123 label, too
 * long for its chart's release name, or already taken by a package or a chart.
 * @param {unknown} name
 * @param {(path: string) => boolean} exists whether a workspace-relative path exists
 * @returns {string | undefined}
 */
export function componentNameProblem(name, exists) {
  if (typeof name !== 'string' || !NAME_PATTERN.test(name)) {
    return (
      `component name: expected a DNS-1123 label (lower-case letters, digits and "-", starting ` +
      `with a letter, ending with a letter or digit), found ${JSON.stringify(name)}`
    );
  }
  if (name.length > MAX_NAME_LENGTH) {
    return (
      `component name: expected at most ${MAX_NAME_LENGTH} characters (its chart's release ` +
      `"${name}-config" must fit Helm's 53), found ${name.length}`
    );
  }
  for (const dir of [`packages/components/${name}`, `charts/${name}`]) {
    if (exists(dir)) return `component name: expected a new name, found ${dir} already exists`;
  }
  return undefined;
}

/** A single-quoted TypeScript string literal, as the formatter writes it. */
function tsString(text) {
  if (text.includes("'") && !text.includes('"')) return JSON.stringify(text);
  return `'${text.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`;
}

/** `node-problem-detector` -> `nodeProblemDetector`. */
function camel(name) {
  return name.replace(/-([a-z0-9])/g, (_, c) => c.toUpperCase());
}

/**
 * Every file of the new component (workspace-relative path -> content). Call
 * {@link componentNameProblem} first.
 * @param {ComponentOptions} options
 * @returns {Map<string, string>}
 */
export function componentFiles(options) {
  const name = options.name;
  const withChart = options.chart !== false;
  const namespace = options.namespace ?? name;
  const description = options.description ?? `The ${name} component`;
  const id = camel(name);
  const pkgDir = `packages/components/${name}`;
  const files = new Map();

  files.set(
    `${pkgDir}/package.json`,
    `${JSON.stringify(
      {
        name: `@platform/component-${name}`,
        version: '0.1.0',
        private: true,
        type: 'module',
        description,
        exports: { '.': './src/index.ts' },
        nx: { name: `component-${name}` },
        scripts: { test: 'vitest run', typecheck: 'tsc -p tsconfig.json' },
        dependencies: { '@platform/core': 'workspace:*', zod: '4.6.7' },
        devDependencies: withChart ? { '@platform/chart-harness': 'workspace:*' } : {},
      },
      null,
      2,
    )}\n`,
  );
  files.set(
    `${pkgDir}/tsconfig.json`,
    `{
  "extends": "../../../tsconfig.base.json",
  "include": ["src/**/*.ts", "*.ts"]
}
`,
  );
  files.set(
    `${pkgDir}/vitest.config.ts`,
    `import { sharedTestConfig } from '../../../vitest.shared.ts';

export default sharedTestConfig;
`,
  );
  files.set(
    `${pkgDir}/src/index.ts`,
    `export { ${id}Component as default, ${id}Component } from './component.ts';
export { ${id}Rules } from './rules.ts';
export { ${withChart ? 'type ChartValues, chartValues' : `type ${id}UpstreamValues`} } from './schema.ts';
export { ${id}Layers, NAMESPACE } from './values.ts';
`,
  );
  files.set(`${pkgDir}/src/component.ts`, componentTs(name, id, description, withChart));
  files.set(`${pkgDir}/src/values.ts`, valuesTs(name, id, namespace, withChart));
  files.set(`${pkgDir}/src/schema.ts`, schemaTs(name, id, withChart));
  files.set(`${pkgDir}/src/rules.ts`, rulesTs(id, withChart));
  files.set(`${pkgDir}/src/component.test.ts`, withChart ? chartTestTs(name) : valuesTestTs(name));
  if (withChart) for (const [path, content] of chartFiles(name, description)) files.set(path, content);
  return files;
}

function componentTs(name, id, description, withChart) {
  return `import { type ComponentDefinition, defineComponent } from '@platform/core';
import { ${id}Rules } from './rules.ts';
${withChart ? "import { chartValues } from './schema.ts';\n" : ''}import { ${id}Layers, NAMESPACE } from './values.ts';

/**
 * ${description}.
 * Off on every cluster until turned on: set \`enabledByDefault\` (it may depend on the
 * environment), or \`components: { ${name}: { enabled: true } }\` in one cluster's file under
 * gitops/clusters, then run \`pnpm gen:files\` and review the changed GitOps tree.
 */
export const ${id}Component: ComponentDefinition = defineComponent({
  name: '${name}',
  namespace: NAMESPACE,
  description: ${tsString(description)},
  // Upstream charts: { id, repoURL, chart, version (exact), valuesSchema } each; add the chart to
  // the pinned list that \`pnpm charts:pull\` reads, so the tests can render it.
  upstreamCharts: [],
${withChart ? '  chart: { valuesSchema: chartValues },\n' : ''}  dependsOn: [],
  // Components whose presence the values or rules look at (ctx.enabledComponents.has(name))
  // without needing them installed first; asking about an undeclared one throws.
  integrates: [],
  enabledByDefault: () => false,
  values: ${id}Layers,
  rules: ${id}Rules,
  // Every kind the charts render: the cluster's Argo CD AppProject permits only these.
  resources: {
    cluster: [],
    namespaced: [${withChart ? "{ group: '', kind: 'ConfigMap' }" : ''}],
  },
});
`;
}

function valuesTs(name, id, namespace, withChart) {
  if (!withChart) {
    return `import type { ClusterContext, LayeredValues } from '@platform/core';

/** Namespace of the component. */
export const NAMESPACE = '${namespace}';

/**
 * The values of ${name} per layer (defaults, environment, region, role) and per target: one
 * key per upstream chart id, checked against its \`valuesSchema\` after merging.
 */
export function ${id}Layers(_ctx: ClusterContext): LayeredValues {
  return { defaults: {} };
}
`;
  }
  return `import { type ClusterContext, type TypedLayeredValues, workloadLabelsFor } from '@platform/core';
import type { ChartValues, Targets } from './schema.ts';

/** Namespace of the component. */
export const NAMESPACE = '${namespace}';

/**
 * The values of ${name} per layer (defaults, environment, region, role) and per target
 * (\`chart\` for our chart, an upstream chart's id for its values). Layers merge deeply, lowest
 * first; the inventory's per-cluster overrides come last.
 */
export function ${id}Layers(ctx: ClusterContext): TypedLayeredValues<Targets> {
  const chart: ChartValues = {
    labels: workloadLabelsFor(ctx),
    settings: {},
  };
  return { defaults: { chart } };
}
`;
}

function schemaTs(name, id, withChart) {
  if (!withChart) {
    return `import { z } from 'zod';

/**
 * Strict schema of the values we set on the upstream chart (only the keys we set; check the
 * names against the chart's values.yaml at the pinned version). An unknown key is an error.
 */
export const ${id}UpstreamValues = z
  .strictObject({})
  .meta({ title: '${name} upstream chart values (the keys we set)' });
export type ${id}UpstreamValues = z.infer<typeof ${id}UpstreamValues>;
`;
  }
  return `import { workloadLabels } from '@platform/core';
import { z } from 'zod';

/**
 * Strict schema of the values of our chart \`charts/${name}\`; its \`values.schema.json\` is
 * generated from it by \`pnpm gen:files\`. Describe every key: the descriptions end up in the
 * JSON schema that editors and helm read.
 */
export const chartValues = z
  .strictObject({
    labels: workloadLabels,
    settings: z
      .record(z.string().regex(/^[-._a-zA-Z0-9]+$/, 'a ConfigMap key'), z.string())
      .meta({ description: 'Keys and values of the ${name}-settings ConfigMap' }),
  })
  .meta({ title: 'charts/${name} values' });
export type ChartValues = z.infer<typeof chartValues>;
/** The component's values targets with their schemas (\`chart\` is our chart). */
export type Targets = { chart: typeof chartValues };
`;
}

function rulesTs(id, withChart) {
  if (!withChart) {
    return `import type { ComponentRule } from '@platform/core';

/**
 * Cross-field rules, checked on the merged values of every cluster; each failure names the
 * dotted path (prefixed with the target), what was expected and what was found.
 */
export const ${id}Rules: readonly ComponentRule[] = [];
`;
  }
  return `import type { TypedComponentRule } from '@platform/core';
import type { Targets } from './schema.ts';

/**
 * Cross-field rules, checked on the merged values of every cluster; each failure names the
 * dotted path (prefixed with the target), what was expected and what was found.
 */
export const ${id}Rules: readonly TypedComponentRule<Targets>[] = [
  {
    id: 'environment-label-matches-cluster',
    description: "the environment label is the cluster's environment (cost reports and policies read it)",
    check: (values, ctx) => {
      const found = values.chart.labels.environment;
      return found === ctx.environment.name
        ? undefined
        : [{ path: 'chart.labels.environment', expected: ctx.environment.name, found }];
    },
  },
];
`;
}

function chartTestTs(name) {
  return `import { join, resolve } from 'node:path';
import { chartAllowKinds, checkChart } from '@platform/chart-harness';
import { computeFleet, type Fleet, type Values } from '@platform/core';
import { loadFleetFor, withClusterOverride } from '@platform/core/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import component, { type ChartValues, NAMESPACE } from './index.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const CHART_DIR = join(ROOT, 'charts/${name}');
/** How Argo CD installs our chart: release \`<component>-config\` in the component's namespace. */
const RELEASE = { releaseName: '${name}-config', namespace: NAMESPACE } as const;
const COMPONENTS = [component];

let fleet: Fleet;
beforeAll(async () => {
  // the component starts disabled: turn it on in every cluster of the real fleet
  const loaded = await loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
  fleet = loaded.clusters.reduce((f, c) => withClusterOverride(f, c.name, '${name}', {}, true), loaded);
});

function withOverride(cluster: string, values: Record<string, Values>): Fleet {
  return withClusterOverride(fleet, cluster, '${name}', values, true);
}

function compute(f: Fleet) {
  const { clusters, issues } = computeFleet(f, COMPONENTS);
  const values = new Map<string, { environment: string; chart: ChartValues }>();
  for (const cc of clusters) {
    const comp = cc.components.find((c) => c.definition.name === '${name}');
    if (comp === undefined) continue;
    values.set(cc.context.cluster.name, {
      environment: cc.context.environment.name,
      chart: comp.targets.chart!.values as ChartValues,
    });
  }
  return { issues, values };
}

describe('${name} values', () => {
  it('computes the values of every cluster, labelled with its environment', () => {
    const { issues, values } = compute(fleet);
    expect(issues).toEqual([]);
    expect(values.size).toBe(fleet.clusters.length);
    for (const v of values.values()) expect(v.chart.labels.environment).toBe(v.environment);
  });

  it('refuses a wrong environment label and an unknown key, naming cluster, path, expected and found', () => {
    const cluster = fleet.clusters.find((c) => c.environment === 'development')!.name;
    const wrong = withOverride(cluster, { chart: { labels: { environment: 'production' } } });
    expect(compute(wrong).issues).toEqual([
      expect.objectContaining({
        code: 'rule:environment-label-matches-cluster',
        cluster,
        component: '${name}',
        path: 'chart.labels.environment',
        expected: 'development',
        found: 'production',
      }),
    ]);
    const typo = withOverride(cluster, { chart: { setting: { a: 'b' } } });
    expect(compute(typo).issues.map((i) => \`\${i.code} \${i.path}\`)).toEqual(['unknown-key chart.setting']);
  });
});

describe('charts/${name} rendered with the real helm for every cluster', () => {
  it('renders clean (schemas, labels, policies) with the labels on every object', async () => {
    const { values } = compute(fleet);
    const scenarios = [...values].map(([cluster, v]) => ({ name: cluster, values: v.chart, ...RELEASE }));
    const result = await checkChart(CHART_DIR, scenarios, { allowKinds: chartAllowKinds(CHART_DIR) });
    expect(result.findings).toEqual([]);
    for (const [cluster, v] of values) {
      const objects = result.objects.get(cluster)!.map((o) => o.manifest as Record<string, any>);
      expect(objects.map((o) => \`\${o.kind} \${o.metadata.namespace}/\${o.metadata.name}\`)).toEqual([
        \`ConfigMap \${NAMESPACE}/${name}-settings\`,
      ]);
      for (const o of objects) expect(o.metadata.labels).toMatchObject(v.chart.labels);
    }
  });
});
`;
}

function valuesTestTs(name) {
  return `import { join, resolve } from 'node:path';
import { computeFleet } from '@platform/core';
import { loadFleetFor, withClusterOverride } from '@platform/core/testing';
import { describe, expect, it } from 'vitest';
import component from './index.ts';

const ROOT = resolve(import.meta.dirname, '../../../..');
const COMPONENTS = [component];

describe('${name} values', () => {
  it('computes every cluster without issues once turned on', async () => {
    const loaded = await loadFleetFor(join(ROOT, 'gitops'), COMPONENTS);
    const fleet = loaded.clusters.reduce((f, c) => withClusterOverride(f, c.name, '${name}', {}, true), loaded);
    const { clusters, issues } = computeFleet(fleet, COMPONENTS);
    expect(issues).toEqual([]);
    const enabled = clusters.filter((cc) => cc.components.some((c) => c.definition.name === '${name}'));
    expect(enabled.length).toBe(fleet.clusters.length);
  });
});
`;
}

/** @returns {[string, string][]} */
function chartFiles(name, description) {
  const dir = `charts/${name}`;
  return [
    [
      `${dir}/Chart.yaml`,
      `apiVersion: v2
name: ${name}
description: ${JSON.stringify(description)}
type: application
version: 0.1.0
appVersion: "0.1.0"
kubeVersion: ">=1.28.0-0"
maintainers:
  - name: platform-engineering
`,
    ],
    [
      `${dir}/values.yaml`,
      `# Values of the ${name} chart. The generator writes them per cluster from
# packages/components/${name} (src/values.ts); values.schema.json, generated from the zod schema
# in src/schema.ts by pnpm gen:files, checks them. Keep these defaults what a development
# cluster gets, and every key commented.

# -- Labels on every object: the labels Gatekeeper requires on workloads
labels:
  # -- Cost allocation label (the cluster's cost-center)
  cost-center: platform-engineering
  # -- Platform layer, l00 to l11
  layer: l00
  # -- Environment of the cluster: development, staging or production
  environment: development

# -- Keys and values of the ${name}-settings ConfigMap
settings: {}
`,
    ],
    [
      `${dir}/templates/_helpers.tpl`,
      `{{/* Labels on every object: cost allocation, layer, environment, app.kubernetes.io. */}}
{{- define "${name}.labels" -}}
cost-center: {{ index .Values.labels "cost-center" | quote }}
layer: {{ .Values.labels.layer | quote }}
environment: {{ .Values.labels.environment | quote }}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/part-of: infrastructure
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{- end -}}
`,
    ],
    [
      `${dir}/templates/configmap.yaml`,
      `apiVersion: v1
kind: ConfigMap
metadata:
  name: ${name}-settings
  namespace: {{ .Release.Namespace }}
  labels:
    {{- include "${name}.labels" . | nindent 4 }}
data:
  {{- toYaml .Values.settings | nindent 2 }}
`,
    ],
    [
      `${dir}/ci/edge-production-values.yaml`,
      `# Hand-written scenario (pnpm gen:files adds one per cluster that enables the component): a
# production cluster with one setting, so the chart is rendered and checked from the start.
labels:
  cost-center: platform-engineering
  layer: l00
  environment: production
settings:
  example: "on"
`,
    ],
  ];
}
